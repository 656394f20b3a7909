import Foundation
import RateCardEngine

/// Runs every detector and corrects all their p-values together, keeping the findings below
/// the card's significance level, strongest evidence first. The tests form one family across
/// all seven detectors, grouped by detector and provider (`GatekeepingHolm`): the chance of
/// any false alarm in a report is at most the significance level (docs/audit.md,
/// "Controlling false alarms").
public enum Auditor {
  /// `progress` hears how many of the seven detectors have run.
  public static func audit(_ data: AuditData, progress: ((Int) -> Void)? = nil) -> [AuditFlag] {
    var flags: [AuditFlag] = []
    let detectors: [@Sendable (AuditData) -> [AuditFlag]] = [
      CherryPickingDetector.run, ParkingDetector.run, ThresholdBunchingDetector.run,
      DuplicateClaimDetector.run, LadderGapDetector.run, SelfCertificationSkewDetector.run,
      ClaimSurgeDetector.run,
    ]
    progress?(0)
    // The detectors read the same data and nothing else: they run side by side on every core,
    // and their results come back in this order, so the report does not depend on the cores.
    let families = Parallel.map(parts: detectors.count) { detectors[$0](data) }
    progress?(detectors.count)
    let candidates = families.flatMap { $0 }
    let adjusted = GatekeepingHolm.adjust(tests(candidates))
    for (candidate, p) in zip(candidates, adjusted) where p <= data.settings.alpha {
      var flag = candidate
      flag.pValue = p
      flags.append(flag)
    }
    return flags.sorted {
      ($0.pValue, -$0.effectSize, $0.pattern, $0.provider ?? "", $0.outcome ?? "")
        < ($1.pValue, -$1.effectSize, $1.pattern, $1.provider ?? "", $1.outcome ?? "")
    }
  }

  /// The candidates as tests, grouped by detector and provider; a sub-test shares the unit
  /// of the main test named by its gate.
  static func tests(_ candidates: [AuditFlag]) -> [GatekeepingHolm.Test] {
    var groups: [[String?]: Int] = [:]
    var units: [[String?]: Int] = [:]
    func number(_ key: [String?], in table: inout [[String?]: Int]) -> Int {
      if let known = table[key] { return known }
      table[key] = table.count
      return table.count - 1
    }
    return candidates.map { flag in
      let group = [flag.pattern, flag.provider]
      let unit = group + (flag.gate.map { [$0, nil] } ?? [flag.statistic, flag.outcome])
      return GatekeepingHolm.Test(
        pValue: flag.pValue, group: number(group, in: &groups), unit: number(unit, in: &units),
        isSubTest: flag.gate != nil)
    }
  }
}

/// One claim as a detector counts it: the claim's position, its participant's, and whether
/// it shows the pattern.
struct ClaimEvent {
  var claim: Int32
  var person: Int32
  var hit: Bool

  init(claim: Int, person: Int32, hit: Bool) {
    self.claim = Int32(claim)
    self.person = person
    self.hit = hit
  }
}

/// Shared by the detectors that compare one provider's rate with all the others'. The unit is
/// the participant (a participant counts once, as a hit if any of their claims is one):
/// claims of one person are not independent, and counting them as if they were raises false
/// alarms.
struct ProviderRate {
  var provider: String
  /// Participants with at least one hit, and participants counted.
  var hits: Int = 0
  var total: Int = 0
  /// Claims counted and claims that hit, for the explanation.
  var claimHits = 0
  var claims = 0
  var examples: [(participant: String, claim: String)] = []

  init(provider: String) { self.provider = provider }

