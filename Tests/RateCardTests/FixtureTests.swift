import Foundation
import RateCard
import Testing

/// Every broken card in Tests/Fixtures/diagnostics names the diagnostic it must produce on its
/// first line (`# expect: CODE`), and its full rendered diagnostics are kept in a golden
/// `.expected` file beside it. Set RATECARD_RECORD=1 to re-record the golden files, then
/// review the change as a diff.
@Suite struct FixtureTests {
  static let record = ProcessInfo.processInfo.environment["RATECARD_RECORD"] == "1"

  @Test func thereAreAtLeastFortyBrokenCards() {
    #expect(Repository.fixtureCards.count >= 40)
  }

  @Test(arguments: Repository.fixtureCards)
  func producesTheExpectedDiagnostic(path: String) throws {
    let source = Repository.source(path)
    let firstLine = source.lineText(1)
    let expectedCode = try #require(
      firstLine.hasPrefix("# expect: ") ? String(firstLine.dropFirst(10)) : nil,
      "\(path) must start with `# expect: CODE`")
    let result = Checker.check(source)
    #expect(
      codes(result).contains(expectedCode),
      "\(path): expected \(expectedCode), got \(codes(result))")
    // Every diagnostic points inside the file.
    for diagnostic in result.diagnostics {
      #expect(diagnostic.span.start >= 0 && diagnostic.span.end <= source.bytes.count)
    }
    let rendered = DiagnosticRenderer().render(result.diagnostics, in: source)
    let goldenURL = Repository.url(path.replacingOccurrences(of: ".ratecard", with: ".expected"))
    if FixtureTests.record {
      try Data(rendered.utf8).write(to: goldenURL)
    }
    let golden = try String(contentsOf: goldenURL, encoding: .utf8)
    #expect(rendered == golden, "\(path): diagnostics differ from the golden file")
  }
}
