import Foundation
import Testing

@testable import RateCard

@Suite struct FormatterTests {
  /// Every card in the repository that parses: the samples and the fixtures.
  static var parseableCards: [String] {
    (Repository.sampleCards + Repository.fixtureCards).filter { path in
      !Parser.parse(Repository.source(path)).1.contains { $0.severity == .error }
    }
  }

  @Test func thereAreManyCardsToFormat() {
    #expect(FormatterTests.parseableCards.count >= 40)
  }

  @Test(arguments: FormatterTests.parseableCards)
  func formattingIsIdempotentAndKeepsMeaningAndComments(path: String) throws {
    let source = Repository.source(path)
    let original = Parser.parse(source).0
    let once = try #require(Formatter.format(source))
    let formattedSource = SourceFile(path: path, text: once)
    let (reparsed, diagnostics) = Parser.parse(formattedSource)
    #expect(diagnostics.filter { $0.severity == .error }.isEmpty)
    #expect(SyntaxDump.dump(reparsed) == SyntaxDump.dump(original), "\(path): meaning changed")
    #expect(reparsed.comments.map(\.text) == original.comments.map(\.text), "\(path): comments")
    #expect(Formatter.format(formattedSource) == once, "\(path): not idempotent")
  }

  /// The documentation's examples cover every construct (versions, milestone ladders, groups,
  /// suspensions, restarts): formatting keeps each one's meaning too.
  @Test func documentationExamplesFormatKeepingTheirMeaning() throws {
    var formatted = 0
    for document in DocumentationTests.documents {
      for (number, block) in DocumentationTests.blocks(in: document).enumerated() {
        let source = SourceFile(path: "\(document) example \(number + 1)", text: block)
        let original = Parser.parse(source)
        guard !original.1.contains(where: { $0.severity == .error }) else { continue }
        let once = try #require(Formatter.format(source))
        let reparsed = Parser.parse(SourceFile(path: source.path, text: once)).0
        #expect(SyntaxDump.dump(reparsed) == SyntaxDump.dump(original.0), "\(source.path)")
        #expect(Formatter.format(SourceFile(path: source.path, text: once)) == once)
        formatted += 1
      }
    }
    #expect(formatted >= 30)
  }

  @Test func samplesAreAlreadyFormatted() {
    for path in Repository.sampleCards {
      let source = Repository.source(path)
      #expect(Formatter.format(source) == source.text, "\(path) is not formatted")
    }
  }

  @Test func messyLayoutBecomesCanonical() throws {
    let messy = """
      # Header comment
      outcome   employment_entry "Entry"{price GBP 500.00 # published
      evidence any of a,b at least documentary


          when claim.hours>=16 and(claim.kind==x or claim.kind==y)
      }
      ladder l "L" from start { 6.5 weeks £600
      13 weeks   £900 { when claim.hours > 1 } }
      """
    let expected = """
      # Header comment
      outcome employment_entry "Entry" {
        price £500  # published
        evidence any of a, b at least documentary

        when claim.hours >= 16 and (claim.kind == x or claim.kind == y)
      }

      ladder l "L" from start {
        6.5 weeks £600
        13 weeks £900 {
          when claim.hours > 1
        }
      }

      """
    let formatted = try #require(Formatter.format(SourceFile(path: "t", text: messy)))
    #expect(formatted == expected)
  }

  @Test func cardsWithSyntaxErrorsAreNotFormatted() {
    #expect(Formatter.format(SourceFile(path: "t", text: "outcome o \"O\" { price }")) == nil)
  }

  @Test func literalsTakeTheirStandardSpelling() throws {
    let formatted = try #require(
      Formatter.format(
        SourceFile(path: "t", text: "const a = GBP 1500\nconst b = 1 month\nconst c = 10000")))
    #expect(formatted == "const a = £1,500\nconst b = 1 month\nconst c = 10,000\n")
  }
}
