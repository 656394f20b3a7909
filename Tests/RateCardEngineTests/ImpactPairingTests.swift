import Foundation
import RateCard
import Testing

@testable import RateCardEngine

/// `impact` compares the two versions' rows block by block while both are still being decided,
/// letting each block go once compared. The report must be the one the two whole ledgers give.
@Suite struct ImpactPairingTests {
  @Test(arguments: [3, 1])
  func rowsComparedInStepGiveTheImpactOfTheWholeLedgers(workers: Int) throws {
    let source = Repository.source("Benchmarks/eval/benchmark.ratecard")
    let history = VersionedCard(Checker.check(source).versions)
    let labels = history.versions.map(\.label)
    let first = try #require(labels.first)
    let last = try #require(labels.last)
    let before = try #require(history.forcing(first))
    let after = try #require(history.forcing(last))
    let (participants, claims, index) = DecidedApartTests.programme(
      history, participants: 3_000, seed: 41)
    let none = Liability.of(Checker.check(source).versions[0].card)
    let whole = Impact(
      before: Evaluator.evaluate(before, participants: participants, claims: claims),
      after: Evaluator.evaluate(after, participants: participants, claims: claims),
      from: "a", to: "b", liabilityBefore: none, liabilityAfter: none)
    // Blocks of 500 rows, two kept at a time: the pairing goes round the rings many times.
    let pairs = Impact.Pairs(card: after.latest)
    let pairing = Impact.Pairing(pairs)
    @Sendable func evaluate(_ history: VersionedCard, side: Int) -> ClaimLedger {
      var evaluator = Evaluator(history: history, participantCount: participants.count)
      return evaluator.run(
        participants: participants, claims: claims, index: index, explain: nil,
        rows: pairing.rows(side: side), workers: workers, block: 500, keptBlocks: 2)
    }
    let (old, new) = Parallel.together({ evaluate(before, side: 0) }, { evaluate(after, side: 1) })
    #expect(old.entries.isEmpty && new.entries.isEmpty, "no ledger is kept whole")
    let streamed = Impact(
      pairs, from: "a", to: "b", liabilityBefore: none, liabilityAfter: none)
    #expect(claims.count > 10 * 500)
    #expect(whole.changedClaims.count > 100, "the revision changes claims")
    #expect(streamed.totalBefore == whole.totalBefore && streamed.totalAfter == whole.totalAfter)
    #expect(streamed.byOutcome == whole.byOutcome)
    #expect(streamed.byProvider == whole.byProvider)
    #expect(streamed.byPayer == whole.byPayer)
    #expect(streamed.changedClaims.count == whole.changedClaims.count)
    let differing = streamed.changedClaims.indices.first {
      $0 < whole.changedClaims.count && streamed.changedClaims[$0] != whole.changedClaims[$0]
    }
    #expect(differing == nil, "changed claim \(differing ?? 0)")
    // What `impact` and `report` call: the same report, through the pairing on several cores.
    let priced = Impact.priced(
      before: before, after: after, participants: participants, claims: claims, index: index,
      from: "a", to: "b", liabilityBefore: none, liabilityAfter: none)
    #expect(ImpactWriter.json(priced) == ImpactWriter.json(whole))
    #expect(ImpactWriter.table(priced) == ImpactWriter.table(whole))
  }
}
