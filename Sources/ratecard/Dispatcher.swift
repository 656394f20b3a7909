import Foundation
import RateCard

/// The documented exit codes.
enum ExitStatus: Int32, Error {
  case success = 0
  case findings = 1
  case usage = 2
  /// `audit` only: the card or data had errors, so any flags rest on part of the data.
  case inputErrors = 3
}

/// A subcommand: its name, one-line summary, help text and body.
protocol Subcommand {
  static var name: String { get }
  static var summary: String { get }
  static var help: String { get }
  static func run(_ options: Options) -> ExitStatus
}

enum Dispatcher {
  static let version = "0.1.0"
  static var subcommands: [any Subcommand.Type] {
    [
      CheckCommand.self, FormatCommand.self, EvalCommand.self, ExplainCommand.self,
      TestCommand.self, AuditCommand.self, SynthCommand.self, VersionsCommand.self,
      ShowCommand.self, DiffCommand.self, ImpactCommand.self, LiabilityCommand.self,
      ReportCommand.self, CompletionsCommand.self, ManCommand.self, LspCommand.self,
    ]
  }

  static var help: String {
    let entries =
      subcommands.map { ($0.name, $0.summary) } + [
        ("help", "Show help for a command: `ratecard help check`")
      ]
    let width = entries.map(\.0.count).max() ?? 0
    let lines = entries.map {
      "  " + $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1
    }
    return """
      ratecard \(version): rate cards for outcomes contracts

      Usage: ratecard <command> [options] [files]

      Commands:
      \(lines.joined(separator: "\n"))

      Options:
        -h, --help     Show this help
        --version      Show the version

      Exit codes: 0 success, 1 findings or errors, 2 usage.
      Documentation: docs/cli.md and docs/language.md

      """
  }

  static func run(_ arguments: [String]) -> ExitStatus {
    guard let first = arguments.first else {
      Output.standardError(help)
      return .usage
    }
    switch first {
    case "-h", "--help":
      Output.standardOutput(help)
      return .success
    case "--version", "-V":
      Output.standardOutput("ratecard \(version)\n")
      return .success
    case "help":
      guard let name = arguments.dropFirst().first else {
        Output.standardOutput(help)
        return .success
      }
      guard let command = subcommands.first(where: { $0.name == name }) else {
        return unknownCommand(name)
      }
      Output.standardOutput(command.help)
      return .success
    default:
      guard let command = subcommands.first(where: { $0.name == first }) else {
        return unknownCommand(first)
      }
      let rest = Array(arguments.dropFirst())
      if rest.contains("--help") || rest.contains("-h") {
        Output.standardOutput(command.help)
        return .success
      }
      switch Options.parse(rest, for: command) {
      case .success(let options): return command.run(options)
      case .failure(let problem):
        Output.standardError("ratecard \(command.name): \(problem.message)\n")
        Output.standardError("Run `ratecard \(command.name) --help` for usage.\n")
        return .usage
      }
    }
  }

  static func unknownCommand(_ name: String) -> ExitStatus {
    var message = "ratecard: unknown command `\(name)`"
    if let close = closest(name, in: subcommands.map { $0.name } + ["help"]) {
      message += "; did you mean `\(close)`?"
    }
    Output.standardError(message + "\nRun `ratecard --help` for the list of commands.\n")
    return .usage
  }

  static func closest(_ name: String, in candidates: [String]) -> String? {
    FuzzyMatch.bestMatch(for: name, in: candidates)
  }
}
