import Foundation
import RateCard
import Testing

@testable import RateCardEngine

/// A message worded once and reused gives the bytes of wording it afresh (the witness): the
/// same amount in two currencies, and an id in two normal forms (equal as Swift strings, not
/// as bytes), are kept apart.
@Suite struct WordedMessagesTests {
  static let details: [LedgerEntry.Detail] = [
    .paid(30_000, currency: "GBP"), .paid(30_000, currency: "EUR"), .paid(150_000, currency: "GBP"),
    .rejected(Findings(list: [.notAchieved("café")])),
    .rejected(Findings(list: [.notAchieved("cafe\u{301}")])),
    .rejected(Findings(list: [.notAchieved("a, \"quoted\" id")])),
    .rejected(Findings(list: [.notAchieved("x"), .notStarted])),
    .rejected(Findings(list: [.unknownParticipant("p1")])),
    .text("a, b"),
  ]

  @Test func reusedMessagesAreTheBytesOfWordingThemAfresh() {
    let escapes: [(UnsafeBufferPointer<UInt8>, inout ByteOutput) -> Void] = [
      { LedgerWriter.csvField(bytes: $0, to: &$1) }, { JSONValue.escape(bytes: $0, to: &$1) },
    ]
    for escape in escapes {
      var worded = LedgerStream.Worded()
      // More keys than are looked through before the table (the first few are kept apart).
      let more = (1...40).map { LedgerEntry.Detail.paid(Int64($0) * 1_000, currency: "GBP") }
      // Twice over: the second round reads what the first worded.
      for original in Self.details + more + Self.details + more {
        var detail = original
        var reused = ByteOutput()
        worded.append(&detail, to: &reused, escape)
        var fresh = ByteOutput()
        var message = detail.message
        message.withUTF8 { escape($0, &fresh) }
        #expect(reused.bytes == fresh.bytes, "\(detail.message)")
      }
    }
  }

  @Test func repeatedDaysAreTheBytesOfWritingThemAfresh() {
    var worded = LedgerStream.Worded()
    let days: [DayNumber?] = [0, 0, 1, nil, 1, 59, 60, -1, 2_932_896, 2_932_896, nil, 0]
    for day in days {
      var reused = ByteOutput()
      worded.append(date: day, to: &reused)
      var fresh = ByteOutput()
      fresh.append(date: day)
      #expect(reused.bytes == fresh.bytes, "\(String(describing: day))")
    }
  }

  /// Each finding worded into bytes reads as written here by hand (the witness for the byte
  /// wording, which replaced string interpolation), and a claim's findings are joined by
  /// semicolons, each different text once.
  @Test func findingsReadAsWrittenByHand() {
    let day = CalendarDate(year: 2024, month: 2, day: 29)!.dayNumber
    let later = CalendarDate(year: 2025, month: 1, day: 5)!.dayNumber
    let months = Duration(amount: 9, unit: .months)
    let weeks = Duration(amount: Decimal(string: "6.5")!, unit: .weeks)
    let cases: [(Finding, String)] = [
      (.unknownParticipant("P1"), "participant P1 is not in the participant data"),
      (.unknownOutcome("jobb", suggestion: nil), "outcome jobb is not on the card"),
      (
        .unknownOutcome("jobb", suggestion: "did you mean job?"),
        "outcome jobb is not on the card (did you mean job?)"
      ),
      (.duplicateClaimID("C1"), "claim id C1 appears more than once; the first is evaluated"),
      (.invalidClaim(["a is empty", "b: bad"]), "a is empty; b: bad"),
      (.invalidParticipant("P2", ["x is empty"]), "participant P2 has invalid data: x is empty"),
      (.unresolvedRule("no such field"), "the card's rule could not be applied: no such field"),
      (.outsideTerm(from: day, to: later), "achieved outside the term 2024-02-29 to 2025-01-05"),
      (.noReferralDate, "the participant has no referral date"),
      (.notStarted, "the participant never started the service"),
      (.notAchieved("entry"), "entry has not been achieved by this participant"),
      (
        .noneAchieved(["a"], instance: " for this tenancy"),
        "a has not been achieved by this participant for this tenancy"
      ),
      (
        .noneAchieved(["a", "b"], instance: ""),
        "none of a, b has been achieved by this participant"
      ),
      (.previousRungNotAchieved("rung1"), "the previous rung rung1 has not been achieved"),
      (.emptyAnchorDate, "the date it is measured from is empty"),
      (.beforeAnchor(anchor: "start", on: day), "achieved before start on 2024-02-29"),
      (
        .tooEarly(
          achieved: day, rule: .init(kind: .atLeast, step: .fixed(months), anchor: "entry"),
          earliest: later),
        "achieved 2024-02-29 but at least 9 months after entry is 2025-01-05"
      ),
      (
        .tooLate(
          achieved: later, rule: .init(kind: .within, step: CalendarStep(weeks), anchor: "start"),
          latest: day),
        "achieved 2025-01-05, after the last day 2024-02-29 (within 6.5 weeks of start)"
      ),
      (.durationNotComputed(anchor: "start"), "the time measured from start could not be computed"),
      (.durationNotAddable(weeks), "6.5 weeks cannot be added to a date"),
      (
        .evidenceMissing(rule: "evidence payslip", supplied: []),
        "evidence payslip is not met by the evidence supplied (none)"
      ),
      (
        .evidenceMissing(rule: "evidence payslip", supplied: ["letter", "email"]),
        "evidence payslip is not met by the evidence supplied (letter, email)"
      ),
      (.evidenceTooWeak(.thirdParty), "no evidence supplied is third_party or stronger"),
      (.conditionNotMet("age >= 18"), "condition does not hold: age >= 18"),
      (
        .milestoneNotReached(measure: "hours", milestone: "16"),
        "the milestone is not reached: hours >= 16"
      ),
      (.excluded("in_custody"), "excluded: in_custody"),
      (
        .notByException(name: "panel", condition: "approved"),
        "payable only by exception panel: approved"
      ),
      (
        .limitReached(
          rule: "once per participant",
          problems: [
            .count(achieved: 1, limit: 1), .count(achieved: 2, limit: 1), .sameKind,
            .notHigherOrDifferent, .tooSoon(gap: months, last: day), .gapEmpty,
          ]),
        "claim limit once per participant: already achieved 1 time (at most 1); "
          + "already achieved 2 times (at most 1); already achieved once for this kind; "
          + "not at a higher level than, or in a different subject from, an earlier claim; "
          + "less than 9 months after the last achieved claim on 2024-02-29; "
          + "the spacing between claims could not be worked out (it is empty)"
      ),
      (.priceNotComputed("the card"), "the price could not be computed from the card"),
      (.capReached(nil), "nothing can be paid: a cap is reached"),
      (
        .paymentSuspended("Covid", from: day, to: later),
        "achieved, but payments are suspended from 2024-02-29 to 2025-01-05 (Covid)"
      ),
      (.retired("a", by: "v2", on: nil), "a was retired by revision v2"),
      (.retired("a", by: "v2", on: day), "a was retired by revision v2 from 2024-02-29"),
      (.notInForce("a", by: nil, on: nil), "a is not in the version that prices this claim"),
      (
        .notInForce("a", by: "v3", on: later),
        "a is not in the version that prices this claim; revision v3 adds it from 2025-01-05"
      ),
    ]
    for (finding, text) in cases {
      #expect(finding.message == text)
    }
    let twice = Findings(list: [.notStarted, .notAchieved("x"), .notStarted])
    #expect(
      twice.message
        == "the participant never started the service; x has not been achieved by this participant")
  }
}
