import Foundation
import RateCard

/// `ratecard show`: the complete card in force on a date, or a version, as a card.
enum ShowCommand: Subcommand {
  static let name = "show"
  static let summary = "Print the complete card in force on a date or at a version"
  static let help = """
    Usage: ratecard show CARD (--on YYYY-MM-DD | --version LABEL)

    Prints the whole card in force, with every revision up to then applied, as a card in the
    language: `ratecard check` accepts it, and it evaluates claims as the dated history does
    for claims priced by that version. The card's inline tests are left out: they test the
    whole history.

    Example:
      ratecard show Samples/kirklees/kbop-generic.ratecard --on 2021-01-01

    """

  static func run(_ options: Options) -> ExitStatus {
    guard options.paths.count == 1,
      (options.values["--on"] == nil) != (options.values["--version"] == nil)
    else {
      Output.standardError("ratecard show: name one card and --on DATE or --version LABEL\n")
      return .usage
    }
    let path = options.paths[0]
    guard let checked = CardFiles.checked(path) else { return .findings }
    let version: CheckedVersion
    if let label = options.values["--version"] {
      guard
        let index = CardFiles.version(label, among: checked.versions.map(\.label), command: name)
      else { return .usage }
      version = checked.versions[index]
    } else {
      guard let day = CalendarDate(iso: Substring(options.values["--on"]!)) else {
        Output.standardError("ratecard show: --on needs a date written YYYY-MM-DD\n")
        return .usage
      }
      version = checked.versions.last { ($0.effective ?? day) <= day } ?? checked.versions[0]
    }
    guard case .success(let bytes) = CardFiles.read(path) else { return .findings }
    // Inline tests are left out: they test the whole history, and may claim outcomes this
    // version does not have.
    var file = version.file
    file.declarations.removeAll { if case .test = $0 { true } else { false } }
    let text = Formatter.format(
      file, source: SourceFile(path: path, bytes: bytes), keepBlankLines: false)
    Output.standardOutput(text.hasSuffix("\n") ? text : text + "\n")
    return .success
  }
}
