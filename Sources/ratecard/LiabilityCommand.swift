import Foundation
import RateCard
import RateCardEngine

/// `ratecard liability`: the most a card can pay under its caps.
enum LiabilityCommand: Subcommand {
  static let name = "liability"
  static let summary = "The most the contract can pay per participant and in total"
  static let help = """
    Usage: ratecard liability CARD [--version LABEL]

    Works out the most one participant can be paid (every outcome claimed as often as its
    limit allows, at its highest price, within the per-participant cap) with the outcome path
    that reaches it, and the most the contract can pay in total under its caps. Without
    --version it uses the latest version.

    Example:
      ratecard liability Samples/kirklees/kbop-generic.ratecard

    """

  static func run(_ options: Options) -> ExitStatus {
    guard options.paths.count == 1 else {
      Output.standardError("ratecard liability: name one card\n")
      return .usage
    }
    guard let checked = CardFiles.checked(options.paths[0]) else { return .findings }
    let label = options.values["--version"] ?? checked.versions.last!.label
    guard
      let index = CardFiles.version(label, among: checked.versions.map(\.label), command: name)
    else { return .usage }
    Output.standardOutput(text(Liability.of(checked.versions[index].card), label: label))
    return .success
  }

  static func text(_ liability: Liability, label: String) -> String {
    func most(_ money: Money?) -> String { money?.formatted ?? "unbounded" }
    var out = "Worst case under version \(label)\n\n"
    out += LedgerWriter.aligned(
      [
        ["per participant", most(liability.perParticipant)],
        ["in total", most(liability.total) + " (bounded by \(liability.totalBoundBy))"],
      ], rightAligned: [])
    out += "\nThe outcome path to the per-participant maximum\n"
    out += LedgerWriter.aligned(
      [["outcome", "claims", "price", "subtotal"]]
        + liability.path.map { step in
          [
            step.outcome, step.count.map(String.init) ?? "no limit",
            step.price?.formatted ?? "depends on the claim", most(step.subtotal),
          ]
        }, rightAligned: [1, 2, 3], indent: "  ")
    if let cap = liability.perParticipantCap {
      out +=
        "\nThe per-participant cap of \(cap.formatted) applies to the path's \(most(liability.uncapped)).\n"
    }
    return out
  }
}
