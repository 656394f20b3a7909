import Foundation
import RateCard
import RateCardEngine
import Testing

@Suite struct EvaluatorTests {
  static func compile(_ body: String, caps: String = "") -> CompiledCard {
    let text = """
      card "T" {
        currency GBP
        term 2020-01-01 to 2023-12-31
      }
      payers {
        council "Council" 70%
        fund "Fund" 30%
      }
      \(caps)
      claim fields {
        hours number optional
        kind one of a, b optional
        level one of low, mid, top optional
        factor number optional
      }
      evidence {
        self_cert "Self-certification" self_certified
        letter "Letter" third_party
        payslips "Payslips" documentary
      }
      \(body)
      """
    let result = Checker.check(SourceFile(path: "t", text: text))
    #expect(!result.hasErrors, "\(result.errors.map(\.message))")
    return Compiler.compile(result.card)
  }

  static func participant(_ id: String = "p", provider: String = "A") -> ParticipantRecord {
    ParticipantRecord(
      id: id,
      values: [
        .text(id), .text(provider), .date(date("2020-01-06")), .date(date("2020-01-10")), .missing,
        .missing,
      ])
  }

  static func claim(
    _ id: String, _ outcome: String, _ day: String, evidence: [String] = ["payslips"],
    participant: String = "p", hours: Value = .missing, kind: Value = .missing,
    level: Value = .missing, factor: Value = .missing
  ) -> ClaimRecord {
    ClaimRecord(
      id: id, participantID: participant, outcome: outcome, achievedOn: date(day),
      evidence: evidence,
      values: [.text(id), .text(outcome), .date(date(day)), .missing, hours, kind, level, factor])
  }

  @Test func evidenceTooWeakWhenTheFloorIsNotMet() {
    let card = EvaluatorTests.compile(
      "outcome o \"O\" {\n  price £10\n  evidence any of self_cert, letter, payslips at least third_party\n}"
    )
    let ledger = Evaluator.evaluate(
      card, participants: [EvaluatorTests.participant()],
      claims: [
        EvaluatorTests.claim("weak", "o", "2020-02-01", evidence: ["self_cert"]),
        EvaluatorTests.claim("none", "o", "2020-02-02", evidence: []),
        EvaluatorTests.claim("ok", "o", "2020-02-03", evidence: ["self_cert", "letter"]),
      ])
    #expect(ledger.entry("weak")?.reasons == [.evidenceTooWeak])
    #expect(ledger.entry("none")?.reasons == [.evidenceMissing])
    #expect(ledger.entry("ok")?.status == .paid)
  }

  @Test func dataProblemsAreRejectionsWithEveryClaimAccountedFor() {
    let card = EvaluatorTests.compile("outcome o \"O\" {\n  price £10\n  evidence payslips\n}")
    let ledger = Evaluator.evaluate(
      card, participants: [EvaluatorTests.participant()],
      claims: [
        EvaluatorTests.claim("c1", "o", "2020-02-01"),
        EvaluatorTests.claim("c1", "o", "2020-02-01"),
        EvaluatorTests.claim("c2", "o", "2020-02-02", participant: "nobody"),
        EvaluatorTests.claim("c3", "oo", "2020-02-03"),
      ])
    #expect(ledger.entries.count == 4)
    #expect(ledger.entries.map(\.status) == [.paid, .rejected, .rejected, .rejected])
    #expect(ledger.entries[1].reasons == [.duplicateClaimID])
    #expect(ledger.entry("c2")?.reasons == [.unknownParticipant])
    #expect(ledger.entry("c3")?.reasons == [.unknownOutcome])
    #expect(ledger.entry("c3")?.message.contains("did you mean `o`?") == true)
  }

  @Test func moneyOverflowIsInvalidDataNotATrap() {
    let card = EvaluatorTests.compile(
      "outcome o \"O\" {\n  price £9,000,000,000,000 * claim.factor\n  repeatable\n  evidence payslips\n}"
    )
    let claims = (1...3).map {
      EvaluatorTests.claim(
        "c\($0)", "o", "2020-02-0\($0)", factor: .number(Decimal($0 == 2 ? 1_000_000 : 1)))
    }
    let ledger = Evaluator.evaluate(
      card, participants: [EvaluatorTests.participant()], claims: claims)
    #expect(ledger.entry("c1")?.status == .paid)
    #expect(ledger.entry("c2")?.reasons == [.invalidData])
    #expect(ledger.entry("c3")?.status == .paid)
    #expect(ledger.total == 2 * 900_000_000_000_000)
  }

