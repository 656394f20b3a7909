import Foundation
import RateCard
import RateCardEngine
import Testing

/// The worked examples in the docs are cards with inline tests: each must check with no
/// errors and pass all its tests.
@Suite struct DocumentationExampleTests {
  static func wholeCards(in path: String) -> [String] {
    let text = (try? String(contentsOf: Repository.url(path), encoding: .utf8)) ?? ""
    var blocks: [String] = []
    var current: [String]?
    for line in text.components(separatedBy: "\n") {
      if current == nil, line == "```ratecard" {
        current = []
      } else if let lines = current, line == "```" {
        let block = lines.joined(separator: "\n") + "\n"
        if block.hasPrefix("card "), block.contains("\ntest ") { blocks.append(block) }
        current = nil
      } else {
        current?.append(line)
      }
    }
    return blocks
  }

  @Test func evaluationHasWorkedExamples() {
    #expect(DocumentationExampleTests.wholeCards(in: "docs/evaluation.md").count >= 4)
  }

  @Test(arguments: ["docs/evaluation.md", "docs/language.md", "docs/change-panels.md"])
  func workedExamplesPass(path: String) throws {
    for (number, block) in DocumentationExampleTests.wholeCards(in: path).enumerated() {
      let result = Checker.check(SourceFile(path: "\(path) example \(number + 1)", text: block))
      #expect(!result.hasErrors, "\(path) example \(number + 1): \(result.errors.map(\.message))")
      for test in InlineTestRunner.run(result.versions) {
        #expect(test.passed, "\(path) \"\(test.name)\": \(test.failures.joined(separator: "\n"))")
      }
    }
  }
}
