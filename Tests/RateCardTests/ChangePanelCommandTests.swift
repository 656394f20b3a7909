import Foundation
import Testing

/// The change panel's commands on the KBOP sample, end to end: versions, show, diff, impact
/// and liability, with the JSON keys docs/cli.md fixes.
@Suite struct ChangePanelCommandTests {
  static let card = "Samples/kirklees/kbop-generic.ratecard"
  static let data = [
    "--participants", "Samples/kirklees/kbop-generic.participants.csv", "--claims",
    "Samples/kirklees/kbop-generic.claims.csv",
  ]

  func run(_ arguments: [String]) throws -> CommandLineTests.Run {
    try CommandLineTests().run(arguments)
  }

  func json(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
  }

  static func csvRows(_ text: String) -> [[String]] {
    // The ledger's fields hold no line breaks here; quoted commas are rejoined.
    text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { line in
      var fields: [String] = []
      var field = ""
      var quoted = false
      for character in line {
        if character == "\"" {
          quoted.toggle()
        } else if character == "," && !quoted {
          fields.append(field)
          field = ""
        } else {
          field.append(character)
        }
      }
      return fields + [field]
    }
  }

  @Test func versionsListsTheHistory() throws {
    let result = try run(["versions", ChangePanelCommandTests.card, "--format", "json"])
    #expect(result.status == 0, "\(result.error)")
    let versions = try #require(try json(result.output) as? [[String: Any]])
    #expect(versions.map { $0["label"] as? String } == ["v1", "v2", "v3"])
    #expect(versions[1]["effective"] as? String == "2020-09-14")
    #expect((versions[1]["approved_by"] as? String)?.hasPrefix("Change panel") == true)
    #expect(versions[0]["effective"] is NSNull)
    #expect(Set(versions[2].keys) == ["label", "effective", "approved_by", "rationale"])
  }

  @Test func impactTotalsEqualEvalUnderEachVersion() throws {
    var totals: [String: String] = [:]
    var summaries: [String: [String: Any]] = [:]
    var ledgers: [String: [[String: Any]]] = [:]
    for label in ["v1", "v3"] {
      let eval = try run(
        ["eval", ChangePanelCommandTests.card, "--version", label, "--format", "json"]
          + ChangePanelCommandTests.data)
      #expect(eval.status == 0, "\(eval.error)")
      let document = try #require(try json(eval.output) as? [String: Any])
      let summary = try #require(document["summary"] as? [String: Any])
      totals[label] = summary["total"] as? String
      summaries[label] = summary
      ledgers[label] = try #require(document["ledger"] as? [[String: Any]])
    }
    let result = try run(
      ["impact", ChangePanelCommandTests.card, "--from", "v1", "--to", "v3", "--format", "json"]
        + ChangePanelCommandTests.data)
    #expect(result.status == 0, "\(result.error)")
    let impact = try #require(try json(result.output) as? [String: Any])
    let from = try #require(impact["from"] as? [String: Any])
    let to = try #require(impact["to"] as? [String: Any])
    #expect(from["version"] as? String == "v1")
    #expect(from["total"] as? String == totals["v1"])
    #expect(to["total"] as? String == totals["v3"])
    #expect(totals["v1"] != totals["v3"])
    for key in ["delta", "by_outcome", "by_provider", "by_payer", "changed_claims"] {
      #expect(impact[key] != nil, "no \(key)")
    }
    let changed = try #require(impact["changed_claims"] as? [[String: Any]])
    #expect(!changed.isEmpty)
    // Every group's totals are eval's under each version, and the changed claims are the
    // rows whose status, amount or reasons differ between the two eval ledgers.
    func amounts(_ lines: Any?, key: String, amount: String) -> [String: String] {
      Dictionary(
        uniqueKeysWithValues: ((lines as? [[String: Any]]) ?? []).map {
          ($0[key] as? String ?? "", $0[amount] as? String ?? "")
        })
    }
    for (group, summaryGroup, key) in [
      ("by_outcome", "by_outcome", "key"), ("by_provider", "by_provider", "key"),
      ("by_payer", "by_payer", "payer"),
    ] {
      let before = amounts(summaries["v1"]?[summaryGroup], key: key, amount: "amount")
      let after = amounts(summaries["v3"]?[summaryGroup], key: key, amount: "amount")
      let lines = impact[group]
      #expect(amounts(lines, key: "key", amount: "before") == before, "\(group)")
      #expect(amounts(lines, key: "key", amount: "after") == after, "\(group)")
    }
    let differing = zip(ledgers["v1"] ?? [], ledgers["v3"] ?? []).filter { old, new in
      ["status", "amount"].contains { old[$0] as? String != new[$0] as? String }
        || old["reasons"] as? [String] != new["reasons"] as? [String]
    }.compactMap { $0.1["claim_id"] as? String }
    #expect(Set(changed.compactMap { $0["claim_id"] as? String }) == Set(differing))
    #expect(changed.count == differing.count)
    // The table reads totals first.
    let table = try run(
      ["impact", ChangePanelCommandTests.card, "--from", "v1", "--to", "v3"]
        + ChangePanelCommandTests.data)
    #expect(table.output.hasPrefix("Impact of v3 against v1 on the same claims\n\ntotal under v1"))
    // On one core the two ledgers are kept whole and compared after; the report is the same.
    let single = try CommandLineTests().run(
      ["impact", ChangePanelCommandTests.card, "--from", "v1", "--to", "v3", "--format", "json"]
        + ChangePanelCommandTests.data, environment: ["RATECARD_THREADS": "1"])
    #expect(single.output == result.output)
  }

