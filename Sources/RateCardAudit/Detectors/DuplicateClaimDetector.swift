import Foundation
import RateCard
import RateCardEngine

/// Duplicate claims: the same outcome claimed more times for a participant than its claim
/// limit allows, whatever the claim ids. A provider whose rate of such extra claims is far
/// above its peers' is flagged.
enum DuplicateClaimDetector {
  static func run(_ data: AuditData) -> [AuditFlag] {
    let index = data.participantIndex
    var seen: [String: Int] = [:]
    var events: [(provider: String, participant: String, claim: String, hit: Bool)] = []
    for claim in data.claims.sorted(by: {
      ($0.achievedOn ?? .max, $0.id) < ($1.achievedOn ?? .max, $1.id)
    }) {
      guard let person = index[claim.participantID],
        let outcome = data.card.outcomePosition(claim.outcome)
      else { continue }
      let key = claim.participantID + "\u{1}" + claim.outcome
      let count = (seen[key] ?? 0) + 1
      seen[key] = count
      let beyond = data.card.outcomes[outcome].base.limit?.count.map { count > $0 } ?? false
      events.append(
        (data.provider(data.participants[person]), claim.participantID, claim.id, beyond))
    }
    return ProviderRate.compare(
      events: events, minimumCases: data.settings.minimumCases
    )
    .map { rate, p, effect, peers in
      rate.flag(
        .duplicateClaim,
        statistic: "share of participants with an outcome claimed beyond its claim limit",
        p: p, effect: effect, peers: peers
      ) { own, peers in
        "\(rate.claimHits) of \(rate.provider)'s \(rate.claims) claims are for an outcome already claimed as often as the card allows for that participant; \(own) of its participants have such a claim, against \(peers) at other providers. Claiming the same outcome again, under a new claim id, is a known way to be paid twice."
      }
    }
  }
}
