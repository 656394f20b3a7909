import Foundation
import RateCard
import RateCardEngine
import Testing

/// Inputs built to break things, generated here rather than stored (some are huge).
@Suite struct HostileInputTests {
  /// The size of the huge data field: 5 MB by default, 100 MB in the CI fuzz stage.
  static let hugeField = FuzzTests.iterations > 1_000 ? 100_000_000 : 5_000_000

  @Test func aMegabyteIdentifierGetsAShortDiagnostic() {
    let name = String(repeating: "x", count: 1_000_000)
    let card = """
      card "Huge" {
        currency GBP
        term 2020-01-01 to 2020-12-31
      }
      payers {
        c "C" 100%
      }
      outcome o "O" {
        price £1
        requires \(name)
        evidence \(name)
      }
      # \(name)
      """
    let source = SourceFile(path: "huge", text: card)
    let result = Checker.check(source)
    #expect(result.diagnostics.map(\.code).contains(.unknownName))
    #expect(
      result.diagnostics.allSatisfy { $0.message.utf8.count <= Diagnostic.longestMessage + 3 })
    let rendered = DiagnosticRenderer().render(result.diagnostics, in: source)
    #expect(rendered.utf8.count < 10_000)
    #expect(Formatter.format(source) != nil)
  }

  @Test func hugeNumbersAndDeepNestingAreDiagnostics() {
    let deep = String(repeating: "(", count: 200_000) + "1" + String(repeating: ")", count: 200_000)
    let result = Checker.check(
      SourceFile(
        path: "t", text: "const a = \(deep)\nconst b = £\(String(repeating: "9", count: 40))\n"))
    #expect(result.diagnostics.map(\.code).contains(.nestingTooDeep))
    #expect(result.diagnostics.map(\.code).contains(.numberTooLarge))
  }

  @Test func aHugeDataFieldIsReportedBriefly() {
    var text = "claim_id,participant_id,outcome,achieved_on,evidence\nc1,p1,x,"
    text += String(repeating: "9", count: HostileInputTests.hugeField)
    text += ",a\nc2,p1,x,2020-01-01,a\n"
    let card = Compiler.compile(Repository.checked("Samples/kirklees/kbop-generic.ratecard"))
    let table = CSVReader.read(Array(text.utf8), path: "c.csv")
    let (claims, issues) = RecordLoader.claims(table, card: card)
    #expect(claims.count == 2)
    #expect(issues.contains { $0.row == 2 && $0.columnName == "achieved_on" })
    #expect(issues.allSatisfy { $0.description.utf8.count < 700 })
    let ledger = Evaluator.evaluate(card, participants: [], claims: claims)
    #expect(ledger.entries.count == 2)
  }

  @Test func emptyAndHeaderOnlyFiles() {
    let card = Compiler.compile(Repository.checked("Samples/kirklees/kbop-generic.ratecard"))
    let empty = CSVReader.read([], path: "c.csv")
    let (none, issues) = RecordLoader.claims(empty, card: card)
    #expect(none.isEmpty)
    #expect(issues.map(\.message).contains("the file is empty: it needs a header row"))
    let headerOnly = CSVReader.read(
      Array("claim_id,participant_id,outcome,achieved_on,evidence\n".utf8), path: "c.csv")
    let (zero, headerIssues) = RecordLoader.claims(headerOnly, card: card)
    #expect(zero.isEmpty && !headerIssues.contains { $0.severity == .error })
    #expect(Evaluator.evaluate(card, participants: [], claims: zero).entries.isEmpty)
    let blank = JSONLinesReader.read(Array("\n\n".utf8), path: "c.jsonl")
    #expect(blank.issues.map(\.message) == ["the file has no records"])
  }

  @Test func cardsInEveryEncodingShape() {
    let card = try! String(
      contentsOf: Repository.url("Samples/work-programme/work-programme.ratecard"), encoding: .utf8)
    let variants: [[UInt8]] = [
      [0xEF, 0xBB, 0xBF] + Array(card.utf8),
      Array(card.replacingOccurrences(of: "\n", with: "\r\n").utf8),
      Array(card.replacingOccurrences(of: "  ", with: "\t").utf8),
    ]
    for bytes in variants {
      let result = Checker.check(SourceFile(path: "v", bytes: bytes))
      #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
      let tests = InlineTestRunner.run(result.card)
      #expect(tests.allSatisfy { $0.passed })
    }
  }
}
