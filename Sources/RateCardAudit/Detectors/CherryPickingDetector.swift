import Foundation
import RateCard
import RateCardEngine

/// Cherry-picking (creaming): a provider starts its high-need referrals less often than its
/// low-need ones, by more than its peers do; or makes them wait longer than peers; or turns
/// away far more of one referral source's referrals than peers do. The tests by referral
/// source are sub-tests of the start rate (`GatekeepingHolm`): read only once it flags the
/// provider.
enum CherryPickingDetector {
  static let startRate = "start rate of high-need referrals"

  static func run(_ data: AuditData) -> [AuditFlag] {
    guard data.settings.highNeed != nil else { return [] }
    let minimum = data.settings.minimumCases
    var flags: [AuditFlag] = []
    // Per provider: [high, low] x [started, not started].
    var table: [String: [[Int]]] = [:]
    var waits: [String: [Double]] = [:]
    var notStarted: [String: [String]] = [:]
    var sources: [String: [String: (declined: Int, total: Int, examples: [String])]] = [:]
    for participant in data.participants {
      let provider = data.provider(participant)
      let high = data.isHighNeed(participant) == true
      let started = participant.values[3].dayValue
      var cell = table[provider] ?? [[0, 0], [0, 0]]
      cell[high ? 0 : 1][started == nil ? 1 : 0] += 1
      table[provider] = cell
      if high, let started, let referred = participant.values[2].dayValue {
        waits[provider, default: []].append(Double(started - referred))
      }
      if high && started == nil { notStarted[provider, default: []].append(participant.id) }
      if case .text(let source) = participant.values[5] {
        var entry = sources[provider, default: [:]][source] ?? (0, 0, [])
        entry.total += 1
        if started == nil {
          entry.declined += 1
          if entry.examples.count < 5 { entry.examples.append(participant.id) }
        }
        sources[provider, default: [:]][source] = entry
      }
    }
    let providers = table.keys.sorted()
    for provider in providers {
      let own = table[provider]!
      let peers = NeedTable.peers(of: provider, in: table)
      let highCount = own[0][0] + own[0][1]
      let lowCount = own[1][0] + own[1][1]
      guard highCount >= minimum, lowCount >= minimum, peers[0][0] + peers[0][1] >= minimum else {
        continue
      }
      // The odds of a low-need start relative to a high-need one, here and at peers.
      let here = Statistics.logOddsRatio(
        yes1: own[1][0], no1: own[1][1], yes2: own[0][0], no2: own[0][1])
      let there = Statistics.logOddsRatio(
        yes1: peers[1][0], no1: peers[1][1], yes2: peers[0][0], no2: peers[0][1])
      let (_, p) = Statistics.oddsRatiosGreater(here, there)
      let highRate = Double(own[0][0]) / Double(highCount)
      let lowRate = Double(own[1][0]) / Double(lowCount)
      let peerHigh = Double(peers[0][0]) / Double(max(1, peers[0][0] + peers[0][1]))
      let effect =
        (here.value - there.value).isFinite ? twoDecimals(exp(here.value - there.value)) : 1
      flags.append(
        AuditFlag(
          pattern: "cherry-picking", provider: provider, outcome: nil,
          statistic: startRate, value: twoDecimals(highRate), pValue: p,
          effectSize: effect,
          method:
            "Woolf test of the ratio of odds ratios (start, low vs high need), provider vs peers; adjusted over the whole report (gatekeeping Holm)",
          baseline:
            "the provider's low-need start rate \(percent(lowRate)); peers' high-need start rate \(percent(peerHigh))",
          cases: highCount, exampleParticipants: Array((notStarted[provider] ?? []).prefix(5)),
          exampleClaims: [],
          explanation:
            "\(provider) started \(percent(highRate)) of its \(highCount) high-need referrals but \(percent(lowRate)) of its low-need ones. Its peers' gap between high- and low-need starts is much smaller (high-need start rate \(percent(peerHigh))). The odds of a low-need referral being started rather than a high-need one are \(effect) times those at its peers: a sign of choosing the easier cases."
        ))
    }
    // Waiting times of high-need referrals.
    for provider in providers {
      let own = waits[provider] ?? []
      let peers = providers.filter { $0 != provider }.flatMap { waits[$0] ?? [] }
      guard own.count >= minimum, peers.count >= minimum else { continue }
      let (_, p) = Statistics.mannWhitneyGreater(own, peers)
      let ownMedian = Statistics.median(own)
      let peerMedian = Statistics.median(peers)
      flags.append(
        AuditFlag(
          pattern: "cherry-picking", provider: provider, outcome: nil,
          statistic: "median days from referral to start, high-need", value: ownMedian, pValue: p,
          effectSize: twoDecimals(peerMedian > 0 ? ownMedian / peerMedian : ownMedian),
          method:
            "one-sided Mann-Whitney test of waiting times, provider vs peers; adjusted over the whole report (gatekeeping Holm)",
          baseline: "peers' median wait \(peerMedian) days", cases: own.count,
          exampleParticipants: [],
          exampleClaims: [],
          explanation:
            "High-need participants referred to \(provider) waited a median \(ownMedian) days to start, against \(peerMedian) days at its peers. Complex cases left on the waiting list are how cherry-picking showed in Kirklees."
        ))
    }
    // Declines by referral source.
    var totals: [String: (declined: Int, total: Int)] = [:]
    for (_, bySource) in sources {
      for (source, entry) in bySource {
        totals[source, default: (0, 0)].declined += entry.declined
        totals[source, default: (0, 0)].total += entry.total
      }
    }
    for provider in providers {
      for (source, entry) in (sources[provider] ?? [:]).sorted(by: { $0.key < $1.key }) {
        let all = totals[source]!
        let peerDeclined = all.declined - entry.declined
        let peerTotal = all.total - entry.total
        guard entry.total >= minimum, peerTotal >= minimum, entry.declined > 0 else { continue }
        let p = Statistics.fisherGreater(entry.declined, entry.total, peerDeclined, peerTotal)
        let rate = Double(entry.declined) / Double(entry.total)
        let peerRate = Double(peerDeclined) / Double(peerTotal)
        flags.append(
          AuditFlag(
            pattern: "cherry-picking", provider: provider, outcome: nil,
            statistic: "share of referrals from \(source) never started", value: twoDecimals(rate),
            pValue: p,
            effectSize: twoDecimals(peerRate > 0 ? rate / peerRate : rate),
            method:
              "one-sided Fisher exact test, provider vs peers for the same referral source; adjusted over the whole report (gatekeeping Holm)",
            baseline: "peers never start \(percent(peerRate)) of referrals from \(source)",
            cases: entry.total,
            exampleParticipants: entry.examples, exampleClaims: [],
            explanation:
              "\(provider) never started \(entry.declined) of the \(entry.total) people referred by \(source) (\(percent(rate))), against \(percent(peerRate)) at other providers: repeated declines from one source.",
            gate: startRate))
      }
    }
    return flags
  }
}
