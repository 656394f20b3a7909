import Foundation
import RateCard
import RateCardEngine

/// Ladder gaps: a sustainment rung claimed with no claim of the entry outcome it is measured
/// from, or of the rung before it, on or before its date.
enum LadderGapDetector {
  static func run(_ data: AuditData) -> [AuditFlag] {
    let outcomes = data.card.outcomes.count
    // Per rung: the outcomes it needs on or before its date. The entry a rung is measured
    // from: a duration rung's `at least`, a milestone rung's `only after`.
    let needs = data.card.outcomes.map { outcome -> [Int] in
      guard outcome.ladder != nil else { return [] }
      var needed: [Int] = outcome.previousRung.map { [$0] } ?? []
      for timing in outcome.timing {
        switch timing {
        case .atLeast(_, .outcome(let anchor, _), _), .onlyAfter(.outcome(let anchor, _)):
          needed.append(anchor)
        default: continue
        }
      }
      return needed
    }
    // The first day each participant claimed each outcome.
    var firstClaim: [Int: DayNumber] = [:]
    for (position, claim) in data.claims.enumerated() {
      let (person, outcome) = (data.claimPerson[position], Int(data.claimOutcome[position]))
      guard person >= 0, outcome >= 0, let day = claim.achievedOn else { continue }
      let key = Int(person) * outcomes + outcome
      firstClaim[key] = min(firstClaim[key] ?? day, day)
    }
    var events: [ClaimEvent] = []
    for (position, claim) in data.claims.enumerated() {
      let (person, outcome) = (data.claimPerson[position], Int(data.claimOutcome[position]))
      guard person >= 0, outcome >= 0, !needs[outcome].isEmpty, let day = claim.achievedOn
      else { continue }
      let missing = needs[outcome].contains { required in
        (firstClaim[Int(person) * outcomes + required] ?? .max) > day
      }
      events.append(ClaimEvent(claim: position, person: person, hit: missing))
    }
    return ProviderRate.compare(events, in: data)
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
