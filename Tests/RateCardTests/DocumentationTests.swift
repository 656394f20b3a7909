import Foundation
import Testing

@testable import RateCard

/// The examples in docs/ are checked: every `ratecard` block parses, every block that is a
/// whole card checks with no errors, and the reference tables list every code.
@Suite struct DocumentationTests {
  static let documents = [
    "docs/language.md", "docs/tutorial.md", "docs/evaluation.md", "docs/audit.md", "README.md",
    "docs/change-panels.md",
  ]

  static func blocks(in path: String) -> [String] {
    let text = (try? String(contentsOf: Repository.url(path), encoding: .utf8)) ?? ""
    var blocks: [String] = []
    var current: [String]?
    for line in text.components(separatedBy: "\n") {
      if current == nil, line == "```ratecard" {
        current = []
      } else if current != nil, line == "```" {
        blocks.append(current!.joined(separator: "\n") + "\n")
        current = nil
      } else {
        current?.append(line)
      }
    }
    return blocks
  }

  static func text(_ path: String) -> String {
    (try? String(contentsOf: Repository.url(path), encoding: .utf8)) ?? ""
  }

  @Test(arguments: documents)
  func everyExampleParsesAndWholeCardsCheck(path: String) {
    let blocks = DocumentationTests.blocks(in: path)
    #expect(!blocks.isEmpty, "\(path) has no examples")
    for (number, block) in blocks.enumerated() {
      let source = SourceFile(path: "\(path) example \(number + 1)", text: block)
      let (_, syntax) = Parser.parse(source)
      #expect(syntax.isEmpty, "\(path) example \(number + 1): \(syntax.map(\.message))")
      if block.hasPrefix("card "), block.contains("\npayers {") {
        let result = Checker.check(source)
        #expect(!result.hasErrors, "\(path) example \(number + 1): \(result.errors.map(\.message))")
      }
    }
  }

  @Test func theTutorialEndsWithTheSampleCard() throws {
    let last = try #require(DocumentationTests.blocks(in: "docs/tutorial.md").last)
    #expect(last == Repository.source("Samples/fair-chance-fund/fair-chance-fund.ratecard").text)
  }

  @Test func everyDiagnosticCodeIsDocumented() {
    let text = DocumentationTests.text("docs/diagnostics.md")
    for code in DiagnosticCode.allCases {
      #expect(text.contains("`\(code.rawValue)`"), "docs/diagnostics.md lacks \(code.rawValue)")
    }
  }

  @Test func everyReasonCodeIsDocumented() {
    let text = DocumentationTests.text("docs/language.md")
    for reason in ReasonCode.allCases {
      #expect(
        text.contains("| `\(reason.rawValue)` |"), "docs/language.md lacks \(reason.rawValue)")
    }
  }

  @Test func theREADMEStartsWithTheTwoCommands() {
    let lines = DocumentationTests.text("README.md").components(separatedBy: "\n")
    #expect(lines[2].trimmingCharacters(in: .whitespaces).hasPrefix("swift run ratecard"))
    #expect(lines[3].trimmingCharacters(in: .whitespaces).hasPrefix("swift test"))
    let ci = DocumentationTests.text(".ci/run")
    #expect(ci.contains("\nswift test\n"))
    // The test command is exactly the one CI runs first.
    #expect(lines[3].trimmingCharacters(in: .whitespaces) == "swift test")
    let firstCommand = ci.components(separatedBy: "\n").first {
      !$0.isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix("set ") && !$0.hasPrefix("cd ")
        && !$0.hasPrefix("echo ")
    }
    #expect(firstCommand == "swift test")
  }

  /// The README's first command works word for word (run with the built tool).
  @Test func theREADMEsFirstCommandRuns() throws {
    let line = DocumentationTests.text("README.md").components(separatedBy: "\n")[2]
      .trimmingCharacters(in: .whitespaces)
    let words = line.split(separator: " ").map(String.init)
    #expect(Array(words.prefix(3)) == ["swift", "run", "ratecard"])
    let result = try CommandLineTests().run(Array(words.dropFirst(3)))
    #expect(result.status == 0, "\(result.error.prefix(300))")
    #expect(result.output.contains("Kirklees Better Outcomes Partnership"))
  }

  @Test func theIndexLinksEveryDocument() throws {
    let index = DocumentationTests.text("docs/index.md")
    let documents = try FileManager.default.contentsOfDirectory(atPath: Repository.url("docs").path)
      .filter { $0.hasSuffix(".md") && $0 != "index.md" }
    #expect(documents.count >= 9)
    for document in documents {
      #expect(index.contains("](\(document))"), "docs/index.md does not link \(document)")
    }
    #expect(DocumentationTests.text("README.md").contains("docs/index.md"))
  }
}
