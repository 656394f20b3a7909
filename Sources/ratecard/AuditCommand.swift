import Foundation
import RateCard
import RateCardAudit
import RateCardEngine

/// `ratecard audit`: look for gaming patterns in claims and referral data.
enum AuditCommand: Subcommand {
  static let name = "audit"
  static let summary = "Flag gaming patterns in claims and referral data"
  static let help = """
    Usage: ratecard audit CARD --participants FILE --claims FILE [--format table|json]

    Runs the gaming detectors (cherry-picking, parking, threshold-bunching, duplicate-claim,
    ladder-gap, self-certification-skew, claim-surge) on every claim, paid or not, and the
    referral data. Each flag names the pattern, the provider and outcome, the statistic, its
    p-value adjusted over every test of the report (docs/audit.md), the effect size, the
    method, the baseline, how many cases, examples and a plain-English explanation. The card's
    `audit { ... }` block configures them (docs/audit.md).

    Options:
      --format table|json   a summary ranked by strength of evidence, or JSON (default: table)

    Exit codes: 0 no flags, 1 flags raised, 2 usage, 3 the card or data has errors (flags
    from the rows without errors are still listed).

    Example:
      ratecard audit Samples/kirklees/kbop-generic.ratecard \\
        --participants Samples/kirklees/kbop-generic.participants.csv \\
        --claims Samples/kirklees/kbop-generic.claims.csv

    """

  static func run(_ options: Options) -> ExitStatus {
    guard let path = options.paths.first, let checked = CardFiles.checkedCard(path) else {
      return options.paths.isEmpty ? .usage : .inputErrors
    }
    let data: ClaimData
    switch ClaimData.load(options, command: name) {
    case .failure(let status): return status == .findings ? .inputErrors : status
    case .success(let loaded): data = loaded
    }
    // Seven detectors: shown when the data is large enough for them to take a while.
    let progress = Progress(
      total: 7, unit: "detectors", minimum: data.claims.count >= ProgressBar.minimumItems ? 0 : 8)
    let flags = Auditor.audit(
      AuditData(
        checked: checked, participants: data.participants, claims: data.claims, index: data.index),
      progress: progress.update)
    progress.finish()
    Timings.phase("run the detectors")
    let json = options.values["--format"] == "json"
    Output.standardOutput(json ? AuditReport.json(flags) : AuditReport.table(flags))
    Timings.phase("write the report")
    Lifetime.keepUntilExit(data)
    // Flags from data with errors are computed without the bad rows: say so in the status,
    // so a script can tell "gaming found" from "fix the data first".
    if data.hasErrors { return .inputErrors }
    return flags.isEmpty ? .success : .findings
  }
}
