import Foundation
import RateCard
import Testing

@testable import RateCardEngine

/// `Achievements` keeps one small slot per participant and outcome, and the rest of a history
/// only for outcomes whose rules read it. Which outcomes those are is decided from the card,
/// here against the rules written out by hand.
@Suite struct AchievementsTests {
  static let card = EvaluatorTests.compile(
    """
    outcome entry "Entry" {
      price £100
      evidence letter
    }
    ladder sus "Sustained" from entry {
      3 months £300
      restarts at most 2 times
      evidence letter
    }
    outcome placement "P" {
      price £10
      at most 2 per participant, once per claim.kind
      evidence payslips
    }
    outcome course "Course" {
      price £10
      repeatable
      evidence letter
    }
    outcome finished "Finished" {
      price £10
      requires course matching claim.kind
      evidence letter
    }
    outcome plain "Plain" {
      price £10
      at most 3 per participant
      evidence letter
    }
    """)

  @Test func theRestOfAHistoryIsKeptOnlyWhereARuleReadsIt() {
    let card = AchievementsTests.card
    let kept = Achievements.detailRead(VersionedCard(single: card))
    let byID = Dictionary(uniqueKeysWithValues: zip(card.outcomes.map(\.id), kept))
    // `entry` is the anchor the ladder restarts on; `placement` has `once per`; later claims
    // match on `course`'s kind. The rung itself, `finished` and `plain` need only counts.
    #expect(
      byID == [
        "entry": true, "sus_3_months": false, "placement": true, "course": true,
        "finished": false, "plain": false,
      ])
  }

  @Test func slotsCountAndDetailsRemember() throws {
    let card = AchievementsTests.card
    var achievements = Achievements(participants: 3, history: VersionedCard(single: card))
    let entry = try #require(card.outcomePosition("entry"))
    let plain = try #require(card.outcomePosition("plain"))
    let course = try #require(card.outcomePosition("course"))
    let none: (oncePer: Value, higher: Value, different: Value) = (.missing, .missing, .missing)
    #expect(!achievements.achieved(1, entry))
    #expect(achievements.day(1, entry, restarts: 0) == nil)
    for day: DayNumber in [100, 130, 170] {
      achievements.record(1, entry, day: day, none, matched: [])
      achievements.record(1, plain, day: day, none, matched: [])
    }
    achievements.record(2, course, day: 50, none, matched: [("claim.kind", .text("a"))])
    // The first day, the second and third for a restarted anchor, none beyond the claims.
    #expect(achievements.day(1, entry, restarts: 0) == 100)
    #expect(achievements.day(1, entry, restarts: 1) == 130)
    #expect(achievements.day(1, entry, restarts: 2) == 170)
    #expect(achievements.day(1, entry, restarts: 5) == 170)
    let slot = achievements.slot(1, plain)
    #expect(slot.count == 3 && slot.firstDay == 100 && slot.lastDay == 170)
    #expect(achievements.detail(1, plain) == nil && achievements.detail(1, entry) != nil)
    #expect(!achievements.achieved(0, entry) && !achievements.achieved(2, entry))
    #expect(achievements.matched(2, course, key: "claim.kind", .text("a")))
    #expect(!achievements.matched(2, course, key: "claim.kind", .text("b")))
    #expect(!achievements.matched(1, course, key: "claim.kind", .text("a")))
    #expect(achievements.details.count == 2)
  }

  /// A card whose rules read only counts and first days (the usual card) keeps no place for
  /// details at all, and still counts.
  @Test func aCardReadingOnlyCountsKeepsNoDetails() throws {
    let card = EvaluatorTests.compile(
      """
      outcome entry "Entry" {
        price £100
        at most 1 per participant
        evidence letter
      }
      """)
    var achievements = Achievements(participants: 2, history: VersionedCard(single: card))
    let entry = try #require(card.outcomePosition("entry"))
    achievements.record(1, entry, day: 10, (.missing, .missing, .missing), matched: [])
    #expect(achievements.detailIndex.isEmpty && achievements.details.isEmpty)
    #expect(achievements.slot(1, entry).count == 1 && achievements.detail(1, entry) == nil)
    #expect(MemoryLayout<Achievements.Slot>.stride == 12)
  }
}
