import Foundation
import RateCard

/// Runs the tests written inside a card (`test "..." { ... }`): builds its participants and
/// claims, evaluates them, and compares every expectation with the ledger.
public struct InlineTestRunner {
  public struct Result: Sendable {
    public var name: String
    public var failures: [String]
    public var ledger: ClaimLedger
    public var passed: Bool { failures.isEmpty }
  }

  public static func run(_ card: CheckedCard) -> [Result] {
    let compiler = Compiler(card: card)
    return card.tests.map { run($0, VersionedCard(single: Compiler.compile(card)), compiler) }
  }

  /// Runs a card's tests against its dated history: each claim is priced by the version in
  /// force for it, as `ratecard eval` does.
  public static func run(_ versions: [CheckedVersion]) -> [Result] {
    guard let original = versions.first else { return [] }
    let history = VersionedCard(versions)
    let compiler = Compiler(card: original.card)
    return original.card.tests.map { run($0, history, compiler) }
  }

  static func run(_ test: TestDeclaration, _ history: VersionedCard, _ compiler: Compiler)
    -> Result
  {
    let card = history.latest
    var participants: [ParticipantRecord] = []
    var claims: [ClaimRecord] = []
    for item in test.items {
      switch item.kind {
      case .participant(let id, let fields):
        var values = Array(repeating: Value.missing, count: card.participantSchema.fields.count)
        values[0] = .text(id.name)
        values[1] = .text("test")
        assign(fields, to: &values, schema: card.participantSchema, compiler)
        participants.append(ParticipantRecord(id: id.name, values: FieldValues(values)))
      case .claim(let id, let participant, let outcome, let on, let evidence, let fields):
        var values = Array(repeating: Value.missing, count: card.claimSchema.fields.count)
        let day: DayNumber? =
          if case .date(let day) = compiler.compile(on).evaluate([], []) { day } else { nil }
        values[0] = .text(id.name)
        values[1] = .text(outcome.name)
        values[2] = day.map(Value.date) ?? .missing
        assign(fields, to: &values, schema: card.claimSchema, compiler)
        claims.append(
          ClaimRecord(
            id: id.name, participantID: participant.name, outcome: outcome.name, achievedOn: day,
            evidence: evidence.map(\.name), values: FieldValues(values)))
      default: break
      }
    }
    let ledger = Evaluator.evaluate(history, participants: participants, claims: claims)
    var failures: [String] = []
    let currency = card.currency
    func money(_ units: Int64) -> String { Money(minorUnits: units, currency: currency).formatted }
    for item in test.items {
      switch item.kind {
      case .expectClaim(let claim, let status, let amount, let reasons):
        guard let entry = ledger.entry(claim.name) else {
          failures.append("expect \(claim.name): no such claim in the ledger")
          continue
        }
        let expectedAmount = amount.flatMap { amountValue($0, compiler) }
        let expectedReasons = Set(reasons.map(\.name))
        let actualReasons = Set(entry.reasons.map(\.rawValue))
        let statusMatches = entry.status.rawValue == status.name
        let amountMatches = expectedAmount == nil || expectedAmount == entry.amount
        let reasonsMatch = reasons.isEmpty || expectedReasons == actualReasons
        if !(statusMatches && amountMatches && reasonsMatch) {
          var expected = "\(status.name)"
          if let expectedAmount { expected += " \(money(expectedAmount))" }
          if !reasons.isEmpty {
            expected += " because \(reasons.map(\.name).joined(separator: ", "))"
          }
          var actual = "\(entry.status.rawValue) \(money(entry.amount))"
          if !entry.reasons.isEmpty {
            actual += " because \(entry.reasons.map(\.rawValue).joined(separator: ", "))"
          }
          failures.append(
            "claim \(claim.name):\n    - expected: \(expected)\n    + actual:   \(actual)\n      (\(entry.message))"
          )
        }
      case .expectTotal(let amount):
        if let expected = amountValue(amount, compiler), expected != ledger.total {
          failures.append(
            "total:\n    - expected: \(money(expected))\n    + actual:   \(money(ledger.total))")
        }
      case .expectPayer(let payer, let amount):
        guard let index = card.payers.firstIndex(where: { $0.id == payer.name }),
          let expected = amountValue(amount, compiler)
        else { continue }
        let actual = ledger.entries.lazy.map { $0.payerAmounts[index] }.saturatingSum()
        if actual != expected {
          failures.append(
            "payer \(payer.name):\n    - expected: \(money(expected))\n    + actual:   \(money(actual))"
          )
        }
      default: break
      }
    }
    return Result(name: test.name, failures: failures, ledger: ledger)
  }

  static func amountValue(_ expression: RateCard.Expression, _ compiler: Compiler) -> Int64? {
    if case .money(let units) = compiler.compile(expression).evaluate([], []) { return units }
    return nil
  }

  static func assign(
    _ fields: [TestDeclaration.FieldValue], to values: inout [Value], schema: Schema,
    _ compiler: Compiler
  ) {
    for field in fields {
      guard let index = schema.index[field.name.name] else { continue }
      values[index] = compiler.compile(field.value, choices: schema.fields[index].choices)
        .evaluate([], [])
    }
  }
}
