import Foundation
import RateCard
import Testing

@testable import RateCardEngine

/// Claims decided on several threads, each owning a share of the participants, must give
/// the ledger the single pass gives, row for row.
@Suite struct DecidedApartTests {
  final class Heard: @unchecked Sendable {
    var ranges: [Range<Int>] = []
    var progress: [Int] = []
    var csv = ByteOutput()
  }

  static let cards = Repository.sampleCards + ["Benchmarks/eval/benchmark.ratecard"]

  /// A generated programme for `history`'s latest card, with data errors (repeated ids among
  /// them), and its claim index.
  static func programme(_ history: VersionedCard, participants count: Int, seed: UInt64) -> (
    participants: [ParticipantRecord], claims: [ClaimRecord], index: ClaimIndex
  ) {
    let settings = SyntheticProgramme.Settings(participants: count, seed: seed, dataErrors: true)
    var programme = SyntheticProgramme(card: history.latest, settings: settings)
    let (participants, claims) = programme.generate()
    let index = ClaimIndex(claims: claims, participants: participants, card: history.latest)
    return (participants, claims, index)
  }

  @Test(arguments: cards)
  func workersGiveTheLedgerOfOnePass(path: String) throws {
    let history = VersionedCard(Checker.check(Repository.source(path)).versions)
    let (participants, claims, index) = DecidedApartTests.programme(
      history, participants: 6_000, seed: 29)
    var single = Evaluator(history: history, participantCount: participants.count)
    let one = single.run(
      participants: participants, claims: claims, index: index, explain: nil, workers: 1)
    // Three workers on blocks of rows: some blocks hold no claim of some worker's.
    let heard = Heard()
    let stream = LedgerStream(.csv, card: history.latest, rows: claims.count)
    stream.head(to: &heard.csv)
    var apart = Evaluator(history: history, participantCount: participants.count)
    let three = apart.run(
      participants: participants, claims: claims, index: index, explain: nil,
      progress: { heard.progress.append($0) },
      rows: { rows, first in
        heard.ranges.append(first..<(first + rows.count))
        // Written as `eval` writes them, while later claims are still being decided.
        stream.rows(rows, first: first, to: &heard.csv)
      }, workers: 3)
    #expect(three.entries.count == one.entries.count)
    // The first row that differs, if any (comparing whole ledgers would print them whole).
    let differing = one.entries.indices.first { three.entries[$0] != one.entries[$0] }
    #expect(differing == nil, "\(path): row \(differing ?? 0)")
    // A programme with data errors and most kinds of rejection, repeated ids among them.
    #expect(one.count(.paid) > 0 && one.count(.rejected) > 0, "\(path)")
    #expect(Set(one.entries.flatMap(\.reasons)).count >= 10, "\(path)")
    #expect(one.entries.contains { $0.reasons.contains(.duplicateClaimID) }, "\(path)")
    #expect(heard.ranges.first?.lowerBound == 0)
    #expect(
      zip(heard.ranges, heard.ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    #expect(heard.ranges.last?.upperBound == claims.count)
    #expect(heard.ranges.count == (claims.count + Evaluator.rowBlock - 1) / Evaluator.rowBlock)
    #expect(heard.progress == heard.progress.sorted())
    #expect(String(decoding: heard.csv.bytes, as: UTF8.self) == LedgerWriter.csv(one))
    // Rows not kept: a ring of two blocks of 700 rows, wrapped dozens of times, on three
    // workers and on one. The rows heard are those of the whole ledger.
    for workers in [3, 1] {
      let ring = Heard()
      stream.head(to: &ring.csv)
      var evaluator = Evaluator(history: history, participantCount: participants.count)
      let streamed = evaluator.run(
        participants: participants, claims: claims, index: index, explain: nil,
        rows: { rows, first in
          ring.ranges.append(first..<(first + rows.count))
          stream.rows(rows, first: first, to: &ring.csv)
        }, workers: workers, block: 700, keptBlocks: 2)
      #expect(streamed.entries.isEmpty)
      #expect(ring.ranges.map(\.lowerBound) == Array(stride(from: 0, to: claims.count, by: 700)))
      #expect(
        String(decoding: ring.csv.bytes, as: UTF8.self) == LedgerWriter.csv(one),
        "\(path), \(workers) workers")
    }
  }

  /// Only caps shared across participants (the contract's, a group's, a payer's) keep the
  /// claims in one pass; a per-participant cap does not.
  @Test func sharedCapsKeepOnePass() {
    func apart(_ caps: String, outcome clause: String = "") -> Bool {
      let source = """
        card "c" {
          currency GBP
          term 2020-01-01 to 2024-12-31
        }
        payers {
          council "Council" 70%
          fund "Fund" 30%
        }
        caps {
          \(caps)
        }
        outcome entry "Entry" {
          price £100
          \(clause)
        }
        """
      return VersionedCard(Checker.check(SourceFile(path: "c.ratecard", text: source)).versions)
        .participantsApart
    }
    #expect(apart("per participant £8,200"))
    #expect(!apart("contract £1,000,000"))
    #expect(!apart("payer fund £300,000"))
    #expect(!apart("per participant £8,200\n  contract £1,000,000"))
    #expect(apart("per participant £8,200", outcome: "cap 2 claims per participant"))
    #expect(!apart("per participant £8,200", outcome: "cap £5,000"))
    #expect(!apart("per participant £8,200", outcome: "cap 100 claims"))
  }
}
