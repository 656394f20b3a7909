import RateCard

/// The options of one subcommand, parsed without any package: `--name value`, `--flag`, and
/// positional paths.
struct Options {
  var paths: [String] = []
  var values: [String: String] = [:]
  var flags: Set<String> = []

  struct Problem: Error {
    var message: String
  }

  /// Each subcommand states which options take a value and which are flags.
  static func parse(_ arguments: [String], for command: any Subcommand.Type) -> Result<
    Options, Problem
  > {
    let spec = OptionSpec.of(command)
    var options = Options()
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if argument == "--" {
        options.paths += arguments[index...]
        break
      }
      guard argument.hasPrefix("-"), argument != "-" else {
        options.paths.append(argument)
        continue
      }
      var name = argument
      var inlineValue: String?
      if let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      if spec.flags.contains(name) {
        options.flags.insert(name)
      } else if let allowed = spec.values[name] {
        guard let value = inlineValue ?? (index < arguments.count ? arguments[index] : nil) else {
          return .failure(Problem(message: "\(name) needs a value"))
        }
        if inlineValue == nil { index += 1 }
        if !allowed.isEmpty && !allowed.contains(value) {
          return .failure(
            Problem(
              message:
                "\(name) must be one of \(allowed.joined(separator: ", ")), not `\(value)`"))
        }
        options.values[name] = value
      } else {
        let known = Array(spec.flags) + Array(spec.values.keys) + ["--help"]
        let hint = FuzzyMatch.suggestion(for: name, in: known)
        return .failure(
          Problem(message: "unknown option `\(name)`" + (hint.map { "; \($0)" } ?? "")))
      }
    }
    return .success(options)
  }
}

/// Which options a subcommand accepts; an empty list of values means any value.
struct OptionSpec {
  var flags: Set<String>
  var values: [String: [String]]

  static func of(_ command: any Subcommand.Type) -> OptionSpec {
    switch command.name {
    case CheckCommand.name:
      return OptionSpec(
        flags: ["--no-color", "--list-outcomes"], values: ["--format": ["text", "json"]])
    case FormatCommand.name:
      return OptionSpec(flags: ["--check", "--stdout"], values: [:])
    case EvalCommand.name:
      return OptionSpec(
        flags: ["--ledger"],
        values: [
          "--participants": [], "--claims": [], "--out": [], "--format": ["table", "csv", "json"],
          "--version": [], "--date-format": ["YYYY-MM-DD", "DD/MM/YYYY"],
          "--encoding": ["utf-8", "windows-1252"],
        ])
    case SynthCommand.name:
      return OptionSpec(
        flags: ["--data-errors"],
        values: [
          "--participants": [], "--seed": [], "--out-participants": [], "--out-claims": [],
          "--plant": [], "--shape": ["exercise", "realistic"], "--providers": [],
          "--achievement": [],
        ])
    case AuditCommand.name:
      return OptionSpec(
        flags: [],
        values: [
          "--participants": [], "--claims": [], "--format": ["table", "json"],
          "--date-format": ["YYYY-MM-DD", "DD/MM/YYYY"], "--encoding": ["utf-8", "windows-1252"],
        ])
    case VersionsCommand.name:
      return OptionSpec(flags: [], values: ["--format": ["table", "json"]])
    case ShowCommand.name:
      return OptionSpec(flags: [], values: ["--on": [], "--version": []])
    case DiffCommand.name:
      return OptionSpec(
        flags: [], values: ["--from": [], "--to": [], "--format": ["table", "json"]])
    case ImpactCommand.name:
      return OptionSpec(
        flags: [],
        values: [
          "--from": [], "--to": [], "--participants": [], "--claims": [],
          "--format": ["table", "json"], "--date-format": ["YYYY-MM-DD", "DD/MM/YYYY"],
          "--encoding": ["utf-8", "windows-1252"],
        ])
    case ReportCommand.name:
      return OptionSpec(
        flags: [],
        values: [
          "--participants": [], "--claims": [], "--out": [], "--from": [], "--to": [],
          "--date-format": ["YYYY-MM-DD", "DD/MM/YYYY"], "--encoding": ["utf-8", "windows-1252"],
        ])
    case LiabilityCommand.name:
      return OptionSpec(flags: [], values: ["--version": []])
    case ExplainCommand.name:
      return OptionSpec(
        flags: [],
        values: [
          "--participants": [], "--claims": [], "--version": [],
          "--date-format": ["YYYY-MM-DD", "DD/MM/YYYY"], "--encoding": ["utf-8", "windows-1252"],
        ])
    default:
      return OptionSpec(flags: [], values: [:])
    }
  }
}
