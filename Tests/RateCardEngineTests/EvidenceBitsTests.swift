import Foundation
import RateCard
import Testing

@testable import RateCardEngine

/// Evidence supplied is checked by a bit per kind on a card of up to 64 kinds and by a list
/// past that: kinds on either side of the 64th are found, and the floor reads their strength.
@Suite struct EvidenceBitsTests {
  static func card() -> CompiledCard {
    let kinds = (0..<70).map { index in
      "  k\(index) \"Kind \(index)\" \(index == 0 ? "self_certified" : "documentary")"
    }
    let text = """
      card "T" {
        currency GBP
        term 2020-01-01 to 2023-12-31
      }
      payers {
        council "Council" 100%
      }
      evidence {
      \(kinds.joined(separator: "\n"))
      }
      outcome o "O" {
        price £10
        evidence all of k1, k65
      }
      outcome q "Q" {
        price £20
        evidence any of k0, k67 at least documentary
      }
      """
    let result = Checker.check(SourceFile(path: "t", text: text))
    #expect(!result.hasErrors, "\(result.errors.map(\.message))")
    return Compiler.compile(result.card)
  }

  @Test func kindsPastTheSixtyFourthAreFound() {
    let card = Self.card()
    // A participant per case: an outcome is paid once per participant.
    let participants = (0..<7).map { EvaluatorTests.participant("p\($0)") }
    let cases: [(outcome: String, evidence: [String], status: ClaimStatus, reason: ReasonCode?)] = [
      ("o", ["k1", "k65"], .paid, nil),
      ("o", ["k65"], .rejected, .evidenceMissing),
      ("o", ["k1"], .rejected, .evidenceMissing),
      ("o", ["k65", "k1", "k69"], .paid, nil),
      ("q", ["k67"], .paid, nil),
      ("q", ["k0"], .rejected, .evidenceTooWeak),
      ("q", ["k0", "k67"], .paid, nil),
    ]
    let claims = cases.enumerated().map { index, item in
      ClaimRecord(
        id: "c\(index)", participantID: "p\(index)", outcome: item.outcome,
        achievedOn: date("2021-01-0\(index + 1)"), evidence: item.evidence,
        values: [
          .text("c\(index)"), .text(item.outcome), .date(date("2021-01-0\(index + 1)")), .missing,
        ])
    }
    let ledger = Evaluator.evaluate(card, participants: participants, claims: claims)
    for (index, item) in cases.enumerated() {
      let entry = ledger.entry("c\(index)")
      #expect(entry?.status == item.status, "case \(index)")
      #expect(entry?.reasons.first == item.reason, "case \(index)")
    }
  }

  /// Lists looked up once and known by where they are give the kinds of looking each list up
  /// afresh (the witness): lists shared by many claims, equal lists made apart, short-lived
  /// lists, and more different lists than are remembered.
  @Test func listsKnownByWhereTheyAreGiveTheKindsOfLookingThemUp() {
    let card = Self.card()
    var known = SuppliedEvidence()
    var generator = SeededRandom(seed: 64)
    let names = (0..<72).map { "k\($0)" } + ["unknown", ""]
    let shared = (0..<20).map { _ in
      (0..<Int.random(in: 0...4, using: &generator)).map { _ in
        names.randomElement(using: &generator)!
      }
    }
    for step in 0..<(SuppliedEvidence.remembered + 3_000) {
      var list =
        step.isMultiple(of: 3)
        ? shared[step % shared.count]
        : (0..<(1 + step % 3)).map { _ in names.randomElement(using: &generator)! }
      let kinds = known.kinds(&list, card: card)
      for position in 0..<card.evidence.count {
        let supplied = list.contains { $0.sameBytes(as: card.evidence[position].id) }
        if kinds.contains(position) != supplied {
          Issue.record("step \(step): kind \(position) in \(list)")
        }
      }
    }
  }
}
