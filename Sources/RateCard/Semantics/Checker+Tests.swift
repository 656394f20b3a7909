import Foundation

extension Checker {
  /// Inline tests are checked like rules: every name must resolve and every value must fit
  /// its field, so `ratecard test` never runs a test that cannot mean anything.
  mutating func checkTest(_ test: TestDeclaration) {
    card.tests.append(test)
    var participants: [String: SourceSpan] = [:]
    var claims: [String: SourceSpan] = [:]
    var expectations = 0
    for item in test.items {
      switch item.kind {
      case .participant(let id, let values):
        if let first = participants[id.name] {
          duplicate("participant", id, first: first)
        }
        participants[id.name] = id.span
        checkFieldValues(values, subject: .participant, ownerSpan: id.span, ownerName: id.name)
      case .claim(let id, let participant, let outcome, let date, let evidence, let values):
        if let first = claims[id.name] { duplicate("claim", id, first: first) }
        claims[id.name] = id.span
        if participants[participant.name] == nil {
          unknown(
            "participant", participant, candidates: participants.keys,
            help: "declare `participant \(participant.name) { ... }` earlier in the test")
        }
        if card.outcomes[outcome.name] == nil && outcomeSpans[outcome.name] == nil
          && !laterOutcomes.contains(outcome.name) || ladderDeclarations[outcome.name] != nil
        {
          unknown(
            "outcome", outcome, candidates: outcomeIDs,
            help: ladderDeclarations[outcome.name] != nil
              ? "claim one of the ladder's rungs, such as `\(card.outcomeOrder.first { $0.hasPrefix(outcome.name + "_") } ?? outcome.name)`"
              : nil)
        } else {
          reference(outcome.span, .outcome(outcome.name))
        }
        let dateType = typeOf(date, scope: .constant)
        if !dateType.matches(.date) {
          error(
            .typeMismatch, "a claim's date must be a date, but this is \(dateType)", at: date.span)
        }
        for item in evidence where card.evidence[item.name] == nil {
          unknown("evidence", item, candidates: card.evidence.keys)
        }
        checkFieldValues(values, subject: .claim, ownerSpan: id.span, ownerName: id.name)
      case .expectClaim(let claim, let status, let amount, let reasons):
        expectations += 1
        if claims[claim.name] == nil {
          unknown("claim", claim, candidates: claims.keys, help: "expectations follow their claims")
        }
        let knownStatus = ClaimStatus(rawValue: status.name)
        if knownStatus == nil {
          unknown("claim status", status, candidates: ClaimStatus.allCases.map(\.rawValue))
        }
        if let amount { _ = moneyValue(amount, what: "an expected amount") }
        if knownStatus == .paid && !reasons.isEmpty {
          error(
            .invalidTest, "a paid claim has no reasons", at: reasons[0].span,
            help: "remove `because ...`, or expect `rejected` or `reduced`")
        }
        if knownStatus == .rejected, let amount {
          error(.invalidTest, "a rejected claim pays nothing; remove the amount", at: amount.span)
        }
        for reason in reasons where ReasonCode(rawValue: reason.name) == nil {
          unknown("reason code", reason, candidates: ReasonCode.allCases.map(\.rawValue))
        }
      case .expectTotal(let amount):
        expectations += 1
        _ = moneyValue(amount, what: "an expected total")
      case .expectPayer(let payer, let amount):
        expectations += 1
        if !card.payers.contains(where: { $0.id == payer.name }) {
          unknown("payer", payer, candidates: card.payers.map(\.id))
        }
        _ = moneyValue(amount, what: "an expected payer amount")
      }
    }
    if expectations == 0 {
      error(
        .invalidTest, "test \"\(test.name)\" expects nothing", at: test.span,
        help: "add `expect CLAIM paid £AMOUNT` or `expect total £AMOUNT`")
    }
  }

  mutating func checkFieldValues(
    _ values: [TestDeclaration.FieldValue], subject: FieldsDeclaration.Subject,
    ownerSpan: SourceSpan, ownerName: String
  ) {
    let fields = subject == .participant ? card.participantFields : card.claimFields
    // Ids and the claim's outcome and date are written in the claim line itself.
    let implicit: Set<String> =
      subject == .participant ? ["participant_id"] : ["claim_id", "outcome", "achieved_on"]
    var given: Set<String> = []
    for value in values {
      guard let field = fields[value.name.name], !implicit.contains(value.name.name) else {
        unknown(
          "\(subject.rawValue) field", value.name,
          candidates: fields.keys.filter { !implicit.contains($0) })
        _ = typeOf(value.value, scope: .constant)
        continue
      }
      if !given.insert(value.name.name).inserted {
        error(.duplicateName, "`\(value.name.name)` is given twice", at: value.name.span)
      }
      let type = typeOf(value.value, expecting: field.type, scope: .constant)
      if !type.matches(field.type) {
        error(
          .typeMismatch, "`\(value.name.name)` is \(field.type), but this value is \(type)",
          at: value.value.span)
      }
    }
    for field in fields.values.sorted(by: { $0.name < $1.name })
    where !field.optional && !implicit.contains(field.name) && !given.contains(field.name)
      && !(subject == .participant && field.name == "provider")
    {
      error(
        .invalidTest,
        "\(subject.rawValue) `\(ownerName)` has no `\(field.name)`, which is required",
        at: ownerSpan, help: "add `\(field.name): ...`")
    }
  }
}
