import Foundation
import RateCard
import RateCardEngine

/// Duplicate claims: the same outcome claimed more times for a participant than its claim
/// limit allows, whatever the claim ids. A provider whose rate of such extra claims is far
/// above its peers' is flagged.
enum DuplicateClaimDetector {
  static func run(_ data: AuditData) -> [AuditFlag] {
    // Claims in evaluation order (the evaluator's: achieved date, then claim id by bytes);
    // counts keyed by participant and outcome positions.
    let order = data.order
    let outcomes = data.card.outcomes.count
    let limits = data.card.outcomes.map { $0.base.limit?.count }
    var seen: [Int: Int32] = [:]
    var events: [ClaimEvent] = []
    events.reserveCapacity(order.count)
    for position in order {
      let (person, outcome) = (data.claimPerson[position], Int(data.claimOutcome[position]))
      guard person >= 0, outcome >= 0 else { continue }
      let key = Int(person) * outcomes + outcome
      let count = (seen[key] ?? 0) + 1
      seen[key] = count
      let beyond = limits[outcome].map { Int(count) > $0 } ?? false
      events.append(ClaimEvent(claim: position, person: person, hit: beyond))
    }
    return ProviderRate.compare(events, in: data)
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
