import Foundation
import RateCard
import Testing

@testable import RateCardEngine

/// Tables written in two passes straight into bytes (`AlignedColumns`) against the layout
/// rule written out plainly: every cell padded with spaces to its column's width in
/// characters (on the left when aligned right), joined by two spaces, and the line's trailing
/// spaces dropped.
@Suite struct AlignedColumnsTests {
  static func witness(_ rows: [[String]], rightAligned: Set<Int>, indent: String = "") -> String {
    guard let columns = rows.map(\.count).max() else { return "" }
    var widths = Array(repeating: 0, count: columns)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    var text = ""
    for row in rows {
      var line = indent
      for (index, cell) in row.enumerated() {
        if index > 0 { line += "  " }
        let pad = String(repeating: " ", count: widths[index] - cell.count)
        line += rightAligned.contains(index) ? pad + cell : cell + pad
      }
      while line.hasSuffix(" ") { line.removeLast() }
      text += line + "\n"
    }
    return text
  }

  @Test func randomTablesLayOutAsTheRuleSays() {
    // Cells that test the rule's edges: empty, spaces only or at the end, accents composed and
    // combining, wide characters, a carriage return before a line feed (one character).
    let pool = [
      "", "a", "abc", "abc ", "  ", " x", "café", "cafe\u{301}", "日本語", "\r\n", "a\rb", "£1,500",
      "Kirkburton Outreach", "x y",
    ]
    var random = SeededRandom(seed: 20_261_124)
    for _ in 0..<500 {
      let columns = random.int(1...6)
      let rows = (0..<random.int(0...6)).map { _ in
        (0..<random.int(1...columns)).map { _ in random.pick(pool) }
      }
      let right = Set((0..<columns).filter { _ in random.int(0...1) == 1 })
      let indent = random.int(0...1) == 1 ? "  " : ""
      let written = AlignedColumns.text(rows, rightAligned: right, indent: indent)
      let expected = AlignedColumnsTests.witness(rows, rightAligned: right, indent: indent)
      #expect(written == expected, "\(rows) right \(right)")
    }
  }

  /// Every sample's table: its rows as the witness lays out the cells, then the summary.
  @Test func everySampleTableMatchesTheRule() {
    for card in Repository.sampleCards {
      let (history, participants, claims, _) = SampleLedgerTests.load(card)
      let ledger = Evaluator.evaluate(history, participants: participants, claims: claims)
      let money = { (units: Int64) in
        Money(minorUnits: units, currency: ledger.card.currency).formatted
      }
      let rows =
        [
          [
            "claim", "participant", "provider", "outcome", "achieved", "status", "amount",
            "reasons",
          ]
        ]
        + ledger.entries.map { entry in
          [
            entry.claimID, entry.participantID, entry.provider, entry.outcome,
            entry.achievedOn.map { CalendarDate(dayNumber: $0).description } ?? "",
            entry.status.rawValue, money(entry.amount),
            entry.reasons.map(\.rawValue).joined(separator: ", "),
          ]
        }
      let table = LedgerWriter.table(ledger)
      let expected = AlignedColumnsTests.witness(rows, rightAligned: [6])
      let same = table.hasPrefix(expected + "\n" + ledger.card.title)
      #expect(same, "\(card)")
    }
  }

  /// A table handed on to a file a chunk at a time is the same bytes as one built whole.
  @Test func aTableWrittenInChunksIsTheSame() {
    let (history, participants, claims, _) = SampleLedgerTests.load(
      "Samples/kirklees/kbop-generic.ratecard")
    let ledger = Evaluator.evaluate(history, participants: participants, claims: claims)
    var chunks: [UInt8] = []
    var handed = 0
    var out = ByteOutput { chunk in
      chunks += chunk
      handed += 1
    }
    LedgerWriter.writeTable(ledger, to: &out)
    #expect(handed >= 1)
    #expect(String(decoding: chunks, as: UTF8.self) == LedgerWriter.table(ledger))
  }
}
