import Foundation
import RateCard
import RateCardEngine

/// Duplicate claims: the same outcome claimed more times for a participant than its claim
/// limit allows, whatever the claim ids. A provider whose rate of such extra claims is far
/// above its peers' is flagged.
enum DuplicateClaimDetector {
  static func run(_ data: AuditData) -> [AuditFlag] {
    let index = data.participantIndex
    // Claims in evaluation order (achieved date, then claim id by bytes), as positions; counts
    // keyed by participant and outcome positions.
    let claims = data.claims
    let order = claims.indices.sorted { a, b in
      let (x, y) = (claims[a].achievedOn ?? .max, claims[b].achievedOn ?? .max)
      return x != y ? x < y : claims[a].id.bytesPrecede(claims[b].id)
    }
    let outcomes = data.card.outcomes.count
    var seen: [Int: Int] = [:]
    var events: [(provider: String, participant: String, claim: String, hit: Bool)] = []
    events.reserveCapacity(claims.count)
    for position in order {
      guard let person = index[claims[position].participantID],
        let outcome = data.card.outcomePosition(claims[position].outcome)
      else { continue }
      let key = person * outcomes + outcome
      let count = (seen[key] ?? 0) + 1
      seen[key] = count
      let beyond = data.card.outcomes[outcome].base.limit?.count.map { count > $0 } ?? false
      events.append(
        (
          data.provider(data.participants[person]), claims[position].participantID,
          claims[position].id, beyond
        ))
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
