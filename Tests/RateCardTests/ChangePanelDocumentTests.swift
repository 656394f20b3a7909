import Foundation
import Testing

/// docs/change-panels.md shows real commands with their real output: each `console` block is
/// run and its output must be exactly what the page prints.
@Suite struct ChangePanelDocumentTests {
  static func sessions(in path: String) -> [(arguments: [String], output: String)] {
    let text = (try? String(contentsOf: Repository.url(path), encoding: .utf8)) ?? ""
    var sessions: [(arguments: [String], output: String)] = []
    var block: [String]?
    for line in text.components(separatedBy: "\n") {
      if block == nil, line == "```console" {
        block = []
      } else if let lines = block, line == "```" {
        if let command = lines.first, command.hasPrefix("$ ratecard ") {
          let arguments = command.dropFirst(11).split(separator: " ").map(String.init)
          sessions.append((arguments, lines.dropFirst().map { $0 + "\n" }.joined()))
        }
        block = nil
      } else {
        block?.append(line)
      }
    }
    return sessions
  }

  @Test func everyCommandPrintsWhatThePageShows() throws {
    let sessions = ChangePanelDocumentTests.sessions(in: "docs/change-panels.md")
    #expect(sessions.count >= 6)
    let commands = Set(sessions.compactMap(\.arguments.first))
    #expect(
      commands.isSuperset(of: ["versions", "check", "diff", "liability", "impact", "explain"]))
    for session in sessions {
      let result = try CommandLineTests().run(session.arguments)
      #expect(
        result.output + result.error == session.output,
        "`ratecard \(session.arguments.joined(separator: " "))` no longer prints what docs/change-panels.md shows"
      )
    }
  }
}
