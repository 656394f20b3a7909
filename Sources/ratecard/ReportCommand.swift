import Foundation
import RateCard
import RateCardAudit
import RateCardEngine

/// `ratecard report`: one self-contained HTML page for a programme board.
enum ReportCommand: Subcommand {
  static let name = "report"
  static let summary = "Write a board report: one self-contained HTML page"
  static let help = """
    Usage: ratecard report CARD --participants FILE --claims FILE --out REPORT.html
                           [--from LABEL --to LABEL]

    Writes one HTML file with its own CSS and charts (no network; A4 when printed): the
    headline totals against the caps, payments by outcome and by month, each ladder as a
    funnel, providers side by side, the gaming flags in plain words and, with --from and --to,
    the change panel's impact. Every chart has a table with the same figures.

    Example:
      ratecard report Samples/kirklees/kbop-generic.ratecard \\
        --participants Samples/kirklees/kbop-generic.participants.csv \\
        --claims Samples/kirklees/kbop-generic.claims.csv --out /tmp/ratecard-report.html

    """

  static func run(_ options: Options) -> ExitStatus {
    guard let out = options.values["--out"] else {
      Output.standardError("ratecard report: give --out REPORT.html\n")
      return .usage
    }
    let inputs = [
      options.paths.first, options.values["--participants"], options.values["--claims"],
    ]
    .compactMap { $0 }
    if inputs.contains(where: {
      URL(fileURLWithPath: $0).standardizedFileURL.path
        == URL(fileURLWithPath: out).standardizedFileURL.path
    }) {
      Output.standardError("ratecard report: --out \(out) would overwrite an input file\n")
      return .usage
    }
    let data: ClaimData
    switch ClaimData.load(options, command: name) {
    case .failure(let status): return status
    case .success(let loaded): data = loaded
    }
    guard let checked = CardFiles.checked(options.paths[0]) else { return .findings }
    // The summary and the ladders' funnels are totalled as the rows go by: no row is kept.
    let card = data.history.latest
    let running = LedgerSummary.Running(card: card)
    let funnel = Funnel(card: card)
    let evaluated = Evaluator.evaluate(
      data.history, participants: data.participants, claims: data.claims, index: data.index,
      rows: { block, _ in
        running.add(block)
        funnel.value.add(block)
        running.settle()
      }, keepingRows: false)
    let flags = Auditor.audit(
      AuditData(
        checked: checked.card, participants: data.participants, claims: data.claims,
        index: data.index))
    var impact: Impact?
    if let from = options.values["--from"], let to = options.values["--to"] {
      let labels = data.history.versions.map(\.label)
      guard CardFiles.version(from, among: labels, command: name) != nil,
        CardFiles.version(to, among: labels, command: name) != nil,
        let before = data.history.forcing(from), let after = data.history.forcing(to)
      else { return .usage }
      func liability(_ label: String) -> Liability {
        Liability.of(checked.versions.first { $0.label == label }!.card)
      }
      impact = Impact.priced(
        before: before, after: after, participants: data.participants, claims: data.claims,
        index: data.index, from: from, to: to, liabilityBefore: liability(from),
        liabilityAfter: liability(to))
    }
    let html = BoardReport.html(
      .init(
        card: card, summary: running.summary(), funnel: funnel.value, flags: flags,
        impact: impact))
    Lifetime.keepUntilExit(evaluated, data)
    do {
      try Output.save(Data(html.utf8), to: out)
    } catch {
      Output.standardError("\(out): error: cannot write the report\n")
      return .findings
    }
    Output.standardError("wrote \(out)\n")
    return data.hasErrors ? .findings : .success
  }

  /// The funnel, changed only by the thread the evaluation hands its rows to.
  final class Funnel: @unchecked Sendable {
    var value: LadderFunnel
    init(card: CompiledCard) { value = LadderFunnel(card: card) }
  }
}
