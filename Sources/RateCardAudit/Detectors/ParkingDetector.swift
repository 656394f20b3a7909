import Foundation
import RateCard
import RateCardEngine

/// Parking: a provider enrols high-need participants and then leaves them: no progress in the
/// first `parking after` days of support (no claim of a progress outcome: those the audit
/// block names, by default any outcome but the entry one, see `AuditData.progressOutcomes`:
/// "assessed, then nothing"), more often than for its own
/// low-need participants, by more than at its peers. Participants who started too recently to
/// tell are left out.
enum ParkingDetector {
  static func run(_ data: AuditData) -> [AuditFlag] {
    guard data.settings.highNeed != nil else { return [] }
    let limit = DayNumber(data.settings.parkingAfterDays)
    let progress = data.progressOutcomes
    var claimDays: [Int: [DayNumber]] = [:]
    var observedUntil = DayNumber.min
    for (position, claim) in data.claims.enumerated() {
      let person = Int(data.claimPerson[position])
      guard person >= 0, let day = claim.achievedOn else { continue }
      // Every claim dates the data; only progress claims count as support.
      observedUntil = max(observedUntil, day)
      let outcome = Int(data.claimOutcome[position])
      guard outcome >= 0, progress.contains(outcome) else { continue }
      claimDays[person, default: []].append(day)
    }
    guard observedUntil > .min else { return [] }
    // Per provider: [high, low] x [parked, not parked].
    var table: [String: [[Int]]] = [:]
    var examples: [String: [String]] = [:]
    for (position, participant) in data.participants.enumerated() {
      guard let start = participant.values[3].dayValue, start <= observedUntil - limit else {
        continue
      }
      let provider = data.provider(participant)
      let high = data.isHighNeed(participant) == true
      // Parked: no progress claim in the first `limit` days after starting.
      let parked = !(claimDays[position] ?? []).contains { $0 >= start && $0 <= start + limit }
      var cell = table[provider] ?? [[0, 0], [0, 0]]
      cell[high ? 0 : 1][parked ? 0 : 1] += 1
      table[provider] = cell
      if high && parked && (examples[provider]?.count ?? 0) < 5 {
        examples[provider, default: []].append(participant.id)
      }
    }
    let progressWords =
      data.settings.progressOutcomeIDs.map { "any of " + $0.joined(separator: ", ") }
      ?? "any outcome but the entry one"
    let minimum = data.settings.minimumCases
    let providers = table.keys.sorted()
    var flags: [AuditFlag] = []
    for provider in providers {
      let own = table[provider]!
      let peers = NeedTable.peers(of: provider, in: table)
      let high = own[0][0] + own[0][1]
      let low = own[1][0] + own[1][1]
      guard high >= minimum, low >= minimum, peers[0][0] + peers[0][1] >= minimum else { continue }
      // Both comparisons must hold, so the larger p-value is reported (an intersection-union
      // test, valid at the same level): more high-need participants parked than at peers,
      // and than among the provider's own low-need participants.
      let againstPeers = Statistics.fisherGreater(
        own[0][0], high, peers[0][0], peers[0][0] + peers[0][1])
      let againstLowNeed = Statistics.fisherGreater(own[0][0], high, own[1][0], low)
      let p = max(againstPeers, againstLowNeed)
      let highRate = Double(own[0][0]) / Double(high)
      let lowRate = Double(own[1][0]) / Double(low)
      let peerHigh = Double(peers[0][0]) / Double(max(1, peers[0][0] + peers[0][1]))
      let effect = twoDecimals(peerHigh > 0 ? highRate / peerHigh : highRate)
      flags.append(
        AuditFlag(
          pattern: "parking", provider: provider, outcome: nil,
          statistic:
            "share of started high-need participants with no progress claim in their first \(limit) days",
          value: twoDecimals(highRate), pValue: p, effectSize: effect,
          method:
            "intersection-union of two one-sided Fisher exact tests (high-need parked vs peers' high-need, and vs the provider's low-need); adjusted over the whole report (gatekeeping Holm)",
          baseline:
            "the provider's low-need participants \(percent(lowRate)); peers' high-need participants \(percent(peerHigh))",
          cases: high, exampleParticipants: examples[provider] ?? [], exampleClaims: [],
          explanation:
            "\(percent(highRate)) of the high-need participants \(provider) started had no progress claim (\(progressWords)) in their first \(limit) days, against \(percent(lowRate)) of its low-need participants and \(percent(peerHigh)) of high-need participants at its peers. Enrolling complex participants and then giving them little support is parking."
        ))
    }
    return flags
  }
}
