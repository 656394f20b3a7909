import Foundation
import RateCard
import RateCardEngine

/// Threshold bunching: results land exactly at, or just past, a payment threshold more often
/// than the neighbouring values suggest. For each configured threshold, by provider and
/// outcome (and over all outcomes), the values are put in bins of the threshold's width; the bin that starts at the
/// threshold is compared with the two bins on each side.
enum ThresholdBunchingDetector {
  static func run(_ data: AuditData) -> [AuditFlag] {
    let index = data.participantIndex
    var flags: [AuditFlag] = []
    for threshold in data.settings.thresholds {
      // (provider, outcome) -> counts in bins -2...2, and claims in bin 0.
      var bins: [String: [Int]] = [:]
      var examples: [String: [(String, String)]] = [:]
      for claim in data.claims {
        guard let person = index[claim.participantID] else { continue }
        let participant = data.participants[person]
        guard let value = threshold.value.evaluate(participant.values, claim.values).number else {
          continue
        }
        let offset = ((value - threshold.at) / threshold.width).rounded(.down)
        guard offset >= -2, offset <= 2 else { continue }
        // By provider and outcome, and by provider over all outcomes (`*`).
        for outcome in [claim.outcome, "*"] {
          let key = data.provider(participant) + "\u{1}" + outcome
          var counts = bins[key] ?? [0, 0, 0, 0, 0]
          counts[Int(offset) + 2] += 1
          bins[key] = counts
          // Examples name different participants: a person's rungs often repeat one value.
          if offset == 0 && (examples[key]?.count ?? 0) < 5
            && !(examples[key] ?? []).contains(where: { $0.0 == participant.id })
          {
            examples[key, default: []].append((participant.id, claim.id))
          }
        }
      }
      // Outcomes carrying values near the threshold, by provider: when there is only one, the
      // comparison over all outcomes is the same comparison again and would repeat its flag.
      var outcomesByProvider: [String: Int] = [:]
      for key in bins.keys {
        let parts = key.split(separator: "\u{1}", omittingEmptySubsequences: false)
        if parts[1] != "*" { outcomesByProvider[String(parts[0]), default: 0] += 1 }
      }
      for (key, counts) in bins.sorted(by: { $0.key < $1.key }) {
        let total = counts.reduce(0, +)
        guard total >= data.settings.minimumCases else { continue }
        let parts = key.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
        if parts[1] == "*" && outcomesByProvider[parts[0]] == 1 { continue }
        // If the density is locally linear, the middle of five bins holds a fifth of them.
        let atThreshold = counts[2]
        let p = Statistics.binomialUpperTail(atThreshold, total, 0.2)
        let expected = Double(total - atThreshold) / 4
        let shown = threshold.isMoney ? "£\(threshold.at / 100)" : "\(threshold.at)"
        let width = threshold.isMoney ? "£\(threshold.width / 100)" : "\(threshold.width)"
        flags.append(
          AuditFlag(
            pattern: "threshold-bunching", provider: parts[0],
            outcome: parts[1] == "*" ? nil : parts[1],
            statistic: "claims with \(threshold.source) in [\(shown), \(shown) + \(width))",
            value: Double(atThreshold), pValue: p,
            effectSize: twoDecimals(
              expected > 0 ? Double(atThreshold) / expected : Double(atThreshold)),
            method:
              "exact binomial test of the threshold bin against its four neighbouring bins (share 1/5 if the distribution is locally linear); Holm-adjusted",
            baseline: "\(twoDecimals(expected)) claims expected from the neighbouring bins",
            cases: total,
            exampleParticipants: (examples[key] ?? []).map(\.0),
            exampleClaims: (examples[key] ?? []).map(\.1),
            explanation:
              "Of \(total) \(parts[1] == "*" ? "" : parts[1] + " ")claims by \(parts[0]) with \(threshold.source) near \(shown), \(atThreshold) are at or just past the threshold, where the neighbouring values suggest about \(twoDecimals(expected)). Results that land exactly where payment starts suggest they are being steered there."
          ))
      }
    }
    return flags
  }
}