  @Test func aPayerCapReducesTheWholePaymentSoSharesStayInProportion() {
    let card = EvaluatorTests.compile(
      "outcome o \"O\" {\n  price £100\n  repeatable\n  evidence payslips\n}",
      caps: "caps {\n  payer fund £50\n}")
    let claims = (1...3).map { EvaluatorTests.claim("c\($0)", "o", "2020-02-0\($0)") }
    let ledger = Evaluator.evaluate(
      card, participants: [EvaluatorTests.participant()], claims: claims)
    // The fund pays 30%: £30 of the first claim, £20 of its £50 is left for the second.
    #expect(ledger.entry("c1")?.payerAmounts == [7_000, 3_000])
    #expect(ledger.entry("c2")?.status == .reduced)
    #expect(ledger.entry("c2")?.payerAmounts[1] == 2_000)
    // The largest amount whose split keeps the fund within £20: £66.68 splits 4,668p/2,000p
    // (the council's remainder, 0.6p, beats the fund's 0.4p); £66.69 would give the fund 2,001p.
    #expect(ledger.entry("c2")?.amount == 6_668)
    #expect(ledger.entry("c3")?.reasons == [.capReached])
    #expect(LedgerSummary(ledger).byPayer[1].amount == 5_000)
  }

  @Test func theExceptionDeclaredOverAnotherWins() {
    let card = EvaluatorTests.compile(
      """
      outcome o "O" {
        price £100
        repeatable
        evidence payslips
        exception busy when claim.hours > 30 {
          price £150
        }
        exception special over busy when claim.kind == a {
          price £200
        }
      }
      """)
    let ledger = Evaluator.evaluate(
      card, participants: [EvaluatorTests.participant()],
      claims: [
        EvaluatorTests.claim("both", "o", "2020-02-01", hours: .number(40), kind: .choice(0)),
        EvaluatorTests.claim("busy", "o", "2020-02-02", hours: .number(40)),
        EvaluatorTests.claim("neither", "o", "2020-02-03", hours: .number(10)),
      ])
    #expect(ledger.entries.map(\.amount) == [20_000, 15_000, 10_000])
  }

  @Test func higherOrDifferentAndOncePerKind() {
    let card = EvaluatorTests.compile(
      """
      outcome qualification "Q" {
        price £10
        at most 3 per participant, each higher claim.level or different claim.kind
        evidence payslips
      }
      outcome placement "P" {
        price £10
        at most 2 per participant, once per claim.kind
        evidence payslips
      }
      """)
    let q = { (id: String, day: String, level: Int, kind: Int) in
      EvaluatorTests.claim(id, "qualification", day, kind: .choice(kind), level: .choice(level))
    }
    let p = { (id: String, day: String, kind: Int) in
      EvaluatorTests.claim(id, "placement", day, kind: .choice(kind))
    }
    let ledger = Evaluator.evaluate(
      card, participants: [EvaluatorTests.participant()],
      claims: [
        q("q1", "2020-02-01", 1, 0), q("q2", "2020-02-02", 1, 0), q("q3", "2020-02-03", 0, 1),
        q("q4", "2020-02-04", 2, 1), p("p1", "2020-02-01", 0), p("p2", "2020-02-02", 0),
        p("p3", "2020-02-03", 1),
      ])
    // q2: same level, same kind. q3: lower level but a different kind. q4: higher level.
    #expect(
      ledger.entries.filter { $0.outcome == "qualification" }.map(\.status) == [
        .paid, .rejected, .paid, .paid,
      ])
    #expect(
      ledger.entries.filter { $0.outcome == "placement" }.map(\.status) == [
        .paid, .rejected, .paid,
      ])
  }

  @Test func repeatableOutcomesStayLinear() {
    // 20,000 claims of one repeatable outcome for one participant: the limit state is kept as
    // running aggregates, so this is quick (a quadratic check would take minutes).
    let card = EvaluatorTests.compile(
      "outcome o \"O\" {\n  price £1\n  repeatable, once per claim.hours\n  evidence payslips\n}")
    let claims = (0..<20_000).map { index in
      EvaluatorTests.claim("c\(index)", "o", "2021-01-01", hours: .number(Decimal(index % 15_000)))
    }
    let ledger = Evaluator.evaluate(
      card, participants: [EvaluatorTests.participant()], claims: claims)
    #expect(ledger.count(.paid) == 15_000)
    #expect(ledger.count(.rejected) == 5_000)
  }
}
