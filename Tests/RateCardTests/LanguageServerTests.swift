import Foundation
import Testing

@testable import RateCard

/// `ratecard lsp`, driven by scripted JSON-RPC sessions: the protocol directly, and once end
/// to end through the tool's standard input and output.
@Suite struct LanguageServerTests {
  static let uri = "file:///cards/entry.ratecard"
  static let card = """
    card "Editor" {
      currency GBP
      term 2020-01-01 to 2022-12-31
    }
    payers {
      council "Council" 100%
    }
    claim fields {
      hours number optional
    }
    evidence {
      letter "Landlord's letter" third_party
    }
    outcome entry "Entry into accommodation" {
      price £500
      evidence letter
    }
    outcome kept "Kept" {
      price £1,000
      requires entry
      when claim.hours >= 16
      evidence letter
    }

    """

  static func request(_ id: Int, _ method: String, _ params: [String: Any]) -> [String: Any] {
    ["jsonrpc": "2.0", "id": id, "method": method, "params": params]
  }

  static func at(_ line: Int, _ character: Int) -> [String: Any] {
    ["textDocument": ["uri": uri], "position": ["line": line, "character": character]]
  }

  func result(_ replies: [[String: Any]]) -> Any? { replies.first?["result"] }

  @Test func aScriptedSession() throws {
    var server = LanguageServer()
    let initialize = server.handle(LanguageServerTests.request(1, "initialize", [:]))
    let capabilities = try #require(
      (result(initialize) as? [String: Any])?["capabilities"] as? [String: Any])
    for capability in [
      "hoverProvider", "definitionProvider", "referencesProvider", "documentFormattingProvider",
      "documentSymbolProvider",
    ] {
      #expect(capabilities[capability] as? Bool == true, "\(capability)")
    }
    // A typo: the diagnostic arrives as soon as the document opens, with its range and help.
    let broken = LanguageServerTests.card.replacingOccurrences(
      of: "requires entry", with: "requires entyr")
    let opened = server.handle([
      "jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": ["textDocument": ["uri": LanguageServerTests.uri, "text": broken]],
    ])
    let published = try #require(opened.first?["params"] as? [String: Any])
    let diagnostics = try #require(published["diagnostics"] as? [[String: Any]])
    let error = try #require(diagnostics.first { $0["severity"] as? Int == 1 })
    #expect((error["message"] as? String)?.contains("did you mean `entry`?") == true)
    let range = try #require(error["range"] as? [String: [String: Int]])
    #expect(range["start"] == ["line": 19, "character": 11])
    // Fixed as you type: the errors go.
    let changed = server.handle([
      "jsonrpc": "2.0", "method": "textDocument/didChange",
      "params": [
        "textDocument": ["uri": LanguageServerTests.uri],
        "contentChanges": [["text": LanguageServerTests.card]],
      ],
    ])
    let after = (changed.first?["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]]
    #expect(after?.contains { $0["severity"] as? Int == 1 } == false)

    // Hover on `entry` in `requires entry` (line 19, 0-based): its price and rules.
    let hover = result(
      server.handle(
        LanguageServerTests.request(2, "textDocument/hover", LanguageServerTests.at(19, 13))))
    let hoverText = ((hover as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String
    #expect(hoverText?.hasPrefix("**entry**: Entry into accommodation") == true)
    #expect(hoverText?.contains("price £500") == true)
    #expect(hoverText?.contains("evidence letter") == true)

    // Go to definition: the outcome's id on line 13.
    let definition = result(
      server.handle(
        LanguageServerTests.request(3, "textDocument/definition", LanguageServerTests.at(19, 13))))
    let target = (definition as? [String: Any])?["range"] as? [String: [String: Int]]
    #expect(target?["start"] == ["line": 13, "character": 8])

    // Find references of the evidence kind `letter`: its declaration and two uses.
    let references = result(
      server.handle(
        LanguageServerTests.request(4, "textDocument/references", LanguageServerTests.at(11, 3))))
    #expect((references as? [Any])?.count == 3)

    // Completion after `claim.`: the claim fields.
    let completionParams = LanguageServerTests.at(20, 13)
    let fields = result(
      server.handle(LanguageServerTests.request(5, "textDocument/completion", completionParams)))
    let labels = (fields as? [[String: Any]])?.compactMap { $0["label"] as? String } ?? []
    #expect(labels.contains("hours") && labels.contains("achieved_on"))
    let anywhere = result(
      server.handle(
        LanguageServerTests.request(6, "textDocument/completion", LanguageServerTests.at(16, 0))))
    let names = (anywhere as? [[String: Any]])?.compactMap { $0["label"] as? String } ?? []
    #expect(names.contains("entry") && names.contains("letter") && names.contains("price"))

    // Document symbols: the outcomes by name.
    let symbols = result(
      server.handle(
        LanguageServerTests.request(
          7, "textDocument/documentSymbol", ["textDocument": ["uri": LanguageServerTests.uri]])))
    let symbolNames = (symbols as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
    #expect(symbolNames.contains("entry") && symbolNames.contains("kept"))

    // Formatting a messy document returns the canonical text.
    _ = server.handle([
      "jsonrpc": "2.0", "method": "textDocument/didChange",
      "params": [
        "textDocument": ["uri": LanguageServerTests.uri],
        "contentChanges": [["text": "const   limit =  GBP 5\n"]],
      ],
    ])
    let edits = result(
      server.handle(
        LanguageServerTests.request(
          8, "textDocument/formatting", ["textDocument": ["uri": LanguageServerTests.uri]])))
    #expect((edits as? [[String: Any]])?.first?["newText"] as? String == "const limit = £5\n")

    let unknown = server.handle(LanguageServerTests.request(9, "workspace/symbol", [:]))
    #expect((unknown.first?["error"] as? [String: Any])?["code"] as? Int == -32601)
    _ = server.handle(LanguageServerTests.request(10, "shutdown", [:]))
    _ = server.handle(["jsonrpc": "2.0", "method": "exit"])
    #expect(server.shutdownRequested && server.exitRequested)
  }

  @Test func theToolSpeaksLSPOnStandardInputAndOutput() throws {
    func frame(_ message: [String: Any]) throws -> Data {
      let body = try JSONSerialization.data(withJSONObject: message)
      return Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
    var input = Data()
    input += try frame(LanguageServerTests.request(1, "initialize", [:]))
    input += try frame([
      "jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": [
        "textDocument": ["uri": LanguageServerTests.uri, "text": "outcome x \"X\" {\n}\n"]
      ],
    ])
    input += try frame(LanguageServerTests.request(2, "shutdown", [:]))
    input += try frame(["jsonrpc": "2.0", "method": "exit"])
    let result = try CommandLineTests().run(["lsp"], input: input)
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.hasPrefix("Content-Length: "))
    #expect(result.output.contains("\"capabilities\""))
    #expect(result.output.contains("textDocument/publishDiagnostics"))
    #expect(result.output.contains("has no price"))
  }
}
