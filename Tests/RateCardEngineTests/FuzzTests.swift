import Foundation
import RateCard
import RateCardEngine
import Testing

/// Mutates real cards and data files and runs everything on them: the lexer, parser,
/// checker, formatter, compiler, inline tests, data readers and evaluator must never crash
/// or hang, and must always either accept the input or say where it is wrong.
///
/// Seeded and reproducible: RATECARD_FUZZ_SEED (default 20261122) and RATECARD_FUZZ_ITERATIONS
/// (default 300 per test; .ci/run uses more). A failure names the iteration's seed and writes
/// the input to a temporary file; inputs that once broke something are kept in
/// Tests/Fixtures/fuzz-corpus and replayed by `regressionCorpus`.
@Suite struct FuzzTests {
  static let environment = ProcessInfo.processInfo.environment
  static let iterations = Int(environment["RATECARD_FUZZ_ITERATIONS"] ?? "") ?? 300
  static let seed = UInt64(environment["RATECARD_FUZZ_SEED"] ?? "") ?? 20_261_122
  /// A generous bound that catches hangs; it is not a speed measurement.
  static let hangSeconds = 10.0

  static let cards: [[UInt8]] =
    (Repository.sampleCards
    + Repository.files(in: "Tests/Fixtures/diagnostics", ending: ".ratecard"))
    .map { [UInt8](FileManager.default.contents(atPath: Repository.url($0).path) ?? Data()) }

  static let tokens: [String] = [
    "{", "}", "(", ")", "[", "]", ",", ":", ".", "=", "==", "<=", "not", "and", "or", "when",
    "unless", "price", "evidence any of", "£", "£1,500", "GBP", "30%", "2021-02-30", "2024-02-29",
    "13 weeks", "2.5 months", "99999999999999999999", "\"", "\"text", "#", "\r\n", "\t", "\n",
    "outcome x \"X\" {", "ladder l \"L\" from x {", "exception e when yes {", "test \"t\" {",
    "expect c paid £5", "claim c for p x on 2020-01-01", "participant p {}", "requires previous",
    "at most 2 per participant", "at least 3 months after start", "only by exception e when no",
    "const k = k", "table t { a: £1 }", "t[participant.provider]", "\u{FEFF}", "é", "💷",
  ]

  /// Applies one to four random mutations.
  static func mutate(_ input: [UInt8], others: [[UInt8]], random: inout SeededRandom) -> [UInt8] {
    var bytes = input
    for _ in 0..<random.int(1...4) {
      let position = bytes.isEmpty ? 0 : random.int(0...(bytes.count - 1))
      switch random.int(0...6) {
      case 0 where !bytes.isEmpty:  // flip a bit
        bytes[position] ^= UInt8(1 << random.int(0...7))
      case 1 where !bytes.isEmpty:  // delete a range
        let end = min(bytes.count, position + random.int(1...64))
        bytes.removeSubrange(position..<end)
      case 2 where !bytes.isEmpty:  // duplicate a range
        let end = min(bytes.count, position + random.int(1...200))
        bytes.insert(contentsOf: bytes[position..<end], at: position)
      case 3:  // truncate
        bytes = Array(bytes.prefix(position))
      case 4:  // splice with another file
        let other = random.pick(others)
        let cut = other.isEmpty ? 0 : random.int(0...(other.count - 1))
        bytes = Array(bytes.prefix(position)) + Array(other.suffix(from: cut))
      case 5:  // insert a random token
        bytes.insert(contentsOf: Array((" " + random.pick(tokens) + " ").utf8), at: position)
      default:  // a random byte
        bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
      }
    }
    return bytes
  }

