import Foundation
import RateCard
import RateCardEngine

/// `ratecard eval`: evaluate claims into a payment ledger.
enum EvalCommand: Subcommand {
  static let name = "eval"
  static let summary = "Evaluate claims data into a payment ledger"
  static let help = """
    Usage: ratecard eval CARD --participants FILE --claims FILE [--format table|csv|json] [--out FILE]

    Evaluates every claim against the card and prints the ledger: one row per input claim with
    its status (paid, reduced or rejected), the amount, the amount per payer, the reason codes
    and a message. The table format adds totals by outcome, provider, month and payer, and the
    headroom left under each cap; json has the ledger and the same summary; csv has the ledger.

    Data files are CSV (UTF-8, a header row, ISO dates) or JSON Lines (.jsonl, .ndjson). Every
    problem in them is reported on standard error as FILE:ROW:COLUMN; rows that can still be
    evaluated are, and every claim appears in the ledger.

    Options:
      --participants FILE   participants: participant_id, provider, referred_on, started_on, ...
      --claims FILE         claims: claim_id, participant_id, outcome, achieved_on, evidence, ...
      --format table|csv|json   (default: csv for an --out FILE ending .csv, json for .json,
                            otherwise table)
      --out FILE            write the ledger to FILE instead of standard output
      --ledger              at a terminal, print the ledger's rows too (a terminal gets the
                            summary first and no rows; a pipe gets the whole table)

    Exit codes: 0 evaluated with clean data, 1 the card has errors or the data has errors
    (the ledger is still written), 2 usage.

    Example:
      ratecard eval Samples/kirklees/kbop-generic.ratecard \\
        --participants Samples/kirklees/kbop-generic.participants.csv \\
        --claims Samples/kirklees/kbop-generic.claims.csv

    """

  static func run(_ options: Options) -> ExitStatus {
    if let out = options.values["--out"] {
      // Never overwrite an input: the card or a data file.
      let inputs = [
        options.paths.first, options.values["--participants"], options.values["--claims"],
      ]
      .compactMap { $0 }
      func same(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath().path
          == URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath().path
      }
      if let input = inputs.first(where: { same($0, out) }) {
        Output.standardError(
          "ratecard eval: --out \(out) would overwrite the input \(input); choose another file\n")
        return .usage
      }
    }
    let data: ClaimData
    switch ClaimData.load(options, command: name) {
    case .failure(let status): return status
    case .success(let loaded): data = loaded
    }
    let progress = Progress(total: data.claims.count, unit: "claims")
    func evaluate(rows: Evaluator.RowBlocks? = nil) -> ClaimLedger {
      // Rows written as they are decided are not kept: the ledger streams in bounded memory.
      let ledger = Evaluator.evaluate(
        data.history, participants: data.participants, claims: data.claims,
        progress: progress.update, index: data.index, rows: rows, keepingRows: rows == nil)
      progress.finish()
      return ledger
    }
    let format = options.values["--format"] ?? impliedFormat(options.values["--out"]) ?? "table"
    // A person at a terminal reads the summary first; scripts and pipes get the whole table.
    let terminal = isatty(1) == 1 && options.values["--format"] == nil
    // JSON ends with the ledger's summary, and a terminal is shown one: it is totalled block by
    // block as the rows are handed on, before they are released.
    let running = LedgerSummary.Running(card: data.history.latest)
    if terminal && !options.flags.contains("--ledger") && options.values["--out"] == nil {
      // Only the summary is shown: no row is kept.
      let ledger = evaluate { block, _ in
        running.add(block)
        running.settle()
      }
      Timings.phase("evaluate")
      Output.standardOutput(
        LedgerWriter.terminalSummary(
          running.summary(), card: data.history.latest, ledgerGoesTo: nil))
      Lifetime.keepUntilExit(ledger, data)
      return finish(data)
    }
    // The ledger is written as it is produced: CSV and JSON rows on another core while later
    // claims are still being evaluated, and no copy of the whole text is held.
    var evaluated: ClaimLedger?
    let written = Output.stream(to: options.values["--out"]) { out in
      guard let stream = LedgerStream.Format(rawValue: format) else {
        let ledger = evaluate()
        LedgerWriter.writeTable(ledger, to: &out)
        evaluated = ledger
        return
      }
      let rows = LedgerStream(stream, card: data.history.latest, rows: data.claims.count)
      rows.head(to: &out)
      // The summary a terminal is shown is totalled the same way.
      let summing = stream == .json || terminal
      withUnsafeMutablePointer(to: &out) { out in
        // Only the writer's thread touches the output until `evaluate` returns.
        let target = Shared(out)
        evaluated = evaluate { block, first in
          if summing { running.add(block) }
          rows.rows(block, first: first, to: &target.pointer.pointee)
          // The block is released when this returns: its totals must be in first.
          if summing { running.settle() }
        }
      }
      rows.tail(summary: running.summary(), to: &out)
    }
    Timings.phase("evaluate and write the ledger")
    Lifetime.keepUntilExit(evaluated as Any, data)
    guard let ledger = evaluated, written else {
      Output.standardError("\(options.values["--out"] ?? "-"): error: cannot write the ledger\n")
      return .findings
    }
    // With --out, a terminal is shown the summary and where the ledger went.
    if terminal, let out = options.values["--out"] {
      Output.standardOutput(
        format == "table"
          ? LedgerWriter.terminalSummary(ledger, ledgerGoesTo: out)
          : LedgerWriter.terminalSummary(
            running.summary(), card: data.history.latest, ledgerGoesTo: out))
    }
    return finish(data)
  }

  /// The format an `--out` file's name asks for when `--format` is not given: `ledger.csv` is
  /// CSV, `ledger.json` JSON (a table written into either would serve no one).
  static func impliedFormat(_ out: String?) -> String? {
    switch out.map({ URL(fileURLWithPath: $0).pathExtension.lowercased() }) {
    case "csv": "csv"
    case "json": "json"
    default: nil
    }
  }

  /// A pointer handed to the one thread that uses it.
  struct Shared<Pointee>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Pointee>
    init(_ pointer: UnsafeMutablePointer<Pointee>) { self.pointer = pointer }
  }

  static func finish(_ data: ClaimData) -> ExitStatus {
    let errors = data.issues.filter { $0.severity == .error }.count
    if errors > 0 {
      Output.standardError(
        "\(plural(errors, "data error")): the affected claims are rejected as invalid_data\n")
    }
    return data.hasErrors ? .findings : .success
  }
}
