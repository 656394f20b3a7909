import Foundation
import RateCard
import Testing

@testable import RateCardEngine

/// `Evaluator.explanation(of:)` decides only the explained claim's participant's claims when
/// participants cannot affect each other. The witness is the whole evaluation recording the
/// same claim's derivation (`evaluate(explain:)`).
@Suite struct ExplanationTests {
  @Test(arguments: DecidedApartTests.cards)
  func oneParticipantsClaimsExplainAsTheWholeEvaluationDoes(path: String) throws {
    let history = VersionedCard(Checker.check(Repository.source(path)).versions)
    let programme = DecidedApartTests.programme(history, participants: 200, seed: 31)
    let participants = programme.participants
    var claims = programme.claims
    // The last claim (the last participant's) takes the first claim's id, so that the data
    // repeats an id across participants whatever the generator drew.
    let first = claims[0].id
    claims[claims.count - 1].id = first
    claims[claims.count - 1].values[0] = .text(first)
    let index = ClaimIndex(claims: claims, participants: participants, card: history.latest)
    // Claims spread through the data, and every claim whose id is repeated or whose
    // participant is unknown (their rows depend on claims elsewhere, or on none).
    let spread = stride(from: 0, to: claims.count, by: max(1, claims.count / 20)).map { $0 }
    let special = claims.indices.filter {
      index.sharedID[$0] || index.participant(of: $0) == nil
    }.prefix(10)
    let asked = Set((spread + special).map { claims[$0].id })
    #expect(special.contains { index.sharedID[$0] }, "\(path): the data repeats an id")
    for id in asked.sorted() {
      let fast = Evaluator.explanation(
        of: id, history, participants: participants, claims: claims, index: index)
      let whole = Evaluator.evaluate(
        history, participants: participants, claims: claims, explain: id, index: index
      ).explanation
      #expect(!fast.isEmpty, "\(path) \(id)")
      let same = fast == whole
      #expect(same, "\(path) \(id): \(fast.first ?? "") / \(whole.first ?? "")")
    }
    #expect(
      Evaluator.explanation(
        of: "no such claim", history, participants: participants, claims: claims, index: index
      ).isEmpty)
  }

  /// A repeated id is told by the whole data, not by the participant's claims alone: `r` is
  /// first used by participant `q`, so `p`'s `r` is a repeat, pays nothing and leaves the
  /// per-participant cap as it was for `p`'s next claim.
  @Test func repeatsAcrossParticipantsCountBeforeTheExplainedClaim() {
    let card = EvaluatorTests.compile(
      "outcome o \"O\" {\n  price £300\n  evidence payslips\n}",
      caps: "caps {\n  per participant £500\n}")
    let history = VersionedCard(single: card)
    #expect(history.participantsApart)
    let participants = [EvaluatorTests.participant("p"), EvaluatorTests.participant("q")]
    let claims = [
      EvaluatorTests.claim("r", "o", "2020-02-01", participant: "q"),
      EvaluatorTests.claim("r", "o", "2020-02-02", participant: "p"),
      EvaluatorTests.claim("s", "o", "2020-02-03", participant: "p"),
    ]
    let fast = Evaluator.explanation(of: "s", history, participants: participants, claims: claims)
    let whole = Evaluator.evaluate(
      history, participants: participants, claims: claims, explain: "s")
    #expect(fast == whole.explanation)
    #expect(whole.entry("s")?.status == .paid, "\(whole.explanation)")
    #expect(fast.contains { $0.hasPrefix("status: paid £300") }, "\(fast)")
  }

  /// The benchmark card's claims are decided apart (its only cap is per participant); a card
  /// with a contract cap is not, and is explained by the whole evaluation.
  @Test func bothWaysAreTaken() {
    func apart(_ path: String) -> Bool {
      VersionedCard(Checker.check(Repository.source(path)).versions).participantsApart
    }
    #expect(apart("Benchmarks/eval/benchmark.ratecard"))
    #expect(DecidedApartTests.cards.contains { !apart($0) })
  }
}