  static func keep(_ bytes: [UInt8], _ name: String) -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(name)
    try? Data(bytes).write(to: url)
    return url.path
  }

  /// Runs the whole language on one input and returns what is wrong, if anything.
  static func exercise(card bytes: [UInt8]) -> String? {
    let source = SourceFile(path: "fuzz", bytes: bytes)
    let result = Checker.check(source)
    for diagnostic in result.diagnostics {
      guard diagnostic.span.start >= 0, diagnostic.span.end <= bytes.count else {
        return "diagnostic outside the file: \(diagnostic.message)"
      }
      let location = source.location(of: diagnostic.span.start)
      guard location.line >= 1, location.line <= source.lineStarts.count, location.column >= 1
      else {
        return "invalid position for \(diagnostic.message)"
      }
    }
    _ = DiagnosticRenderer().render(result.diagnostics, in: source)
    let (file, syntax) = Parser.parse(source)
    if syntax.allSatisfy({ $0.severity != .error }), let formatted = Formatter.format(source) {
      let (again, problems) = Parser.parse(SourceFile(path: "formatted", text: formatted))
      if problems.contains(where: { $0.severity == .error }) {
        return "the formatted card does not parse: \(problems.map(\.message).prefix(2))"
      }
      if SyntaxDump.dump(again) != SyntaxDump.dump(file) { return "formatting changed the meaning" }
    }
    if !result.hasErrors {
      for test in InlineTestRunner.run(result.card) { _ = test.passed }
    }
    return nil
  }

  @Test func mutatedCardsNeverCrashAndAlwaysExplainThemselves() {
    var failures: [String] = []
    let clock = ContinuousClock()
    for iteration in 0..<FuzzTests.iterations {
      let seed = FuzzTests.seed &+ UInt64(iteration)
      var random = SeededRandom(seed: seed)
      let input = FuzzTests.mutate(
        random.pick(FuzzTests.cards), others: FuzzTests.cards, random: &random)
      var problem: String?
      let elapsed = clock.measure { problem = FuzzTests.exercise(card: input) }
      if elapsed > .seconds(FuzzTests.hangSeconds) { problem = problem ?? "took \(elapsed)" }
      if let problem {
        failures.append(
          "seed \(seed): \(problem) (input: \(FuzzTests.keep(input, "fuzz-card-\(seed).ratecard")))"
        )
      }
    }
    print(
      "fuzz: \(FuzzTests.iterations) mutated cards from seed \(FuzzTests.seed), \(failures.count) failures"
    )
    #expect(failures.isEmpty, "\(failures.prefix(5).joined(separator: "\n"))")
  }

  // MARK: Data

  static let dataCard = "Samples/kirklees/kbop-generic"
  static let compiled = Compiler.compile(Repository.checked(dataCard + ".ratecard"))

  static func head(_ file: String, lines: Int) -> [UInt8] {
    let text = (try? String(contentsOf: Repository.url(file), encoding: .utf8)) ?? ""
    return Array(
      text.split(separator: "\n", omittingEmptySubsequences: false).prefix(lines).joined(
        separator: "\n"
      ).utf8)
  }

  static let participantsCSV = head(dataCard + ".participants.csv", lines: 60)
  static let claimsCSV = head(dataCard + ".claims.csv", lines: 120)

  /// The same claims as JSON Lines, to fuzz that reader too.
  static let claimsJSONL: [UInt8] = {
    let table = CSVReader.read(claimsCSV, path: "c")
    var out = ""
    for row in table.rows {
      let pairs = zip(table.header, row.fields).map { "\"\($0)\": \"\($1)\"" }
      out += "{" + pairs.joined(separator: ", ") + "}\n"
    }
    return Array(out.utf8)
  }()

  static func exercise(participants: [UInt8], claims: [UInt8], json: Bool, write: Bool = true)
    -> String?
  {
    let card = FuzzTests.compiled
    let participantTable = CSVReader.read(participants, path: "p.csv")
    let claimTable =
      json ? JSONLinesReader.read(claims, path: "c.jsonl") : CSVReader.read(claims, path: "c.csv")
    let (people, records, issues) = RecordLoader.load(
      participants: participantTable, claims: claimTable, card: card)
    // Every claim row becomes a claim, and the ledger has a row for each.
    guard records.count == claimTable.rows.count else {
      return "\(claimTable.rows.count) claim rows but \(records.count) claims"
    }
    for issue in issues where issue.row < 1 || issue.message.utf8.count > 600 {
      return "bad issue: \(issue.description.prefix(200))"
    }
    let ledger = Evaluator.evaluate(card, participants: people, claims: records)
    guard ledger.entries.count == records.count else { return "the ledger lost claims" }
    guard ledger.total == ledger.entries.lazy.map(\.amount).saturatingSum() else {
      return "totals differ"
    }
    if write {
      _ = LedgerWriter.csv(ledger)
      _ = LedgerWriter.json(ledger)
      _ = LedgerWriter.table(ledger)
    }
    return nil
  }

  @Test func mutatedDataNeverCrashAndNeverLosesAClaim() {
    var failures: [String] = []
    let data = [FuzzTests.participantsCSV, FuzzTests.claimsCSV, FuzzTests.claimsJSONL]
    for iteration in 0..<FuzzTests.iterations {
      let seed = FuzzTests.seed &+ 1_000_000 &+ UInt64(iteration)
      var random = SeededRandom(seed: seed)
      let json = random.chance(0.3)
      var participants = FuzzTests.participantsCSV
      var claims = json ? FuzzTests.claimsJSONL : FuzzTests.claimsCSV
      if random.chance(0.3) {
        participants = FuzzTests.mutate(participants, others: data, random: &random)
      } else {
        claims = FuzzTests.mutate(claims, others: data, random: &random)
      }
      let write = iteration % 5 == 0
      if let problem = FuzzTests.exercise(
        participants: participants, claims: claims, json: json, write: write)
      {
        let kept = FuzzTests.keep(claims, "fuzz-claims-\(seed)")
        failures.append("seed \(seed): \(problem) (claims: \(kept))")
      }
    }
    print(
      "fuzz: \(FuzzTests.iterations) mutated data files from seed \(FuzzTests.seed &+ 1_000_000), \(failures.count) failures"
    )
    #expect(failures.isEmpty, "\(failures.prefix(5).joined(separator: "\n"))")
  }

  // MARK: Regressions

  @Test func regressionCorpus() {
    let cards = Repository.files(in: "Tests/Fixtures/fuzz-corpus", ending: ".ratecard")
    #expect(!cards.isEmpty)
    for path in cards {
      let bytes = [UInt8](FileManager.default.contents(atPath: Repository.url(path).path) ?? Data())
      #expect(FuzzTests.exercise(card: bytes) == nil, "\(path)")
    }
    for path in Repository.files(in: "Tests/Fixtures/fuzz-corpus", ending: ".claims.csv") {
      let bytes = [UInt8](FileManager.default.contents(atPath: Repository.url(path).path) ?? Data())
      #expect(
        FuzzTests.exercise(participants: FuzzTests.participantsCSV, claims: bytes, json: false)
          == nil, "\(path)")
    }
  }
}
