import Foundation
import RateCard
import RateCardEngine
import Testing

/// `eval` at a terminal shows a commissioner the summary first; a pipe keeps the whole table.
@Suite struct TerminalOutputTests {
  @Test func theTerminalGetsTheSummaryFirstAndFoldedMonths() {
    let (history, participants, claims, _) = SampleLedgerTests.load(
      "Samples/kirklees/kbop-generic.ratecard")
    let ledger = Evaluator.evaluate(history, participants: participants, claims: claims)
    let text = LedgerWriter.terminalSummary(ledger, ledgerGoesTo: nil)
    let lines = text.components(separatedBy: "\n")
    #expect(lines[0].hasPrefix("Kirklees Better Outcomes Partnership"))
    #expect(lines[1].hasPrefix("\(claims.count) claims: "))
    #expect(lines[1].hasSuffix(" of the £22,300,000 contract cap"))
    let payer = text.range(of: "\nBy payer\n")!.lowerBound
    let provider = text.range(of: "\nBy provider\n")!.lowerBound
    #expect(payer < provider)
    #expect(text.contains("By month (the latest 12; "))
    #expect(!text.contains("C000001"), "no ledger rows")
    #expect(
      text.hasSuffix(
        "add --ledger to print it here, or --out FILE to write it (ledger.csv or ledger.json for CSV or JSON).\n"
      ))
    #expect(
      LedgerWriter.terminalSummary(ledger, ledgerGoesTo: "ledger.csv")
        .hasSuffix("one per claim: written to ledger.csv.\n"))
    // A summary totalled block by block as the ledger streams (`--out ledger.csv` at a
    // terminal) reads the same as the one from the whole ledger.
    let running = LedgerSummary.Running(card: ledger.card)
    let half = ledger.entries.count / 2
    ledger.entries.withUnsafeBufferPointer { entries in
      running.add(UnsafeBufferPointer(rebasing: entries[..<half]))
      running.add(UnsafeBufferPointer(rebasing: entries[half...]))
      running.settle()
    }
    #expect(
      LedgerWriter.terminalSummary(running.summary(), card: ledger.card, ledgerGoesTo: "l.csv")
        == LedgerWriter.terminalSummary(ledger, ledgerGoesTo: "l.csv"))
    // The table for pipes and scripts still starts with every row.
    #expect(LedgerWriter.table(ledger).hasPrefix("claim    participant"))
    #expect(LedgerWriter.table(ledger).contains("C000001"))
  }
}
