import Foundation
import Testing

@testable import RateCard

/// The TextMate grammar editors use to highlight `.ratecard` files.
@Suite struct HighlightingTests {
  struct Pattern {
    var name: String
    var regex: NSRegularExpression
  }

  static func patterns() throws -> (root: [String: Any], patterns: [Pattern]) {
    let data = try Data(contentsOf: Repository.url("Grammar/ratecard.tmLanguage.json"))
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var found: [Pattern] = []
    func collect(_ node: Any, name: String?) throws {
      if let dictionary = node as? [String: Any] {
        let ownName = dictionary["name"] as? String ?? name
        for key in ["match", "begin"] {
          if let source = dictionary[key] as? String {
            found.append(
              Pattern(
                name: ownName ?? "",
                regex: try NSRegularExpression(pattern: source, options: [.anchorsMatchLines])))
          }
        }
        for (key, value) in dictionary where key != "captures" { try collect(value, name: ownName) }
      } else if let array = node as? [Any] {
        for item in array { try collect(item, name: name) }
      }
    }
    try collect(root["repository"] as Any, name: nil)
    return (root, found)
  }

  func scopes(of text: String, in patterns: [Pattern]) -> [String] {
    let range = NSRange(text.startIndex..., in: text)
    return patterns.filter { pattern in
      guard let match = pattern.regex.firstMatch(in: text, range: range) else { return false }
      return match.range == range
    }.map(\.name)
  }

  @Test func grammarIsValidAndNamesTheFileType() throws {
    let (root, patterns) = try HighlightingTests.patterns()
    #expect(root["scopeName"] as? String == "source.ratecard")
    #expect((root["fileTypes"] as? [String]) == ["ratecard"])
    #expect(patterns.count >= 10)
  }

  @Test func literalsAreHighlighted() throws {
    let patterns = try HighlightingTests.patterns().patterns
    #expect(scopes(of: "£1,500", in: patterns).contains("constant.numeric.money.ratecard"))
    #expect(scopes(of: "GBP 341.75", in: patterns).contains("constant.numeric.money.ratecard"))
    #expect(scopes(of: "30%", in: patterns).contains("constant.numeric.percent.ratecard"))
    #expect(scopes(of: "2020-10-01", in: patterns).contains("constant.numeric.date.ratecard"))
    #expect(scopes(of: "6.5 weeks", in: patterns).contains("constant.numeric.duration.ratecard"))
    #expect(scopes(of: "# a comment", in: patterns).contains("comment.line.number-sign.ratecard"))
    #expect(scopes(of: "documentary", in: patterns).contains("support.constant.strength.ratecard"))
  }

  @Test func everyDeclarationAndClauseWordIsAKeyword() throws {
    let patterns = try HighlightingTests.patterns().patterns
    for word in Parser.declarationWords {
      #expect(
        scopes(of: word, in: patterns).contains("keyword.declaration.ratecard"), "\(word)")
    }
    for word in Parser.clauseWords {
      #expect(scopes(of: word, in: patterns).contains { $0.hasPrefix("keyword.") }, "\(word)")
    }
  }

  /// The VS Code extension packages the one grammar (linked, not copied) and names the
  /// language and its comment character.
  @Test func theVSCodeExtensionPackagesTheGrammar() throws {
    let folder = Repository.url("Grammar/vscode")
    let package = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("package.json"))) as? [String: Any])
    let contributes = try #require(package["contributes"] as? [String: Any])
    let grammar = try #require((contributes["grammars"] as? [[String: Any]])?.first)
    #expect(grammar["scopeName"] as? String == "source.ratecard")
    let path = try #require(grammar["path"] as? String)
    let linked = try Data(contentsOf: folder.appendingPathComponent(path))
    let original = try Data(contentsOf: Repository.url("Grammar/ratecard.tmLanguage.json"))
    #expect(linked == original)
    let language = try #require((contributes["languages"] as? [[String: Any]])?.first)
    #expect(language["extensions"] as? [String] == [".ratecard"])
    let configuration = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("language-configuration.json")))
        as? [String: Any])
    #expect((configuration["comments"] as? [String: String])?["lineComment"] == "#")
    let editors = try String(contentsOf: Repository.url("docs/editors.md"), encoding: .utf8)
    for editor in ["## Neovim", "## Helix", "## Visual Studio Code"] {
      #expect(editors.contains(editor))
    }
    #expect(editors.components(separatedBy: "\"lsp\"").count >= 3)
  }
}
