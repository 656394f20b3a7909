import Foundation
import RateCard
import RateCardEngine

/// `ratecard diff`: what changed between two versions, in a change panel's terms.
enum DiffCommand: Subcommand {
  static let name = "diff"
  static let summary = "A semantic diff between two versions of a card"
  static let help = """
    Usage: ratecard diff CARD --from LABEL --to LABEL [--format table|json]
           ratecard diff OLD.ratecard NEW.ratecard [--format table|json]

    Lists what changed: outcomes added, retired or renamed (a rename the revision states);
    prices (old, new, %); evidence eased or tightened (the items, and the weakest strength
    accepted before and after); limits, conditions, exclusions, timing, anchors, caps, groups,
    payers and exceptions. Two files are compared by their latest versions. JSON:
    {"from", "to", "changes": [{"kind", "outcome", "before", "after", "summary"}]}.

    Example:
      ratecard diff Samples/kirklees/kbop-generic.ratecard --from v1 --to v2

    """

  static func run(_ options: Options) -> ExitStatus {
    let old: CheckedVersion
    let new: CheckedVersion
    var renames: [String: String] = [:]
    if options.paths.count == 2 {
      guard let a = CardFiles.checked(options.paths[0]), let b = CardFiles.checked(options.paths[1])
      else { return .findings }
      old = a.versions.last!
      new = b.versions.last!
    } else if options.paths.count == 1, let from = options.values["--from"],
      let to = options.values["--to"]
    {
      guard let checked = CardFiles.checked(options.paths[0]) else { return .findings }
      let labels = checked.versions.map(\.label)
      guard let i = CardFiles.version(from, among: labels, command: name),
        let j = CardFiles.version(to, among: labels, command: name)
      else { return .usage }
      old = checked.versions[i]
      new = checked.versions[j]
      if i < j {
        for version in checked.versions[(i + 1)...j] {
          for (before, after) in version.renames {
            let original = renames.first { $0.value == before }?.key ?? before
            renames[original] = after
          }
        }
      }
    } else {
      Output.standardError("ratecard diff: give CARD --from A --to B, or OLD NEW\n")
      return .usage
    }
    let changes = CardDiff.changes(from: old.card, to: new.card, renames: renames)
    if options.values["--format"] == "json" {
      func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
      Output.standardOutput(
        JSONValue.object([
          "from": .string(old.label), "to": .string(new.label),
          "changes": .array(
            changes.map {
              .object([
                "kind": .string($0.kind), "outcome": optional($0.outcome),
                "before": optional($0.before), "after": optional($0.after),
                "summary": .string($0.summary),
              ])
            }),
        ]).rendered())
    } else {
      var out =
        "From \(old.label) to \(new.label): \(changes.count) change\(changes.count == 1 ? "" : "s")\n"
      for change in changes {
        out +=
          "  \(change.kind.padding(toLength: 18, withPad: " ", startingAt: 0)) \(change.summary)\n"
      }
      Output.standardOutput(out)
    }
    return .success
  }
}
