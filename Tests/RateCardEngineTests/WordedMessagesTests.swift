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
    let escapes: [(String, inout ByteOutput) -> Void] = [
      { LedgerWriter.csvField($0, to: &$1) }, { JSONValue.escape($0, to: &$1) },
    ]
    for escape in escapes {
      var worded = LedgerStream.Worded()
      // Twice over: the second round reads what the first worded.
      for detail in Self.details + Self.details {
        var reused = ByteOutput()
        worded.append(detail, to: &reused, escape)
        var fresh = ByteOutput()
        escape(detail.message, &fresh)
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
}
