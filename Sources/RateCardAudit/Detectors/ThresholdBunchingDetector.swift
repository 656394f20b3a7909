import Foundation
import RateCard
import RateCardEngine

/// Threshold bunching: results land at, or just past, a payment threshold more often at one
/// provider than at its peers. Participants are the unit (one person's rungs often repeat the
/// same value). For each configured threshold, by provider and outcome (and over all
/// outcomes), a participant counts when a claim's value lies from the threshold to four bins
/// above it, and is "at the threshold" when one lies in the first bin. The provider's share at
/// the threshold is compared with its peers' share on the same outcome. Only values at or above
/// the threshold are read, so the test works whether or not values below it exist: claims
/// usually exist only where the rule is met. The test over all outcomes is the main test; the
/// tests per outcome are its sub-tests (`GatekeepingHolm`), read once it flags the provider.
enum ThresholdBunchingDetector {
  /// Per participant on one key: a value in the first bin, any value in the window.
  struct Person {
    var atThreshold = false
    var claim = ""
  }

  static func run(_ data: AuditData) -> [AuditFlag] {
    var flags: [AuditFlag] = []
    for threshold in data.settings.thresholds {
      // outcome -> provider -> participant -> at the threshold? ("*" is every outcome.)
      var people: [String: [String: [String: Person]]] = [:]
      for (position, claim) in data.claims.enumerated() {
        let person = Int(data.claimPerson[position])
        guard person >= 0 else { continue }
        let participant = data.participants[person]
        guard let value = threshold.value.evaluate(participant.values, claim.values).number else {
          continue
        }
        let offset = ((value - threshold.at) / threshold.width).rounded(.down)
        guard offset >= 0, offset <= 3 else { continue }
        let provider = data.providerNames[Int(data.personProvider[person])]
        for outcome in [claim.outcome, "*"] {
          var entry =
            people[outcome, default: [:]][provider, default: [:]][participant.id] ?? Person()
          if offset == 0 && !entry.atThreshold {
            entry.atThreshold = true
            entry.claim = claim.id
          }
          people[outcome, default: [:]][provider, default: [:]][participant.id] = entry
        }
      }
      // Outcomes carrying values near the threshold: with only one, the comparison over all
      // outcomes is the same comparison again and would repeat its flag.
      let outcomes = people.keys.filter { $0 != "*" }
      for outcome in people.keys.sorted() where outcome != "*" || outcomes.count > 1 {
        let byProvider = people[outcome]!
        let counts = byProvider.mapValues { persons in
          (hits: persons.values.filter(\.atThreshold).count, total: persons.count)
        }
        for provider in byProvider.keys.sorted() {
          let own = counts[provider]!
          let peers = counts.filter { $0.key != provider }.values.reduce((hits: 0, total: 0)) {
            (hits: $0.hits + $1.hits, total: $0.total + $1.total)
          }
          guard own.total >= data.settings.minimumCases,
            peers.total >= data.settings.minimumCases
          else { continue }
          let p = Statistics.fisherGreater(own.hits, own.total, peers.hits, peers.total)
          let share = Double(own.hits) / Double(own.total)
          let peerShare = Double(peers.hits) / Double(peers.total)
          // The excess mass at the threshold, with a 95% Wald interval for a difference of
          // two proportions.
          let excess = share - peerShare
          let spread =
            1.96
            * (share * (1 - share) / Double(own.total)
            + peerShare * (1 - peerShare) / Double(peers.total)).squareRoot()
          let examples = byProvider[provider]!.filter(\.value.atThreshold)
            .sorted { $0.key.bytesPrecede($1.key) }.prefix(5)
          let shown = threshold.isMoney ? "£\(threshold.at / 100)" : "\(threshold.at)"
          let width = threshold.isMoney ? "£\(threshold.width / 100)" : "\(threshold.width)"
          let label = outcome == "*" ? "" : outcome + " "
          let statistic =
            "share of participants with \(threshold.source) in [\(shown), \(shown) + \(width)) among those from \(shown) to four bins above"
          flags.append(
            AuditFlag(
              pattern: "threshold-bunching", provider: provider,
              outcome: outcome == "*" ? nil : outcome,
              statistic: statistic,
              value: twoDecimals(share), pValue: p,
              effectSize: twoDecimals(peerShare > 0 ? share / peerShare : share),
              method:
                "one-sided Fisher exact test on participants, provider vs peers on the same outcome; excess mass with a 95% Wald interval; adjusted over the whole report (gatekeeping Holm)",
              baseline:
                "peers \(percent(peerShare)); excess \(percent(excess)) (95% interval \(percent(excess - spread)) to \(percent(excess + spread)))",
              cases: own.total,
              exampleParticipants: examples.map(\.key),
              exampleClaims: examples.map(\.value.claim),
              explanation:
                "Of \(own.total) participants at \(provider) with \(label)claims from \(shown) up to four bins above, \(percent(share)) have one at or just past the threshold, against \(percent(peerShare)) at other providers: an excess of \(percent(excess)) (95% interval \(percent(excess - spread)) to \(percent(excess + spread))). Results that land exactly where payment starts suggest they are being steered there.",
              gate: outcome != "*" && outcomes.count > 1 ? statistic : nil))
        }
      }
    }
    return flags
  }
}
