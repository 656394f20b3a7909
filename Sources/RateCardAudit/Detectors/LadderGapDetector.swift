import Foundation
import RateCard
import RateCardEngine

/// Ladder gaps: a sustainment rung claimed with no claim of the entry outcome it is measured
/// from, or of the rung before it, on or before its date.
enum LadderGapDetector {
  static func run(_ data: AuditData) -> [AuditFlag] {
    let index = data.participantIndex
    var firstClaim: [String: DayNumber] = [:]
    for claim in data.claims {
      guard let day = claim.achievedOn else { continue }
      let key = claim.participantID + "\u{1}" + claim.outcome
      firstClaim[key] = min(firstClaim[key] ?? day, day)
    }
    var events: [(provider: String, participant: String, claim: String, hit: Bool)] = []
    for claim in data.claims {
      guard let person = index[claim.participantID],
        let position = data.card.outcomePosition(claim.outcome),
        let day = claim.achievedOn
      else { continue }
      let outcome = data.card.outcomes[position]
      guard outcome.ladder != nil else { continue }
      var needed: [Int] = outcome.previousRung.map { [$0] } ?? []
      // The entry a rung is measured from: a duration rung's `at least`, a milestone rung's
      // `only after`.
      for timing in outcome.timing {
        switch timing {
        case .atLeast(_, .outcome(let anchor, _), _), .onlyAfter(.outcome(let anchor, _)):
          needed.append(anchor)
        default: continue
        }
      }
      guard !needed.isEmpty else { continue }
      let missing = needed.contains { required in
        let key = claim.participantID + "\u{1}" + data.card.outcomes[required].id
        return (firstClaim[key] ?? .max) > day
      }
      events.append(
        (data.provider(data.participants[person]), claim.participantID, claim.id, missing))
    }
    return ProviderRate.compare(
      events: events, minimumCases: data.settings.minimumCases
    )
    .map { rate, p, effect, peers in
      rate.flag(
        .ladderGap,
        statistic:
          "share of participants with a rung claimed before its entry outcome or previous rung",
        p: p, effect: effect, peers: peers
      ) { own, peers in
        "\(rate.claimHits) of \(rate.provider)'s \(rate.claims) sustainment claims came with no earlier claim of the entry outcome or the rung before; \(own) of its participants with a sustainment claim have one, against \(peers) at other providers. A rung claimed without its ladder beneath it needs checking."
      }
    }
  }
}
