import Foundation
import Testing

/// End-to-end tests of the `ratecard` tool: exit codes, help, output formats.
@Suite struct CommandLineTests {
  struct Run {
    var status: Int32
    var output: String
    var error: String
  }

  /// The tool built next to the test bundle (`swift test` builds it: the tests depend on it).
  static let tool: URL = {
    var directory = Bundle.main.bundleURL
    for _ in 0..<4 {
      let candidate = directory.appendingPathComponent("ratecard")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    return Bundle.main.bundleURL.appendingPathComponent("ratecard")
  }()

  func run(
    _ arguments: [String], in directory: URL = Repository.root, input: Data? = nil,
    environment extra: [String: String] = [:]
  )
    throws -> Run
  {
    let process = Process()
    process.executableURL = CommandLineTests.tool
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment.merge(extra) { $1 }
    process.environment = environment
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    let stdin = Pipe()
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(input) }
    try stdin.fileHandleForWriting.close()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
      error: String(decoding: errData, as: UTF8.self))
  }

  /// `RATECARD_TIMINGS=1` names each phase of `eval` on standard error; `RATECARD_THREADS=1`
  /// runs on one core and writes the same ledger.
  @Test func timingsNameThePhasesAndOneThreadWritesTheSameLedger() throws {
    let arguments = [
      "eval", "Samples/kirklees/kbop-generic.ratecard", "--participants",
      "Samples/kirklees/kbop-generic.participants.csv", "--claims",
      "Samples/kirklees/kbop-generic.claims.csv", "--format", "json",
    ]
    let timed = try run(arguments, environment: ["RATECARD_TIMINGS": "1"])
    #expect(timed.status == 0, "\(timed.error)")
    // `timing: NAME SECONDS s, peak MEGABYTES MB, now MEGABYTES MB`
    let lines = timed.error.split(separator: "\n").filter { $0.hasPrefix("timing: ") }
    let parts = lines.map { $0.dropFirst("timing: ".count).split(separator: " ") }
    let phases = parts.map { $0.dropLast(8).joined(separator: " ") }
    let peaks = parts.compactMap { Int($0[$0.count - 5]) }
    let resident = parts.compactMap { Int($0[$0.count - 2]) }
    #expect(
      parts.allSatisfy {
        $0.suffix(7).first == "s," && $0.suffix(4).first == "MB," && $0.last == "MB"
      }, "\(lines)")
    #expect(peaks.count == lines.count && peaks == peaks.sorted() && peaks.allSatisfy { $0 > 1 })
    #expect(resident.count == lines.count && zip(resident, peaks).allSatisfy { $0 <= $1 })
    // With more than one core the claims are typed as their file is split (`PipelinedClaims`).
    let loading =
      ProcessInfo.processInfo.activeProcessorCount > 1
      ? ["read the data files and type the records", "index and cross-check the records"]
      : ["read the data files and type the participants", "type and cross-check the records"]
    #expect(phases == loading + ["evaluate and write the ledger", "release memory"])
    let plain = try run(arguments)
    #expect(!plain.error.contains("timing:"))
    let single = try run(arguments, environment: ["RATECARD_THREADS": "1"])
    #expect(single.output == plain.output && single.output == timed.output)
    #expect(single.output.contains("\"ledger\" : ["))
  }

  @Test func checkPassesOnEverySample() throws {
    let result = try run(["check", "Samples"])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.error.contains("checked 8 cards: 0 errors, 0 warnings"))
  }

  @Test func checkReportsCompilerStyleDiagnosticsAndExitsOne() throws {
    let result = try run(["check", "Tests/Fixtures/diagnostics/unknown-evidence.ratecard"])
    #expect(result.status == 1)
    let lines = result.error.components(separatedBy: "\n")
    #expect(
      lines[0]
        == "Tests/Fixtures/diagnostics/unknown-evidence.ratecard:32:28: error: unknown evidence `tenancyy` [unknown-name]"
    )
    #expect(lines[1] == "  32 |   evidence any of tenancy, tenancyy")
    #expect(lines[2] == "     |                            ^^^^^^^^")
    #expect(lines[3] == "    help: did you mean `tenancy`?")
  }

  @Test func checkPrintsJSON() throws {
    let result = try run([
      "check", "--format", "json", "Tests/Fixtures/diagnostics/shares-not-100.ratecard",
    ])
    #expect(result.status == 1)
    let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
    let diagnostics = try #require(object?["diagnostics"] as? [[String: Any]])
    #expect(object?["errors"] as? Int == 1)
    #expect(diagnostics.first?["code"] as? String == "shares-not-100")
    #expect(diagnostics.first?["line"] as? Int == 7)
    #expect(diagnostics.first?["column"] as? Int == 1)
    #expect(diagnostics.first?["help"] is String)
  }

  @Test func missingFilesAndFoldersAreErrorsNotCrashes() throws {
    let missing = try run(["check", "no/such/card.ratecard"])
    #expect(missing.status == 1)
    #expect(missing.error.contains("no/such/card.ratecard: error: no such file"))
    let empty = try run(["check", "Sources/ratecard"])
    #expect(empty.status == 1)
    #expect(empty.error.contains("no .ratecard files"))
  }

  @Test func usageErrorsExitTwo() throws {
    #expect(try run([]).status == 2)
    #expect(try run(["chek"]).error.contains("did you mean `check`?"))
    #expect(try run(["chek"]).status == 2)
    #expect(try run(["check"]).status == 2)
    #expect(try run(["check", "--format", "xml", "Samples"]).status == 2)
    #expect(try run(["check", "--colour", "Samples"]).status == 2)
    #expect(try run(["fmt", "--check", "--stdout", "Samples"]).status == 2)
  }

  @Test func helpAndVersion() throws {
    let help = try run(["--help"])
    #expect(help.status == 0)
    #expect(help.output.contains("check") && help.output.contains("fmt"))
    for command in ["check", "fmt", "eval", "explain", "test", "audit", "synth"] {
      #expect(help.output.contains("  \(command) "), "--help does not list \(command)")
      let viaFlag = try run([command, "--help"])
      let viaHelp = try run(["help", command])
      #expect(viaFlag.status == 0)
      #expect(viaFlag.output.hasPrefix("Usage: ratecard \(command)"))
      #expect(viaFlag.output == viaHelp.output)
      #expect(viaFlag.output.contains("Exit codes"))
    }
    let version = try run(["--version"])
    #expect(version.status == 0)
    #expect(version.output.hasPrefix("ratecard "))
  }

  @Test func formatCheckRewriteAndStdout() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("ratecard-fmt-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let card = folder.appendingPathComponent("messy.ratecard")
    try Data("const  a = GBP 5   # five\n".utf8).write(to: card)

    let unformatted = try run(["fmt", "--check", card.path])
    #expect(unformatted.status == 1)
    // It shows the first line that differs and what fmt would write there.
    #expect(
      unformatted.output
        == "\(card.path):1: not formatted\n  has:         const  a = GBP 5   # five\n  fmt writes:  const a = £5  # five\n"
    )
    let printed = try run(["fmt", "--stdout", card.path])
    #expect(printed.output == "const a = £5  # five\n")
    // --stdout leaves the file alone; a plain run rewrites it.
    #expect(try String(contentsOf: card, encoding: .utf8) == "const  a = GBP 5   # five\n")
    #expect(try run(["fmt", card.path]).status == 0)
    #expect(try String(contentsOf: card, encoding: .utf8) == "const a = £5  # five\n")
    #expect(try run(["fmt", "--check", card.path]).status == 0)

    let broken = folder.appendingPathComponent("broken.ratecard")
    try Data("outcome o \"O\" { price }\n".utf8).write(to: broken)
    let refused = try run(["fmt", broken.path])
    #expect(refused.status == 1)
    #expect(refused.error.contains("fix the syntax errors first"))
    #expect(try String(contentsOf: broken, encoding: .utf8) == "outcome o \"O\" { price }\n")
  }

  @Test func samplesAreFormatted() throws {
    #expect(try run(["fmt", "--check", "Samples"]).status == 0)
  }

  static let kbop = "Samples/kirklees/kbop-generic"

  func evalArguments(_ format: String? = nil) -> [String] {
    let base = CommandLineTests.kbop
    return [
      "eval", base + ".ratecard", "--participants", base + ".participants.csv", "--claims",
      base + ".claims.csv",
    ]
      + (format.map { ["--format", $0] } ?? [])
  }

  @Test func evalPrintsALedgerWithOneRowPerClaim() throws {
    let table = try run(evalArguments())
    #expect(table.status == 0, "\(table.error)")
    #expect(table.output.contains("By outcome"))
    #expect(table.output.contains("By payer"))
    #expect(table.output.contains("Caps"))
    let csv = try run(evalArguments("csv"))
    let claims = try String(
      contentsOf: Repository.url(CommandLineTests.kbop + ".claims.csv"), encoding: .utf8)
    let claimRows = claims.split(separator: "\n").count - 1
    #expect(csv.output.split(separator: "\r\n").count - 1 == claimRows)
    #expect(
      csv.output.hasPrefix(
        "claim_id,participant_id,provider,outcome,achieved_on,card_version,status,amount,council,lcf,reasons,message"
      ))
    let json = try run(evalArguments("json"))
    let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
    #expect((object?["ledger"] as? [Any])?.count == claimRows)
    let summary = try #require(object?["summary"] as? [String: Any])
    #expect(summary["claims"] as? Int == claimRows)
  }

  @Test func evalWritesToAFileAndIsDeterministic() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ledger-\(UUID().uuidString).csv")
    defer { try? FileManager.default.removeItem(at: out) }
    #expect(try run(evalArguments("csv") + ["--out", out.path]).status == 0)
    let written = try String(contentsOf: out, encoding: .utf8)
    #expect(written == (try run(evalArguments("csv"))).output)
  }

  /// Without `--format`, `--out ledger.csv` writes CSV and `--out ledger.json` JSON, the same
  /// bytes `--format` gives; any other name gets the table, as standard output does.
  @Test func theOutFilesNameChoosesTheFormat() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "implied-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, format) in [("ledger.csv", "csv"), ("LEDGER.JSON", "json"), ("ledger.txt", "table")]
    {
      let out = folder.appendingPathComponent(name)
      let written = try run(evalArguments() + ["--out", out.path])
      #expect(written.status == 0, "\(written.error)")
      let text = try String(contentsOf: out, encoding: .utf8)
      #expect(text == (try run(evalArguments(format))).output, "\(name)")
    }
    // An explicit --format wins over the name.
    let out = folder.appendingPathComponent("forced.csv")
    #expect(try run(evalArguments("json") + ["--out", out.path]).status == 0)
    #expect(try String(contentsOf: out, encoding: .utf8).hasPrefix("{"))
  }

  /// A pipe or a device is written to, never replaced: a ledger written beside `/dev/null`
  /// and renamed over it left, for a user allowed to, a plain file in its place. Named pipes
  /// stand in for devices (anyone can make one); the outputs are small enough to fit in one.
  @Test func aPipeIsWrittenToNotReplaced() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pipes-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func pipe(_ name: String) throws -> (path: String, read: () -> String, isPipe: () -> Bool) {
      let path = folder.appendingPathComponent(name).path
      try #require(mkfifo(path, 0o600) == 0)
      // Held open for reading (and writing, so that opening it never waits for a reader).
      let handle = open(path, O_RDWR | O_NONBLOCK)
      try #require(handle >= 0)
      return (
        path,
        {
          var bytes: [UInt8] = []
          var buffer = [UInt8](repeating: 0, count: 65_536)
          while true {
            let count = Glibc.read(handle, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[0..<count]
          }
          close(handle)
          return String(decoding: bytes, as: UTF8.self)
        },
        {
          var info = stat()
          return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO
        }
      )
    }
    // Three claims of the sample, and their participants.
    let base = CommandLineTests.kbop
    for (file, rows) in [(".participants.csv", 40), (".claims.csv", 4)] {
      let lines = try String(contentsOfFile: base + file, encoding: .utf8)
        .split(separator: "\n", omittingEmptySubsequences: false).prefix(rows)
      try Data((lines.joined(separator: "\n") + "\n").utf8)
        .write(to: folder.appendingPathComponent("small" + file))
    }
    let ledger = try pipe("ledger.pipe")
    let small = folder.appendingPathComponent("small").path
    let eval = try run([
      "eval", base + ".ratecard", "--participants", small + ".participants.csv", "--claims",
      small + ".claims.csv", "--format", "csv", "--out", ledger.path,
    ])
    #expect(eval.status == 0, "\(eval.error)")
    #expect(ledger.isPipe())
    let written = ledger.read()
    #expect(written.hasPrefix("claim_id,participant_id,provider"))
    #expect(written.split(separator: "\r\n").count == 4)
    let participants = try pipe("participants.pipe")
    let claims = try pipe("claims.pipe")
    let synth = try run([
      "synth", base + ".ratecard", "--participants", "1", "--out-participants",
      participants.path, "--out-claims", claims.path,
    ])
    #expect(synth.status == 0, "\(synth.error)")
    #expect(participants.isPipe() && claims.isPipe())
    #expect(participants.read().hasPrefix("participant_id,"))
    #expect(claims.read().hasPrefix("claim_id,"))
    // Nothing was left beside them.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 5)
  }

  @Test func badDataIsReportedByRowAndColumnAndStillEvaluated() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "bad-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let participants = folder.appendingPathComponent("p.csv")
    let claims = folder.appendingPathComponent("c.csv")
    try Data(
      "participant_id,provider,referred_on,started_on,complexity,high_risk\np1,A,2020-01-06,2020-01-13,medium,no\n"
        .utf8
    ).write(to: participants)
    try Data(
      "claim_id,participant_id,outcome,achieved_on,evidence,accommodation_route\nc1,p1,accommodation_entry,2020-02-03,tenancy,entry\nc2,p1,employment_entry,2021-02-30,payslips\n"
        .utf8
    ).write(to: claims)
    let result = try run([
      "eval", CommandLineTests.kbop + ".ratecard", "--participants", participants.path, "--claims",
      claims.path,
      "--format", "csv",
    ])
    #expect(result.status == 1)
    #expect(result.error.contains("c.csv:3:4: error: `2021-02-30` is not a date"))
    #expect(result.error.contains("c.csv:3: error: the row has 5 fields but the header has 6"))
    #expect(result.output.contains("c1,p1,A,accommodation_entry,2020-02-03,"))
    #expect(result.output.contains(",paid,750.00,525.00,225.00,"))
    #expect(result.output.contains("c2,p1,A,employment_entry,,"))
    #expect(result.output.contains(",rejected,0.00,0.00,0.00,invalid_data,"))
  }

  @Test func explainShowsTheDerivation() throws {
    let base = CommandLineTests.kbop
    let result = try run([
      "explain", base + ".ratecard", "--participants", base + ".participants.csv", "--claims",
      base + ".claims.csv", "C000010",
    ])
    #expect(result.status == 0)
    // The card has versions: explain first says which one priced the claim, and why.
    #expect(
      result.output.hasPrefix(
        "version v2 (effective 2020-09-14) applies: chosen by the achievement date, 2021-03-07\n"
          + "claim C000010: outcome employment_sustained_6_5_weeks"))
    #expect(result.output.contains("✗ at least 6.5 weeks after employment_entry"))
    #expect(result.output.contains("status: rejected because too_early, excluded"))
    let missing = try run([
      "explain", base + ".ratecard", "--participants", base + ".participants.csv", "--claims",
      base + ".claims.csv", "C00001",
    ])
    #expect(missing.status == 1)
    #expect(missing.error.contains("did you mean"))
  }

  @Test func testRunsTheInlineTests() throws {
    let result = try run(["test", "Samples"])
    #expect(result.status == 0)
    #expect(result.output.hasSuffix("24 passed, 0 failed\n"))
  }

  @Test func synthIsReproducible() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "synth-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func generate(_ name: String) throws -> String {
      let claims = folder.appendingPathComponent(name)
      let result = try run([
        "synth", "Samples/work-programme/work-programme.ratecard", "--participants", "30", "--seed",
        "9",
        "--out-participants", folder.appendingPathComponent("p.csv").path, "--out-claims",
        claims.path,
      ])
      #expect(result.status == 0)
      return try String(contentsOf: claims, encoding: .utf8)
    }
    #expect(try generate("a.csv") == (try generate("b.csv")))
  }

  /// `--shape realistic` writes claims only where the rules are met: evaluated, the ledger
  /// rejects few of them and none for a condition; the exercise shape rejects many. A shape
  /// that does not exist is a usage error.
  @Test func synthShapes() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "shape-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let card = CommandLineTests.kbop + ".ratecard"
    func rejectedShare(_ shape: String) throws -> (Double, String) {
      let (p, c) = (
        folder.appendingPathComponent("p.csv").path, folder.appendingPathComponent("c.csv").path
      )
      let synth = try run([
        "synth", card, "--shape", shape, "--participants", "300", "--seed", "4",
        "--out-participants", p, "--out-claims", c,
      ])
      #expect(synth.status == 0, "\(synth.error)")
      let ledger = try run(["eval", card, "--participants", p, "--claims", c, "--format", "csv"])
      let rows = ledger.output.split(separator: "\r\n").dropFirst()
      let rejected = rows.filter { $0.contains(",rejected,") }
      return (Double(rejected.count) / Double(max(1, rows.count)), ledger.output)
    }
    let (realistic, realisticLedger) = try rejectedShare("realistic")
    let (exercise, _) = try rejectedShare("exercise")
    #expect(realistic < 0.15, "realistic: \(realistic) rejected")
    #expect(exercise > 0.25, "exercise: \(exercise) rejected")
    #expect(!realisticLedger.contains("condition_not_met"))
    let wrong = try run([
      "synth", card, "--shape", "pretty", "--out-participants",
      folder.appendingPathComponent("x.csv").path, "--out-claims",
      folder.appendingPathComponent("y.csv").path,
    ])
    #expect(wrong.status == 2)
    #expect(wrong.error.contains("--shape must be one of exercise, realistic"))
  }

  /// Planting at a provider the programme does not have would silently plant nothing.
  @Test func plantingAtAnUnknownProviderIsAUsageError() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "plant-\(UUID().uuidString)")
    let result = try run([
      "synth", "Samples/work-programme/work-programme.ratecard", "--participants", "30",
      "--plant", "parking:Spen Advise:0.5",
      "--out-participants", folder.appendingPathComponent("p.csv").path, "--out-claims",
      folder.appendingPathComponent("c.csv").path,
    ])
    #expect(result.status == 2)
    #expect(result.error.contains("unknown provider `Spen Advise` in --plant"))
    #expect(result.error.contains("did you mean `Spen Advice`?"))
    #expect(!FileManager.default.fileExists(atPath: folder.path))
  }

  @Test func directoriesGivenAsFilesAreErrors() throws {
    let base = CommandLineTests.kbop
    let card = try run([
      "eval", "Samples", "--participants", base + ".participants.csv", "--claims",
      base + ".claims.csv",
    ])
    #expect(card.status == 1)
    #expect(card.error.contains("Samples: error: this is a folder, not a file"))
    let data = try run([
      "eval", base + ".ratecard", "--participants", "Samples", "--claims", base + ".claims.csv",
    ])
    #expect(data.status == 1)
    #expect(data.error.contains("Samples: error: this is a folder, not a file"))
  }

  /// Separate processes hash differently, so any dependence on dictionary order would show.
  @Test func outputIsByteIdenticalAcrossRuns() throws {
    let check = ["check", "--format", "json", "Tests/Fixtures/diagnostics"]
    let once = try run(check)
    let twice = try run(check)
    #expect(once.output == twice.output)
    for format in ["json", "table", "csv"] {
      let first = try run(evalArguments(format))
      let second = try run(evalArguments(format))
      #expect(first.output == second.output)
      #expect(first.error == second.error)
    }
  }

  @Test func auditIsQuietOnTheSampleAndFindsAPlantedPattern() throws {
    let base = CommandLineTests.kbop
    let clean = try run([
      "audit", base + ".ratecard", "--participants", base + ".participants.csv", "--claims",
      base + ".claims.csv",
      "--format", "json",
    ])
    #expect(clean.status == 0)
    #expect(clean.output == "{\n  \"flags\" : []\n}\n")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "audit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let participants = folder.appendingPathComponent("p.csv").path
    let claims = folder.appendingPathComponent("c.csv").path
    let synth = try run([
      "synth", base + ".ratecard", "--participants", "1600", "--seed", "3", "--plant",
      "duplicate-claim:Spen Advice:0.08", "--out-participants", participants, "--out-claims",
      claims,
    ])
    #expect(synth.status == 0, "\(synth.error)")
    let flagged = try run([
      "audit", base + ".ratecard", "--participants", participants, "--claims", claims, "--format",
      "json",
    ])
    #expect(flagged.status == 1)
    let object = try JSONSerialization.jsonObject(with: Data(flagged.output.utf8)) as? [String: Any]
    let flags = try #require(object?["flags"] as? [[String: Any]])
    let flag = try #require(flags.first { $0["pattern"] as? String == "duplicate-claim" })
    #expect(flag["provider"] as? String == "Spen Advice")
    #expect(flag["outcome"] is NSNull)
    for key in [
      "statistic", "value", "p_value", "effect_size", "method", "baseline", "cases",
      "example_participants",
      "example_claims", "explanation",
    ] {
      #expect(flag[key] != nil, "missing \(key)")
    }
    #expect((flag["p_value"] as? Double ?? 1) <= 0.01)
    let table = try run([
      "audit", base + ".ratecard", "--participants", participants, "--claims", claims,
    ])
    #expect(table.output.contains("strongest evidence first"))
    #expect(table.output.contains("duplicate-claim — Spen Advice"))
  }

  /// A script must tell "gaming found" (1) from "the data has errors" (3).
  @Test func auditWithDataErrorsExitsThree() throws {
    let base = CommandLineTests.kbop
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "audit-errors-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let participants = folder.appendingPathComponent("p.csv").path
    let claims = folder.appendingPathComponent("c.csv").path
    let synth = try run([
      "synth", base + ".ratecard", "--participants", "200", "--seed", "4", "--data-errors",
      "--out-participants", participants, "--out-claims", claims,
    ])
    #expect(synth.status == 0, "\(synth.error)")
    let audit = try run([
      "audit", base + ".ratecard", "--participants", participants, "--claims", claims,
    ])
    #expect(audit.status == 3)
    #expect(audit.error.contains("error:"))
    let card = folder.appendingPathComponent("broken.ratecard").path
    try "card \"Broken\" {\n".write(toFile: card, atomically: true, encoding: .utf8)
    let broken = try run([
      "audit", card, "--participants", base + ".participants.csv", "--claims",
      base + ".claims.csv",
    ])
    #expect(broken.status == 3)
  }

  @Test func checkListsTheOutcomesAClaimCanName() throws {
    let result = try run(["check", "--list-outcomes", "Samples/kirklees/kbop-generic.ratecard"])
    #expect(result.status == 0)
    let lines = result.output.components(separatedBy: "\n")
    #expect(lines[0] == "Samples/kirklees/kbop-generic.ratecard")
    #expect(lines.contains { $0.hasPrefix("  accommodation_sustained_18_months  £1,500") })
    #expect(lines.contains { $0.hasPrefix("  employment_sustained_6_5_weeks") })
    #expect(lines.contains { $0.contains("digital_skills") && $0.hasSuffix("(from v3)") })
  }

  /// Every example in `ratecard help COMMAND` runs as written from the repository's root.
  @Test func everyHelpExampleRuns() throws {
    for command in [
      "check", "fmt", "eval", "explain", "test", "audit", "synth", "versions", "show", "diff",
      "impact", "liability", "completions", "man", "report", "lsp",
    ] {
      let help = try run(["help", command]).output
      guard let example = help.components(separatedBy: "Example:\n").last else {
        Issue.record("`help \(command)` has no example")
        continue
      }
      let line = example.components(separatedBy: "\n\n")[0]
        .replacingOccurrences(of: "\\\n", with: " ")
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        .filter { $0 != "\\" }
      #expect(words.first == "ratecard", "\(command): \(line)")
      let result = try run(Array(words.dropFirst()))
      #expect(result.status == 0, "`\(line)` exits \(result.status): \(result.error.prefix(300))")
    }
  }

  @Test func unknownOptionsGetDidYouMean() throws {
    let result = try run(["eval", "card.ratecard", "--participant", "p.csv"])
    #expect(result.status == 2)
    #expect(result.error.contains("unknown option `--participant`; did you mean `--participants`?"))
  }

  @Test func dataFromStandardInputAndEachFileProblemNamed() throws {
    let base = CommandLineTests.kbop
    let claims = try Data(contentsOf: Repository.url(base + ".claims.csv"))
    let piped = try run(
      [
        "eval", base + ".ratecard", "--participants", base + ".participants.csv", "--claims", "-",
        "--format", "csv",
      ], input: claims)
    #expect(piped.status == 0, "\(piped.error)")
    let file = try run(
      [
        "eval", base + ".ratecard", "--participants", base + ".participants.csv", "--claims",
        base + ".claims.csv", "--format", "csv",
      ])
    #expect(piped.output == file.output)
    // Not a terminal: no progress line on standard error.
    #expect(!piped.error.contains("\r") && !file.error.contains("\r"))
    let missing = try run(
      ["eval", base + ".ratecard", "--participants", "nowhere.csv", "--claims", "-"])
    #expect(missing.error.contains("nowhere.csv: error: no such file"))
    let folder = try run(
      ["eval", base + ".ratecard", "--participants", "Samples", "--claims", "-"])
    #expect(folder.error.contains("Samples: error: this is a folder, not a file"))
    let both = try run(
      ["eval", base + ".ratecard", "--participants", "-", "--claims", "-"])
    #expect(both.status == 2)
  }

  @Test func bashCompletionCompletesCommandsAndOptions() throws {
    let script = try run(["completions", "bash"])
    #expect(script.status == 0)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "completion-\(UUID().uuidString).bash")
    try Data(script.output.utf8).write(to: folder)
    defer { try? FileManager.default.removeItem(at: folder) }
    func complete(_ words: [String]) throws -> String {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/bash")
      let quoted = words.map { "'\($0)'" }.joined(separator: " ")
      process.arguments = [
        "-c",
        "source '\(folder.path)'; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _ratecard; echo \"${COMPREPLY[*]}\"",
      ]
      let output = Pipe()
      process.standardOutput = output
      try process.run()
      let data = output.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    #expect(try complete(["ratecard", "imp"]) == "impact")
    #expect(try complete(["ratecard", "eval", "--pa"]) == "--participants")
    #expect(try complete(["ratecard", "impact", "--fr"]) == "--from")
    #expect(try run(["completions", "tcsh"]).status == 2)
    for shell in ["zsh", "fish"] {
      let other = try run(["completions", shell])
      #expect(other.status == 0 && other.output.contains("liability"))
    }
  }

  @Test func theManPageHasEveryCommand() throws {
    let page = try run(["man"]).output
    #expect(page.hasPrefix(".TH RATECARD 1"))
    for command in [
      "check", "fmt", "eval", "explain", "test", "audit", "synth", "versions", "show", "diff",
      "impact", "liability", "completions", "man",
    ] {
      #expect(page.contains(".SS \(command)\n"), "no \(command) in the man page")
    }
    #expect(page.contains(".SH EXIT STATUS"))
  }
}
