import Foundation
import RateCard
import RateCardAudit
import RateCardEngine
import Testing

/// Each detector finds its pattern planted at one provider in eight, at realistic strength,
/// over several seeds; and no detector flags anything on clean data.
@Suite struct DetectorTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let checked: CheckedCard = {
    let path = "Tests/Fixtures/audit/kbop-generic-single-version.ratecard"
    let data =
      FileManager.default.contents(atPath: root.appendingPathComponent(path).path) ?? Data()
    return Checker.check(SourceFile(path: path, bytes: [UInt8](data))).card
  }()

  static let card = Compiler.compile(checked)
  static let planted = SyntheticProgramme.providers[2]

  /// A programme of 1,600 participants (200 per provider in the exercise shape), with the
  /// given plants; high need, thresholds and the surge date come from the audit block.
  static func programme(
    seed: UInt64, plants: [SyntheticProgramme.Plant], shape: SyntheticProgramme.Shape = .exercise,
    participants: Int = 1_600
  ) -> AuditData {
    var settings = SyntheticProgramme.Settings(participants: participants, seed: seed)
    settings.plants = plants
    settings.shape = shape
    settings.readAudit(checked, card: card)
    var generator = SyntheticProgramme(card: card, settings: settings)
    let (participants, claims) = generator.generate()
    return AuditData(checked: checked, participants: participants, claims: claims)
  }

  /// Realistic strengths: what evaluations describe, not caricatures.
  static let strengths: [(AuditPattern, Double)] = [
    (.cherryPicking, 0.35), (.parking, 0.35), (.thresholdBunching, 0.5), (.duplicateClaim, 0.06),
    (.ladderGap, 0.25), (.selfCertificationSkew, 0.25), (.claimSurge, 0.5),
  ]

  static let seeds: [UInt64] = [11, 12, 13, 14, 15]

  @Test(arguments: strengths.map(\.0.rawValue))
  func findsItsPlantedPattern(pattern: String) {
    let strength = DetectorTests.strengths.first { $0.0.rawValue == pattern }!.1
    var found = 0
    for seed in DetectorTests.seeds {
      let data = DetectorTests.programme(
        seed: seed,
        plants: [.init(pattern: pattern, provider: DetectorTests.planted, strength: strength)])
      let flags = Auditor.audit(data)
      if flags.contains(where: { $0.pattern == pattern && $0.provider == DetectorTests.planted }) {
        found += 1
      }
      // Flags about the pattern name only the provider it was planted at.
      let wrong = flags.filter { $0.pattern == pattern && $0.provider != DetectorTests.planted }
      #expect(wrong.isEmpty, "seed \(seed): \(pattern) flagged \(wrong.map { $0.provider ?? "-" })")
    }
    #expect(
      found == DetectorTests.seeds.count,
      "\(pattern) found in \(found) of \(DetectorTests.seeds.count) seeds")
  }

  @Test func cleanDataRaisesNoFlag() {
    for seed: UInt64 in 21...30 {
      let flags = Auditor.audit(DetectorTests.programme(seed: seed, plants: []))
      #expect(
        flags.isEmpty,
        "seed \(seed): \(flags.map { "\($0.pattern) \($0.provider ?? "") \($0.outcome ?? "") p=\($0.pValue)" })"
      )
    }
  }

  @Test func everyFlagCarriesItsEvidence() {
    let data = DetectorTests.programme(
      seed: 11,
      plants: DetectorTests.strengths.map {
        .init(pattern: $0.0.rawValue, provider: DetectorTests.planted, strength: $0.1)
      })
    let flags = Auditor.audit(data)
    #expect(Set(flags.map(\.pattern)) == Set(AuditPattern.allCases.map(\.rawValue)))
    for flag in flags {
      #expect(flag.pValue <= 0.01)
      #expect(!flag.method.isEmpty && !flag.baseline.isEmpty && !flag.statistic.isEmpty)
      #expect(flag.cases > 0)
      #expect(flag.explanation.count > 80)
      #expect(!flag.exampleParticipants.isEmpty || flag.statistic.contains("median"))
    }
    // Ranked by strength of evidence.
    #expect(flags.map(\.pValue) == flags.map(\.pValue).sorted())
  }
}