  /// Counts per participant (any hit), by provider, in provider order; providers with no
  /// event are left out. Examples are the first five participants with a hit, in event order.
  static func tally(_ events: [ClaimEvent], in data: AuditData) -> [ProviderRate] {
    var rates = data.providerNames.map(ProviderRate.init)
    var counted = [Bool](repeating: false, count: rates.count)
    // Per participant: 0 not seen, 1 seen without a hit, 2 seen with one.
    var state = [UInt8](repeating: 0, count: data.participants.count)
    for event in events {
      let person = Int(event.person)
      let provider = Int(data.personProvider[person])
      counted[provider] = true
      rates[provider].claims += 1
      if state[person] == 0 {
        state[person] = 1
        rates[provider].total += 1
      }
      guard event.hit else { continue }
      rates[provider].claimHits += 1
      if state[person] == 1 {
        state[person] = 2
        rates[provider].hits += 1
        if rates[provider].examples.count < 5 {
          rates[provider].examples.append(
            (data.participants[person].id, data.claims[Int(event.claim)].id))
        }
      }
    }
    return rates.indices.filter { counted[$0] }.map { rates[$0] }
  }

  /// The share of this provider's participants with a hit.
  var share: Double { Double(hits) / Double(max(1, total)) }

  /// A flag for this provider from a comparison with its peers; `explain` gets the
  /// provider's share and the peers' share.
  func flag(
    _ pattern: AuditPattern, outcome: String? = nil, statistic: String, p: Double, effect: Double,
    peers: Double,
    method: String =
      "one-sided Fisher exact test on participants, provider vs peers; adjusted over the whole report (gatekeeping Holm)",
    baseline: String? = nil, explain: (_ own: String, _ peers: String) -> String
  ) -> AuditFlag {
    AuditFlag(
      pattern: pattern.rawValue, provider: provider, outcome: outcome, statistic: statistic,
      value: twoDecimals(share), pValue: p, effectSize: twoDecimals(effect), method: method,
      baseline: baseline ?? "peers \(percent(peers))", cases: claimHits,
      exampleParticipants: examples.map(\.participant), exampleClaims: examples.map(\.claim),
      explanation: explain(percent(share), percent(peers)))
  }

  /// Tallies claim events by participant and compares every provider with its peers.
  static func compare(_ events: [ClaimEvent], in data: AuditData)
    -> [(ProviderRate, p: Double, effect: Double, peerRate: Double)]
  {
    compare(tally(events, in: data), minimumCases: data.settings.minimumCases)
  }

  /// One-sided Fisher exact test of each provider's share of participants against its peers'.
  /// A provider needs `minimumCases` participants and at least 3 with a hit to be tested.
  static func compare(_ rates: [ProviderRate], minimumCases: Int)
    -> [(ProviderRate, p: Double, effect: Double, peerRate: Double)]
  {
    let hits = rates.reduce(0) { $0 + $1.hits }
    let total = rates.reduce(0) { $0 + $1.total }
    return rates.compactMap { rate in
      let peerHits = hits - rate.hits
      let peerTotal = total - rate.total
      guard rate.total >= minimumCases, peerTotal >= minimumCases, rate.hits >= 3 else {
        return nil
      }
      let p = Statistics.fisherGreater(rate.hits, rate.total, peerHits, peerTotal)
      let own = Double(rate.hits) / Double(rate.total)
      let peers = Double(peerHits) / Double(peerTotal)
      return (rate, p, peers > 0 ? own / peers : Double(rate.hits), peers)
    }
  }
}

/// Per provider, a 2x2 table of counts: [high need, low need] x [yes, no].
enum NeedTable {
  /// The same table summed over every other provider.
  static func peers(of provider: String, in table: [String: [[Int]]]) -> [[Int]] {
    var peers = [[0, 0], [0, 0]]
    for (other, counts) in table where other != provider {
      for row in 0..<2 {
        for column in 0..<2 { peers[row][column] += counts[row][column] }
      }
    }
    return peers
  }
}

func percent(_ value: Double) -> String {
  let rounded = (value * 1000).rounded() / 10
  return "\(rounded)%"
}

func twoDecimals(_ value: Double) -> Double { (value * 100).rounded() / 100 }
