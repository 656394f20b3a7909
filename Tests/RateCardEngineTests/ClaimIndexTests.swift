import Foundation
import Testing

@testable import RateCardEngine

/// `ClaimIndex` looks each claim's participant up once for every stage; checked against a
/// plain search of the participant list, on enough claims to be split across cores.
@Suite struct ClaimIndexTests {
  @Test func matchesAPlainSearchByteForByte() {
    // "café" in NFC and in NFD are different ids in data; "P2" appears twice (the first
    // record wins); "nobody" and the empty id match no one.
    let ids = ["P1", "P2", "caf\u{E9}", "cafe\u{301}", "P2", "P3"]
    let participants = ids.map { ParticipantRecord(id: $0, values: [.text($0)]) }
    let asked = ids + ["nobody", "", "P4"]
    // Outcomes: one on the card, one that is not, one that differs only in case.
    let outcomes = ["entry", "exit", "Entry", ""]
    let card = RecordLoaderTests.card
    var random = SeededRandom(seed: 5)
    let claims = (0..<120_000).map { number in
      ClaimRecord(
        id: "C\(number)", participantID: random.pick(asked), outcome: random.pick(outcomes),
        achievedOn: nil, evidence: [], values: [])
    }
    let index = ClaimIndex(claims: claims, participants: participants, card: card)
    #expect(index.person.count == claims.count)
    for (position, claim) in claims.enumerated() {
      let plain = participants.firstIndex { Array($0.id.utf8) == Array(claim.participantID.utf8) }
      let outcome = card.outcomes.firstIndex { Array($0.id.utf8) == Array(claim.outcome.utf8) }
      #expect(index.participant(of: position) == plain)
      #expect(index.outcome[position] == outcome.map(Int32.init) ?? -1)
      if index.participant(of: position) != plain { break }
    }
    #expect(Set(index.person) == [-1, 0, 1, 2, 3, 5])
    #expect(Set(index.outcome) == [-1, 0])
  }

  /// Ids shared by several claims, byte for byte, against counting them plainly: "café" in
  /// NFC and NFD are two ids, the empty id is an id too.
  @Test func sharedIDsMatchAPlainCount() {
    let ids =
      ["C1", "C2", "caf\u{E9}", "cafe\u{301}", ""] + (0..<60_000).map { "C\($0 * 7 % 50_000)" }
    let claims = ids.map {
      ClaimRecord(
        id: $0, participantID: "P", outcome: "o", achievedOn: nil, evidence: [], values: [])
    }
    var counts: [[UInt8]: Int] = [:]
    for id in ids { counts[Array(id.utf8), default: 0] += 1 }
    let index = ClaimIndex(claims: claims, participants: [], card: RecordLoaderTests.card)
    #expect(index.sharedID == ids.map { counts[Array($0.utf8)]! > 1 })
    #expect(index.sharedID.contains(true) && index.sharedID.contains(false))
    #expect(!index.sharedID[2] && !index.sharedID[3])
  }

  /// Ids alike in their hashes but not their bytes (as a collision would be) are not shared;
  /// one id used hundreds of times marks every use.
  @Test func repeatedIDsTellCollidingHashesApart() {
    let texts = ["a", "b", "a", "caf\u{E9}", "cafe\u{301}", "b", "c"]
    var shared = [Bool](repeating: false, count: texts.count)
    let run = texts.indices.map { RepeatedIDs.Key(hash: 42, position: Int32($0)) }
    RepeatedIDs.mark(run[...], id: { texts[$0] }, &shared)
    #expect(shared == [true, true, true, false, false, true, false])
    let many = (0..<700).map { $0 % 3 == 0 ? "same" : "id\($0)" }
    let flags = RepeatedIDs.flags(count: many.count) { many[$0] }
    #expect(flags == many.map { $0 == "same" })
    #expect(RepeatedIDs.flags(count: 0) { _ in "" } == [])
    #expect(RepeatedIDs.flags(count: 1) { _ in "x" } == [false])
  }

  /// The loader numbers the participants once, as it types them (a repeated id's row
  /// skipped), and the index looks claims up in that numbering: the index is the one made
  /// from the records alone.
  @Test func theLoadersNumberingGivesTheSameIndex() {
    var random = SeededRandom(seed: 17)
    let ids = (0..<3_000).map { _ in "P\(random.int(0...2_500))" } + ["caf\u{E9}", "cafe\u{301}"]
    let participants = CSVReader.read(
      Array(
        ("participant_id,provider,referred_on,complexity\n"
          + ids.map { "\($0),A,2020-02-01,high\n" }.joined()).utf8), path: "p.csv")
    let asked = ids + ["nobody", ""]
    let claims = CSVReader.read(
      Array(
        ("claim_id,participant_id,outcome,achieved_on,evidence\n"
          + (0..<20_000).map { "C\($0 % 15_000),\(random.pick(asked)),entry,2021-01-01,tenancy\n" }
          .joined()).utf8), path: "c.csv")
    let loaded = RecordLoader.records(
      participants: participants, claims: claims, card: RecordLoaderTests.card)
    #expect(loaded.participants.count < ids.count, "repeated participant ids are skipped")
    let plain = ClaimIndex(
      claims: loaded.claims, participants: loaded.participants, card: RecordLoaderTests.card)
    #expect(loaded.index.person == plain.person)
    #expect(loaded.index.outcome == plain.outcome)
    #expect(loaded.index.sharedID == plain.sharedID)
    #expect(Set(loaded.index.person).contains(-1) && loaded.index.sharedID.contains(true))
  }
}
