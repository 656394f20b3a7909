import Foundation
import RateCard
import RateCardEngine

/// `ratecard versions`: a card's history of revisions.
enum VersionsCommand: Subcommand {
  static let name = "versions"
  static let summary = "List a card's versions: label, effective date, approval, rationale"
  static let help = """
    Usage: ratecard versions CARD [--format table|json]

    Lists the card's versions: the original terms, then each revision with its effective date,
    who approved it and why. JSON is an array of objects with the keys label, effective,
    approved_by and rationale (effective is null for the original terms).

    Example:
      ratecard versions Samples/kirklees/kbop-generic.ratecard

    """

  static func run(_ options: Options) -> ExitStatus {
    guard options.paths.count == 1 else {
      Output.standardError("ratecard versions: name one card\n")
      return .usage
    }
    guard let checked = CardFiles.checked(options.paths[0]) else { return .findings }
    if options.values["--format"] == "json" {
      Output.standardOutput(
        JSONValue.array(
          checked.versions.map { version in
            .object([
              "label": .string(version.label),
              "effective": version.effective.map { .string($0.description) } ?? .null,
              "approved_by": version.approvedBy.map(JSONValue.string) ?? .null,
              "rationale": version.rationale.map(JSONValue.string) ?? .null,
            ])
          }
        ).rendered())
      return .success
    }
    let rows =
      [["version", "effective", "approved by", "rationale"]]
      + checked.versions.map { version in
        [
          version.label, version.effective?.description ?? "(original terms)",
          version.approvedBy ?? "", version.rationale ?? "",
        ]
      }
    Output.standardOutput(LedgerWriter.aligned(rows, rightAligned: []))
    return .success
  }
}
