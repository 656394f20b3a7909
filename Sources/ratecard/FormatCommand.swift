import Foundation
import RateCard

/// `ratecard fmt`: rewrite cards in canonical layout, keeping comments.
enum FormatCommand: Subcommand {
  static let name = "fmt"
  static let summary = "Rewrite rate cards in canonical layout (or --check it)"
  static let help = """
    Usage: ratecard fmt [--check | --stdout] FILE_OR_FOLDER...

    Rewrites each card in canonical layout: two-space indentation, one clause per line,
    standard spellings of amounts and durations. Comments and paragraph breaks are kept.
    Formatting never changes what a card means, and formatting twice changes nothing.
    A card with syntax errors is left untouched and its errors are printed.

    Options:
      --check    Change nothing; for each file that is not formatted, show the first line
                 that differs and what fmt would write there; exit 1 if any
      --stdout   Print the formatted card instead of rewriting the file (one file only)

    Exit codes: 0 formatted (or already formatted), 1 not formatted or syntax errors, 2 usage.

    Example:
      ratecard fmt --check Samples

    """

  static func run(_ options: Options) -> ExitStatus {
    guard !options.paths.isEmpty else {
      Output.standardError("ratecard fmt: name at least one card or folder\n")
      return .usage
    }
    let check = options.flags.contains("--check")
    let toStandardOutput = options.flags.contains("--stdout")
    if check && toStandardOutput {
      Output.standardError("ratecard fmt: --check and --stdout cannot be used together\n")
      return .usage
    }
    let (paths, problems) = CardFiles.expand(options.paths)
    if toStandardOutput && paths.count != 1 {
      Output.standardError("ratecard fmt: --stdout takes exactly one file\n")
      return .usage
    }
    var failed = !problems.isEmpty
    for problem in problems { Output.standardError("\(problem.path): error: \(problem.message)\n") }
    var unformatted = 0
    for path in paths {
      guard case .success(let bytes) = CardFiles.read(path) else {
        Output.standardError("\(path): error: cannot read this file\n")
        failed = true
        continue
      }
      let source = SourceFile(path: path, bytes: bytes)
      guard let formatted = Formatter.format(source) else {
        let (_, diagnostics) = Parser.parse(source)
        Output.standardError(DiagnosticRenderer().render(diagnostics, in: source))
        Output.standardError("\(path): not formatted: fix the syntax errors first\n")
        failed = true
        continue
      }
      if toStandardOutput {
        Output.standardOutput(formatted)
      } else if formatted != source.text || String(validating: bytes, as: UTF8.self) == nil {
        if check {
          Output.standardOutput(firstDifference(path, source.text, formatted))
          unformatted += 1
        } else if (try? Data(formatted.utf8).write(to: URL(fileURLWithPath: path), options: .atomic))
          == nil
        {
          Output.standardError("\(path): error: cannot write this file\n")
          failed = true
        }
      }
    }
    if check && unformatted > 0 {
      Output.standardError(
        "\(plural(unformatted, "file")) not formatted; run `ratecard fmt` on them\n")
    }
    return failed || unformatted > 0 ? .findings : .success
  }
}

extension FormatCommand {
  /// Where a file first differs from its formatted text, and what `fmt` would write there.
  static func firstDifference(_ path: String, _ text: String, _ formatted: String) -> String {
    let old = text.components(separatedBy: "\n")
    let new = formatted.components(separatedBy: "\n")
    let line =
      Array(zip(old, new)).firstIndex { $0 != $1 } ?? min(old.count, new.count)
    let was = line < old.count ? old[line] : "(the end of the file)"
    let would = line < new.count ? new[line] : "(the end of the file)"
    return "\(path):\(line + 1): not formatted\n  has:         \(was)\n  fmt writes:  \(would)\n"
  }
}
