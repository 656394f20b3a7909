import Foundation
import RateCard
import RateCardEngine
import Synchronization
import Testing

/// Work split between cores must give exactly what one pass gives.
@Suite struct ParallelTests {
  @Test func partsComeBackInOrderAndArraysAreFilledInPlace() {
    #expect(Parallel.map(parts: 5) { $0 * $0 } == [0, 1, 4, 9, 16])
    #expect(Parallel.map(parts: 0) { $0 }.isEmpty)
    let (a, b) = Parallel.both({ "first" }, { 2 })
    #expect(a == "first" && b == 2)
    let count = 130_001
    let (squares, ranges) = Parallel.array(count: count) { range, emit -> Range<Int> in
      for index in range { emit(String(index * 3)) }
      return range
    }
    #expect(squares == (0..<count).map { String($0 * 3) })
    // The ranges cover every index once, in order.
    #expect(ranges.flatMap { Array($0) } == Array(0..<count))
    #expect(ranges.count == Parallel.balancedParts(for: count))
    // Finer than one part a core only when the work is split at all.
    #expect(Parallel.balancedParts(for: 10) == 1)
    let cores = Parallel.parts(for: 10_000_000)
    #expect(Parallel.balancedParts(for: 10_000_000) == (cores == 1 ? 1 : 4 * cores))
  }

  /// What the parts return is released once the caller is done with it: results held past
  /// that (a whole run's data tables) are memory the rest of the run cannot use.
  @Test func partResultsAreReleasedWithTheirArray() {
    final class Counted: Sendable {
      static let released = Mutex(0)
      deinit { Counted.released.withLock { $0 += 1 } }
    }
    let before = Counted.released.withLock { $0 }
    do {
      let made = Parallel.map(parts: 4) { _ in Counted() }
      let (a, b) = Parallel.both({ Counted() }, { Counted() })
      #expect(made.count == 4 && a !== b)
    }
    #expect(Counted.released.withLock { $0 } - before == 6)
  }

  /// A claims file big enough to be typed in parts gives the records and issues that typing
  /// its rows in small tables (one pass each) gives, row numbers and all.
  @Test func claimsTypedInPartsMatchOnePass() {
    let text = TablePiecesTests.text(rows: 120_000)
    let table = CSVReader.read(Array(text.utf8), path: "c.csv")
    let card = RecordLoaderTests.card
    #expect(Parallel.parts(for: table.rows.count) == min(Parallel.cores, 2))
    let (records, issues) = RecordLoader.claims(table, card: card)
    var pieceRecords: [ClaimRecord] = []
    var pieceIssues: [DataIssue] = table.issues
    for start in stride(from: 0, to: table.rows.count, by: 10_000) {
      var piece = table
      piece.rows = Array(table.rows[start..<min(start + 10_000, table.rows.count)])
      piece.issues = []
      let (someRecords, someIssues) = RecordLoader.claims(piece, card: card)
      pieceRecords += someRecords
      pieceIssues += someIssues
    }
    #expect(records.count == 120_000)
    #expect(records.map(\.row) == pieceRecords.map(\.row))
    #expect(records.map(\.id) == pieceRecords.map(\.id))
    #expect(records.map(\.values) == pieceRecords.map(\.values))
    #expect(records.map(\.problems) == pieceRecords.map(\.problems))
    #expect(records.map(\.evidence) == pieceRecords.map(\.evidence))
    #expect(issues.map(\.description) == pieceIssues.map(\.description))
    #expect(issues.count > 60_000, "the broken rows are reported")
  }
}
