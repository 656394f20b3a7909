import Foundation
import RateCard
import RateCardEngine

/// Weak-evidence skew: per outcome, a provider's share of claims resting only on
/// self-certified evidence far above its peers' share for the same outcome.
enum SelfCertificationSkewDetector {
  static func run(_ data: AuditData) -> [AuditFlag] {
    let index = data.participantIndex
    var byOutcome: [String: [(provider: String, participant: String, claim: String, hit: Bool)]] =
      [:]
    for claim in data.claims {
      guard let person = index[claim.participantID], data.card.outcomePosition(claim.outcome) != nil
      else { continue }
      let strengths = claim.evidence.compactMap {
        data.card.evidencePosition($0).map { data.card.evidence[$0].strength }
      }
      guard !strengths.isEmpty else { continue }
      let provider = data.provider(data.participants[person])
      let onlySelf = strengths.allSatisfy { $0 == .selfCertified }
      byOutcome[claim.outcome, default: []].append(
        (provider, claim.participantID, claim.id, onlySelf))
    }
    var flags: [AuditFlag] = []
    for (outcome, events) in byOutcome.sorted(by: { $0.key < $1.key }) {
      let compared = ProviderRate.compare(events: events, minimumCases: data.settings.minimumCases)
      for (rate, p, effect, peers) in compared {
        flags.append(
          rate.flag(
            .selfCertificationSkew, outcome: outcome,
            statistic: "share of participants whose claim rests only on self-certified evidence",
            p: p,
            effect: effect, peers: peers,
            method:
              "one-sided Fisher exact test on participants, provider vs peers for the same outcome; adjusted over the whole report (gatekeeping Holm)",
            baseline: "peers \(percent(peers)) for \(outcome)"
          ) { own, peers in
            "\(rate.claimHits) of \(rate.provider)'s \(rate.claims) claims for \(outcome) rest only on the participant's self-certification; that is \(own) of its participants with such a claim, against \(peers) at other providers for the same outcome. Relying on the weakest evidence far more than peers is worth a closer audit sample."
          })
      }
    }
    return flags
  }
}
