import RateCard
import RateCardEngine

/// `ratecard check`: parse and check cards, report every diagnostic.
enum CheckCommand: Subcommand {
  static let name = "check"
  static let summary = "Check rate cards and report every error and warning"
  static let help = """
    Usage: ratecard check [--format text|json] [--no-color] [--list-outcomes] FILE_OR_FOLDER...

    Parses and checks each rate card and prints every diagnostic found, in compiler style
    (file:line:col: error: message, the source line, a caret and a help line) on standard
    error, or as JSON on standard output with --format json. Folders are searched for
    .ratecard files.

    Options:
      --format text|json   How to print diagnostics (default: text)
      --no-color           Never colour the output (NO_COLOR is also honoured)
      --list-outcomes      Also print every id a claim can name: outcomes and ladder rungs
                           (rung ids are made from the ladder id and the rung), with prices

    Exit codes: 0 no errors (warnings allowed), 1 errors found or a file unreadable, 2 usage.

    Example:
      ratecard check Samples/kirklees/kbop-generic.ratecard

    """

  static func run(_ options: Options) -> ExitStatus {
    guard !options.paths.isEmpty else {
      Output.standardError("ratecard check: name at least one card or folder\n")
      return .usage
    }
    let json = options.values["--format"] == "json"
    let renderer = DiagnosticRenderer(
      colour: Output.wantsColour(noColorFlag: options.flags.contains("--no-color")))
    let (paths, problems) = CardFiles.expand(options.paths)
    var results: [(SourceFile, [Diagnostic])] = []
    var failed = !problems.isEmpty
    for problem in problems {
      Output.standardError("\(problem.path): error: \(problem.message)\n")
    }
    for path in paths {
      switch CardFiles.read(path) {
      case .failure(let problem):
        Output.standardError("\(problem.path): error: \(problem.message)\n")
        failed = true
      case .success(let bytes):
        let source = SourceFile(path: path, bytes: bytes)
        let result = Checker.check(source)
        results.append((source, result.diagnostics))
        if result.hasErrors { failed = true }
        if !json { Output.standardError(renderer.render(result.diagnostics, in: source)) }
        if options.flags.contains("--list-outcomes") { listOutcomes(result, path: path) }
      }
    }
    if json {
      Output.standardOutput(DiagnosticJSON(files: results).encoded())
    } else {
      let errors = results.reduce(0) { $0 + $1.1.filter { $0.severity == .error }.count }
      let warnings = results.reduce(0) { $0 + $1.1.filter { $0.severity == .warning }.count }
      Output.standardError(
        "checked \(plural(results.count, "card")): \(plural(errors, "error")), \(plural(warnings, "warning"))\n"
      )
    }
    return failed ? .findings : .success
  }
}

extension CheckCommand {
  /// Every id a claim can name, in every version: outcomes and ladder rungs (whose ids are
  /// made from the ladder id and the rung), with the price and title.
  static func listOutcomes(_ result: CheckResult, path: String) {
    var rows: [[String]] = [["outcome", "price", "title"]]
    var seen: Set<String> = []
    for version in result.versions {
      for id in version.card.outcomeOrder where seen.insert(id).inserted {
        guard let info = version.card.outcomes[id] else { continue }
        let versions = result.versions.count > 1 ? " (from \(version.label))" : ""
        rows.append([
          id, info.price.map(ExpressionPrinter.print) ?? "",
          info.title + (version.effective == nil ? "" : versions),
        ])
      }
    }
    Output.standardOutput("\(path)\n" + LedgerWriter.aligned(rows, rightAligned: [], indent: "  "))
  }
}

func plural(_ count: Int, _ noun: String) -> String {
  "\(count) \(noun)\(count == 1 ? "" : "s")"
}
