import Foundation

/// The contract envelope: the limits the contract, not the change panel, sets on every
/// revision. A revision that breaks one is an error naming the revision, the clause and the
/// envelope rule (docs/change-panels.md).
extension Checker {
  mutating func checkEnvelope(_ file: CardFile, versions: [CheckedVersion]) {
    let rules = file.declarations.flatMap { declaration -> [EnvelopeDeclaration.Rule] in
      if case .envelope(let envelope) = declaration { return envelope.rules }
      return []
    }
    guard let original = versions.first, !rules.isEmpty else { return }
    for rule in rules {
      if case .evidenceFloor(let ids, let strength) = rule.kind {
        if EvidenceStrength(rawValue: strength.name) == nil {
          unknown(
            "evidence strength", strength, candidates: EvidenceStrength.allCases.map(\.rawValue))
        }
        for id in ids where original.card.outcomes[id.name] == nil {
          unknown("outcome", id, candidates: original.card.outcomeOrder)
        }
      }
    }
    for (index, version) in versions.enumerated() {
      let previous = index > 0 ? versions[index - 1] : nil
      for rule in rules {
        check(rule, version: version, previous: previous, original: original)
      }
    }
  }

  /// Where to point for a revision's change to an outcome: its `change`, `add` or caps item,
  /// else the revision's label.
  func span(of id: String?, in revision: RevisionDeclaration) -> SourceSpan {
    for change in revision.changes {
      switch change.kind {
      case .change(let target, _, _) where target.name == id: return change.span
      case .add(let declaration) where CardHistory.outcomeIDs(of: declaration).contains(id ?? ""):
        return change.span
      case .caps where id == nil: return change.span
      default: continue
      }
    }
    return revision.labelSpan
  }

  mutating func breaks(
    _ rule: EnvelopeDeclaration.Rule, _ version: CheckedVersion, at span: SourceSpan,
    _ message: String
  ) {
    let who = version.revision.map { "revision `\($0.label)`" } ?? "the original card"
    error(
      .outsideEnvelope, "\(who) \(message)", at: span,
      help:
        "the contract's envelope allows only revisions within it; change the revision, or the contract",
      notes: [
        DiagnosticNote("the envelope rule: `\(ExpressionPrinter.print(rule.kind))`", at: rule.span)
      ])
  }

  mutating func check(
    _ rule: EnvelopeDeclaration.Rule, version: CheckedVersion, previous: CheckedVersion?,
    original: CheckedVersion
  ) {
    let folder = ConstantFolder(card: version.card)
    let revision = version.revision
    switch rule.kind {
    case .contractCapFixed:
      guard let revision else { return }
      let before = original.card.caps.first { $0.scope == .contract }?.amount
      let after = version.card.caps.first { $0.scope == .contract }?.amount
      if before != after {
        breaks(
          rule, version, at: span(of: nil, in: revision),
          "changes the contract cap from \(before?.formatted ?? "none") to \(after?.formatted ?? "none")"
        )
      }
    case .pricesWithin(let limitExpression):
      guard let revision,
        case .percent(let limit)? = ConstantFolder(card: original.card).fold(limitExpression)
      else { return }
      for id in version.card.outcomeOrder {
        guard let new = version.card.outcomes[id]?.price.flatMap({ folder.fold($0) }),
          let old = original.card.outcomes[id]?.price.flatMap({
            ConstantFolder(card: original.card).fold($0)
          }),
          case .money(let after) = new, case .money(let before) = old, before > 0
        else { continue }
        let change = (Decimal(after) - Decimal(before)) / Decimal(before) * 100
        if change.magnitude > limit {
          let moneyBefore = Money(minorUnits: before, currency: version.card.currency).formatted
          let moneyAfter = Money(minorUnits: after, currency: version.card.currency).formatted
          breaks(
            rule, version, at: span(of: id, in: revision),
            "moves the price of `\(id)` from \(moneyBefore) to \(moneyAfter) (\(Checker.percent(change))), beyond \(limit)% of the original"
          )
        }
      }
    case .newOutcomesInExistingGroups:
      guard let revision, let previous else { return }
      let groups = Set(previous.card.outcomes.values.compactMap { $0.group })
      for id in version.card.outcomeOrder where previous.card.outcomes[id] == nil {
        guard let info = version.card.outcomes[id], case .outcome = info.kind else { continue }
        let group = info.group
        if group == nil || !groups.contains(group!) {
          breaks(
            rule, version, at: span(of: id, in: revision),
            "adds `\(id)` " + (group.map { "in a new group \"\($0)\"" } ?? "with no group")
              + "; the groups are \(groups.sorted().map { "\"\($0)\"" }.joined(separator: ", "))")
        }
      }
    case .evidenceFloor(let ids, let strengthName):
      guard let floor = EvidenceStrength(rawValue: strengthName.name) else { return }
      for id in ids {
        guard let info = version.card.outcomes[id.name],
          let evidenceRule = Checker.baseEvidence(info.clauses)?.rule,
          let weakest = Checker.weakestAccepted(evidenceRule, evidence: version.card.evidence),
          weakest < floor
        else { continue }
        breaks(
          rule, version,
          at: revision.map { span(of: id.name, in: $0) } ?? info.span,
          "lets `\(id.name)` be paid on \(weakest.rawValue) evidence, below \(floor.rawValue)")
      }
    case .perParticipantAtMost(let amountExpression):
      guard case .money(let limit)? = ConstantFolder(card: original.card).fold(amountExpression)
      else { return }
      let liability = Liability.of(version.card)
      let most = liability.perParticipant?.minorUnits
      if most == nil || most! > limit {
        let limitText = Money(minorUnits: limit, currency: version.card.currency).formatted
        breaks(
          rule, version, at: revision?.labelSpan ?? rule.span,
          "can pay one participant \(liability.perParticipant?.formatted ?? "without limit"), more than \(limitText)"
        )
      }
    }
  }

  static func percent(_ value: Decimal) -> String {
    var copy = value
    var rounded = Decimal()
    NSDecimalRound(&rounded, &copy, 1, .plain)
    return (rounded > 0 ? "+" : "") + "\(rounded)%"
  }
}
