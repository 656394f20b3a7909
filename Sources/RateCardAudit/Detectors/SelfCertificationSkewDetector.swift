import Foundation
import RateCard
import RateCardEngine

/// Weak-evidence skew: per outcome, a provider's share of claims resting only on
/// self-certified evidence far above its peers' share for the same outcome.
enum SelfCertificationSkewDetector {
  static func run(_ data: AuditData) -> [AuditFlag] {
    var byOutcome = [[ClaimEvent]](repeating: [], count: data.card.outcomes.count)
    for (position, claim) in data.claims.enumerated() {
      let (person, outcome) = (data.claimPerson[position], Int(data.claimOutcome[position]))
      guard person >= 0, outcome >= 0 else { continue }
      var known = false
      var onlySelf = true
      for evidence in claim.evidence {
        guard let kind = data.card.evidencePosition(evidence) else { continue }
        known = true
        if data.card.evidence[kind].strength != .selfCertified { onlySelf = false }
      }
      guard known else { continue }
      byOutcome[outcome].append(ClaimEvent(claim: position, person: person, hit: onlySelf))
    }
    var flags: [AuditFlag] = []
    let order = byOutcome.indices.filter { !byOutcome[$0].isEmpty }
      .sorted { data.card.outcomes[$0].id < data.card.outcomes[$1].id }
    for position in order {
      let outcome = data.card.outcomes[position].id
      let compared = ProviderRate.compare(byOutcome[position], in: data)
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
