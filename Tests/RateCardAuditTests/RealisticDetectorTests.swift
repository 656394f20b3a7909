import Foundation
import RateCard
import RateCardAudit
import RateCardEngine
import Testing

/// The detectors on data shaped like real claims (`synth --shape realistic`): claims only
/// where the rules are met, an assessment for nearly everyone, providers of different sizes,
/// gaming in its realistic form. The rates over many programmes are measured by
/// `Benchmarks/run-audit-calibration` (docs/audit.md, "Calibration"); these tests pin single
/// programmes.
@Suite struct RealisticDetectorTests {
  static let planted = "Spen Advice"

  static func flags(
    _ pattern: String? = nil, strength: Double = 0, seed: UInt64, participants: Int = 2_000
  ) -> [AuditFlag] {
    let plants = pattern.map {
      [SyntheticProgramme.Plant(pattern: $0, provider: planted, strength: strength)]
    }
    return Auditor.audit(
      DetectorTests.programme(
        seed: seed, plants: plants ?? [], shape: .realistic, participants: participants))
  }

  /// Clean realistic programmes raise nothing. Every claim of a thresholded value is at or
  /// above its threshold here, the shape that made the old bunching test flag every provider.
  @Test(arguments: [31, 32, 33] as [UInt64])
  func cleanProgrammesRaiseNothing(seed: UInt64) {
    let data = DetectorTests.programme(
      seed: seed, plants: [], shape: .realistic, participants: seed == 31 ? 10_000 : 2_000)
    let threshold = data.settings.thresholds[1]
    let values = data.claims.compactMap { claim -> Decimal? in
      guard claim.outcome.hasPrefix("wellbeing_improved"),
        case .number(let value) = threshold.value.evaluate([], claim.values)
      else { return nil }
      return value
    }
    #expect(values.count > 50 && values.allSatisfy { $0 >= Decimal(threshold.at) })
    let flags = Auditor.audit(data)
    #expect(flags.isEmpty, "\(flags.map { "\($0.pattern) \($0.provider ?? "") p=\($0.pValue)" })")
  }

  /// Each pattern, planted in its realistic form at one provider, is found there and nowhere
  /// else. Strengths are ones the calibration finds in at least 95% of programmes of this size.
  @Test(arguments: [
    ("cherry-picking", 0.5), ("parking", 0.5), ("duplicate-claim", 0.2), ("ladder-gap", 0.2),
    ("self-certification-skew", 0.2), ("claim-surge", 0.5),
  ])
  func findsEachPatternInItsRealisticForm(pattern: String, strength: Double) {
    for seed: UInt64 in [41, 42] {
      let flags = RealisticDetectorTests.flags(pattern, strength: strength, seed: seed)
      #expect(
        flags.contains { $0.pattern == pattern && $0.provider == RealisticDetectorTests.planted })
      let elsewhere = flags.filter {
        $0.pattern == pattern && $0.provider != RealisticDetectorTests.planted
      }
      #expect(elsewhere.isEmpty, "seed \(seed): \(elsewhere.map { $0.provider ?? "-" })")
    }
  }

  /// Bunching in its realistic form (results just below the threshold written down as the
  /// threshold) needs a larger programme: the planted provider has about 1,200 participants,
  /// of whom a few hundred have a wellbeing improvement near the threshold.
  @Test func findsBunchingJustAboveTheThreshold() {
    let flags = RealisticDetectorTests.flags(
      "threshold-bunching", strength: 0.8, seed: 43, participants: 10_000)
    let bunching = flags.filter { $0.pattern == "threshold-bunching" }
    #expect(bunching.contains { $0.provider == RealisticDetectorTests.planted })
    #expect(bunching.allSatisfy { $0.provider == RealisticDetectorTests.planted })
    #expect(
      bunching.contains { $0.statistic.contains("claim.star_score - claim.baseline_star_score") })
  }
}
