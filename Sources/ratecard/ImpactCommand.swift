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
    // The two versions price the same claims independently: both at once, on two cores. Their
    // rows are compared block by block as both are decided, and let go, so neither ledger is
    // kept whole. On one core (`RATECARD_THREADS=1`) the two run one after the other and
    // their ledgers are compared whole.
    let (participants, claims, index) = (data.participants, data.claims, data.index)
    let pairs = Impact.Pairs(card: after.latest)
    let pairing = Parallel.cores > 1 ? Impact.Pairing(pairs) : nil
    @Sendable func evaluate(_ history: VersionedCard, side: Int) -> ClaimLedger {
      Evaluator.evaluate(
        history, participants: participants, claims: claims,
        progress: { progress.update(part: side, $0) }, index: index,
        rows: pairing?.rows(side: side), keepingRows: pairing == nil)
    }
    let (evaluatedBefore, evaluatedAfter) =
      pairing == nil
      ? (evaluate(before, side: 0), evaluate(after, side: 1))
      : Parallel.together({ evaluate(before, side: 0) }, { evaluate(after, side: 1) })
    progress.finish()
    Timings.phase("evaluate and compare both versions")
    let impact =
      pairing == nil
      ? Impact(
        before: evaluatedBefore, after: evaluatedAfter, from: from, to: to,
        liabilityBefore: liability(from), liabilityAfter: liability(to))
      : Impact(
        pairs, from: from, to: to, liabilityBefore: liability(from),
        liabilityAfter: liability(to))
    Output.standardOutput(
      options.values["--format"] == "json" ? ImpactWriter.json(impact) : ImpactWriter.table(impact))
    Timings.phase("compare and write")
    Lifetime.keepUntilExit(evaluatedBefore, evaluatedAfter, data)
    return data.hasErrors ? .findings : .success
  }
}
