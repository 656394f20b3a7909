import Foundation
import RateCard
import RateCardEngine

/// `ratecard impact`: the same claims under two versions.
enum ImpactCommand: Subcommand {
  static let name = "impact"
  static let summary = "Re-price the same claims under two versions and compare"
  static let help = """
    Usage: ratecard impact CARD --from LABEL --to LABEL --participants FILE --claims FILE
                           [--format table|json]

    Evaluates every claim as if version --from were in force throughout, then as if --to were
    (each exactly as `eval --version`), and shows the totals and the change by outcome,
    provider and payer, the claims whose status or amount changes, and the worst case under
    each version's caps. JSON keys: from, to, delta, by_outcome, by_provider, by_payer,
    changed_claims, liability; money is written as decimal strings.

    Example:
      ratecard impact Samples/kirklees/kbop-generic.ratecard --from v1 --to v2 \\
        --participants Samples/kirklees/kbop-generic.participants.csv \\
        --claims Samples/kirklees/kbop-generic.claims.csv

    """

  static func run(_ options: Options) -> ExitStatus {
    guard let from = options.values["--from"], let to = options.values["--to"] else {
      Output.standardError("ratecard impact: give --from LABEL and --to LABEL\n")
      return .usage
    }
    let data: ClaimData
    switch ClaimData.load(options, command: name) {
    case .failure(let status): return status
    case .success(let loaded): data = loaded
    }
    let labels = data.history.versions.map(\.label)
    guard CardFiles.version(from, among: labels, command: name) != nil,
      CardFiles.version(to, among: labels, command: name) != nil,
      let before = data.history.forcing(from), let after = data.history.forcing(to),
      let checked = CardFiles.checked(options.paths[0])
    else { return .usage }
    func liability(_ label: String) -> Liability {
      Liability.of(checked.versions.first { $0.label == label }!.card)
    }
    let progress = Progress(total: data.claims.count * 2, unit: "claims (both versions)")
    // Both versions at once, their rows compared as they come: neither ledger is kept whole.
    let impact = Impact.priced(
      before: before, after: after, participants: data.participants, claims: data.claims,
      index: data.index, from: from, to: to, liabilityBefore: liability(from),
      liabilityAfter: liability(to), progress: { progress.update(part: $0, $1) })
    progress.finish()
    Timings.phase("evaluate and compare both versions")
    Output.standardOutput(
      options.values["--format"] == "json" ? ImpactWriter.json(impact) : ImpactWriter.table(impact))
    Timings.phase("compare and write")
    Lifetime.keepUntilExit(data)
    return data.hasErrors ? .findings : .success
  }
}