  @Test func diffIsSemanticAndHasTheFixedKeys() throws {
    let result = try run(
      ["diff", ChangePanelCommandTests.card, "--from", "v1", "--to", "v2", "--format", "json"])
    #expect(result.status == 0, "\(result.error)")
    let diff = try #require(try json(result.output) as? [String: Any])
    #expect(diff["from"] as? String == "v1")
    let changes = try #require(diff["changes"] as? [[String: Any]])
    #expect(Set(changes.flatMap(\.keys)) == ["kind", "outcome", "before", "after", "summary"])
    let kinds = changes.compactMap { $0["kind"] as? String }
    #expect(kinds.contains("evidence_eased"))
    #expect(kinds.contains("group"))
    #expect(kinds.contains("exclusion"))
    let files = try run(["diff", ChangePanelCommandTests.card, ChangePanelCommandTests.card])
    #expect(files.output == "From v3 to v3: 0 changes\n")
  }

  @Test func showPrintsACardThatEvaluatesAsTheDatedHistory() throws {
    let shown = try run(["show", ChangePanelCommandTests.card, "--on", "2022-06-01"])
    #expect(shown.status == 0, "\(shown.error)")
    #expect(shown.output.contains("version \"v3\""))
    #expect(shown.output.contains("outcome digital_skills"))
    #expect(!shown.output.contains("revision "))
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "show-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let card = folder.appendingPathComponent("v3.ratecard").path
    try Data(shown.output.utf8).write(to: URL(fileURLWithPath: card))
    let check = try run(["check", card])
    #expect(check.status == 0, "\(check.error)")
    // Participants referred on or after the date have every claim priced by v3 in the dated
    // history; the shown card alone must give their claims the same rows.
    let participants = Self.csvRows(
      try String(
        contentsOf: Repository.url("Samples/kirklees/kbop-generic.participants.csv"),
        encoding: .utf8
      ).replacingOccurrences(of: "\n", with: "\r\n"))
    let late = participants.dropFirst().filter { $0[2] >= "2022-04-01" }.map { $0[0] }
    #expect(late.count >= 10)
    func rows(_ arguments: [String]) throws -> [String: [String]] {
      let result = try run(arguments + ["--format", "csv"] + ChangePanelCommandTests.data)
      let rows = Self.csvRows(result.output)
      return Dictionary(
        rows.dropFirst().filter { late.contains($0[1]) }.map { ($0[0], $0) },
        uniquingKeysWith: { a, _ in a })
    }
    var dated = try rows(["eval", ChangePanelCommandTests.card])
    var standalone = try rows(["eval", card])
    #expect(dated.count >= 50)
    #expect(dated.values.allSatisfy { $0[5] == "v3" })
    // Outcomes v3 retired are not on the shown card: there they are unknown outcomes.
    for (id, row) in dated where row[10] == "retired" {
      #expect(standalone[id]?[10] == "unknown_outcome")
      dated[id] = nil
      standalone[id] = nil
    }
    #expect(dated == standalone)
  }

  @Test func liabilityShowsThePath() throws {
    let result = try run(["liability", ChangePanelCommandTests.card, "--version", "v3"])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.hasPrefix("Worst case under version v3\n"))
    #expect(result.output.contains("per participant  £12,000"))
    #expect(result.output.contains("in total         £22,300,000 (bounded by the contract cap)"))
    #expect(result.output.contains("digital_skills"))
  }

  @Test func anUnknownVersionIsAUsageErrorThatListsTheVersions() throws {
    for arguments in [
      ["show", ChangePanelCommandTests.card, "--version", "v9"],
      ["liability", ChangePanelCommandTests.card, "--version", "v9"],
      ["diff", ChangePanelCommandTests.card, "--from", "v1", "--to", "v9"],
      ["eval", ChangePanelCommandTests.card, "--version", "v9"] + ChangePanelCommandTests.data,
      ["impact", ChangePanelCommandTests.card, "--from", "v9", "--to", "v1"]
        + ChangePanelCommandTests.data,
    ] {
      let result = try run(arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(
        result.error.hasSuffix("the card has no version `v9`; its versions are v1, v2, v3\n"),
        "\(arguments): \(result.error)")
    }
  }
}
