import Foundation
import Testing

/// `ratecard synth`'s programme size settings, end to end: how many providers, and how much
/// participants achieve (so how many claims each has), as the benchmarks use them.
@Suite struct SynthCommandTests {
  static let card = "Benchmarks/eval/benchmark.ratecard"

  /// Runs `synth` with `settings` into a fresh folder; the status, standard error and the two
  /// files' data rows (header dropped).
  func synth(_ settings: [String], participants: Int = 2_500) throws -> (
    status: Int32, error: String, participants: [[String]], claims: [[String]]
  ) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "synth-size-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let (p, c) = (folder.appendingPathComponent("p.csv"), folder.appendingPathComponent("c.csv"))
    let result = try CommandLineTests().run(
      ["synth", SynthCommandTests.card, "--participants", "\(participants)"] + settings + [
        "--out-participants", p.path, "--out-claims", c.path,
      ])
    func rows(_ url: URL) -> [[String]] {
      guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
      // Synthetic names and ids hold no commas or quotes.
      return text.split(whereSeparator: \.isNewline).dropFirst().map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      }
    }
    return (result.status, result.error, rows(p), rows(c))
  }

  /// `--providers 10` spreads the participants over ten providers: the default eight and the
  /// next two names.
  @Test func providersSetsHowManyProviders() throws {
    let ten = try synth(["--providers", "10"])
    #expect(ten.status == 0, "\(ten.error)")
    let providers = Set(ten.participants.map { $0[1] })
    #expect(providers.count == 10)
    #expect(providers.contains("Mirfield Works") && providers.contains("Huddersfield Pathways"))
    let eight = try synth([])
    #expect(Set(eight.participants.map { $0[1] }).count == 8)
    #expect(!Set(eight.participants.map { $0[1] }).contains("Mirfield Works"))
    // Past the twelve names, the names again, numbered.
    let fourteen = try synth(["--providers", "14"], participants: 400)
    let many = Set(fourteen.participants.map { $0[1] })
    #expect(many.count == 14)
    #expect(many.contains("Calder Housing Trust 2") && many.contains("Colne Valley Support 2"))
  }

  /// `--achievement` sets each participant's chance of achieving each outcome: 30-100 gives
  /// about four claims a participant on the benchmark card, the default 25-85 fewer; both
  /// are the same files every time for the same seed.
  @Test func achievementSetsClaimsPerParticipant() throws {
    let more = try synth(["--providers", "10", "--achievement", "30-100"])
    #expect(more.status == 0, "\(more.error)")
    let perParticipant = Double(more.claims.count) / Double(more.participants.count)
    #expect(perParticipant > 3.6 && perParticipant < 4.4, "\(perParticipant) claims a participant")
    let usual = try synth(["--providers", "10"])
    #expect(usual.claims.count < more.claims.count * 3 / 4)
    // The default range written out gives the same claims as leaving it out.
    let spelled = try synth(["--providers", "10", "--achievement", "25-85"])
    #expect(spelled.claims == usual.claims)
    // Nobody achieves anything at 0-0; everything open to them at 100-100 (more claims).
    let none = try synth(["--achievement", "0-0"], participants: 300)
    #expect(none.status == 0 && none.claims.isEmpty)
    let all = try synth(["--achievement", "100-100"], participants: 300)
    #expect(Double(all.claims.count) / 300 > perParticipant)
  }

  /// docs/cli.md shows the benchmark programme's command and what it prints.
  @Test func theDocumentedExampleRuns() throws {
    let docs = try String(contentsOf: Repository.url("docs/cli.md"), encoding: .utf8)
    let printed = try #require(
      docs.components(separatedBy: "\n").first { $0.hasPrefix("    wrote 2500 participants") })
    let result = try synth(["--providers", "10", "--achievement", "30-100"])
    #expect(result.error.contains(printed.trimmingCharacters(in: .whitespaces)))
  }

  /// Bad sizes are usage errors (exit 2) that say what is expected.
  @Test func badSettingsAreUsageErrors() throws {
    for (settings, message) in [
      (["--providers", "0"], "--providers takes a whole number from 1 to 1000"),
      (["--providers", "ten"], "--providers takes a whole number"),
      (["--achievement", "90-10"], "--achievement takes two percentages"),
      (["--achievement", "30-120"], "--achievement takes two percentages"),
      (["--achievement", "30"], "--achievement takes two percentages"),
      (["--achievement", "30-100", "--shape", "realistic"], "the realistic shape models"),
    ] {
      let result = try synth(settings, participants: 10)
      #expect(result.status == 2, "\(settings)")
      #expect(result.error.contains(message), "\(settings): \(result.error)")
      #expect(result.claims.isEmpty && result.participants.isEmpty, "nothing written")
    }
  }

  /// A gaming pattern can be planted at a provider `--providers` adds, and not at one it
  /// does not.
  @Test func plantsMayUseTheAddedProviders() throws {
    let planted = try synth(
      ["--providers", "10", "--plant", "parking:Mirfield Works:0.5"], participants: 200)
    #expect(planted.status == 0, "\(planted.error)")
    let refused = try synth(["--plant", "parking:Mirfield Works:0.5"], participants: 200)
    #expect(refused.status == 2)
    #expect(refused.error.contains("unknown provider `Mirfield Works`"))
  }
}
