import Foundation
import RateCard
import RateCardEngine

/// Timing surges: a provider's claims bunched in the window before a price cut, a rate-card
/// change or the end of the term, compared with its own usual rate in the four windows before
/// and with the same proportion at its peers.
enum ClaimSurgeDetector {
  static func run(_ data: AuditData) -> [AuditFlag] {
    let window = DayNumber(data.settings.surgeWindowDays)
    var flags: [AuditFlag] = []
    for date in data.settings.surgeDates {
      let start = date - window
      let baselineStart = start - 4 * window
      var events: [ClaimEvent] = []
      for (position, claim) in data.claims.enumerated() {
        let person = data.claimPerson[position]
        // When the claim was made: claimed_on if given, else the achieved date.
        guard person >= 0, let day = claim.values[3].dayValue ?? claim.achievedOn,
          day >= baselineStart, day < date
        else { continue }
        events.append(ClaimEvent(claim: position, person: person, hit: day >= start))
      }
      let label = CalendarDate(dayNumber: date).description
      let compared = ProviderRate.compare(events, in: data)
      for (rate, p, effect, peers) in compared {
        let claimShare = Double(rate.claimHits) / Double(max(1, rate.claims))
        flags.append(
          rate.flag(
            .claimSurge,
            statistic: "share of claimants with a claim made in the \(window) days before \(label)",
            p: p, effect: effect, peers: peers,
            method:
              "one-sided Fisher exact test on participants claiming in the \(5 * window) days before the date, provider vs peers; adjusted over the whole report (gatekeeping Holm)",
            baseline: "peers \(percent(peers)); an even rate would put 20% of claims in the window"
          ) { own, peers in
            "\(rate.provider) made \(rate.claimHits) of its \(rate.claims) claims of the \(5 * window) days before \(label) in the last \(window) days (\(percent(claimShare)) of claims; \(own) of its claimants, against \(peers) at other providers). Claims rushed in before a price cut, a rate-card change or the end of the contract suggest timing is being managed."
          })
      }
    }
    return flags
  }
}
