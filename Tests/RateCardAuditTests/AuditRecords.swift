import Foundation
import RateCard
import RateCardEngine

/// Records for detector tests on small hand-written cards whose participants have the standard
/// fields and whose claims have one extra field after the standard ones.
enum AuditRecords {
  static func day(_ text: String) -> DayNumber { CalendarDate(iso: Substring(text))!.dayNumber }

  /// A participant referred on 6 January 2020 who started on the 10th.
  static func participant(_ id: String, provider: String) -> ParticipantRecord {
    ParticipantRecord(
      id: id,
      values: [
        .text(id), .text(provider), .date(day("2020-01-06")), .date(day("2020-01-10")), .missing,
        .missing,
      ])
  }

  /// A claim with payslip evidence and `field` as the value of the card's one claim field.
  static func claim(
    _ id: String, _ person: String, _ outcome: String, _ date: String, _ field: Value
  ) -> ClaimRecord {
    ClaimRecord(
      id: id, participantID: person, outcome: outcome, achievedOn: day(date),
      evidence: ["payslips"],
      values: [.text(id), .text(outcome), .date(day(date)), .missing, field])
  }
}
