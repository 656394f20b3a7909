import RateCard
import Testing

@testable import RateCardEngine

/// Evidence cells read once and shared: every row still gets its own warnings, the names
/// are those of reading the cell afresh, and past the remembered number of different cells
/// nothing changes but the sharing.
@Suite struct EvidenceCellsTests {
  static let card = Compiler.compile(Repository.checked("Samples/kirklees/kbop-generic.ratecard"))

  static func storage(_ names: [String]) -> UnsafeRawPointer? {
    names.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
  }

  @Test func everyRowGetsItsWarningsAndRowsShareTheirNames() {
    let table = CSVReader.read(
      Array(
        """
        claim_id,participant_id,outcome,achieved_on,evidence
        c1,P1,wellbeing_initial,2021-01-04,outcomes_star; payslip
        c2,P2,wellbeing_initial,2021-01-05,outcomes_star; payslip
        c3,P2,wellbeing_initial,2021-01-06,outcomes_star

        """.utf8), path: "c.csv")
    let (claims, issues) = RecordLoader.claims(table, card: Self.card)
    #expect(
      claims.map(\.evidence) == [
        ["outcomes_star", "payslip"], ["outcomes_star", "payslip"], ["outcomes_star"],
      ])
    #expect(Self.storage(claims[0].evidence) == Self.storage(claims[1].evidence))
    let warnings = issues.filter { $0.columnName == "evidence" }
    #expect(warnings.map(\.row) == [2, 3])
    #expect(warnings.allSatisfy { $0.message.hasPrefix("unknown evidence `payslip` is ignored") })
  }

  @Test func pastTheRememberedCellsReadingsAreTheSame() {
    var cells = EvidenceCells()
    let early = cells.read("outcomes_star;x0", card: Self.card)
    for index in 0..<(EvidenceCells.remembered + 10) {
      let cell = "outcomes_star;x\(index)"
      let reading = cells.read(cell, card: Self.card)
      let fresh = EvidenceCells.reading(cell, card: Self.card)
      #expect(reading.names == fresh.names && reading.unknown == fresh.unknown)
    }
    #expect(
      Self.storage(cells.read("outcomes_star;x0", card: Self.card).names)
        == Self.storage(early.names))
  }

  /// Outcomes and evidence cells are found by their bytes when they are exactly an outcome's
  /// id or a cell read before, and read as text otherwise: padded, in another normal form, not
  /// on the card. Either way a claim reads as its fields read one by one as text (the witness).
  @Test func fieldsFoundByTheirBytesReadAsTheirText() {
    let cells = [
      "outcomes_star", " outcomes_star", "outcomes_star ", "outcomes_star; payslip", "",
      "payslip", "outcomes_star;payslip", "caf\u{e9}", "cafe\u{301}",
    ]
    let outcomes = [
      "wellbeing_initial", " wellbeing_initial", "wellbeing_initial\t", "wellbeing_intial",
      "caf\u{e9}", "cafe\u{301}", "",
    ]
    var rows = ["claim_id,participant_id,outcome,achieved_on,evidence"]
    for index in 0..<200 {
      let cell = cells[index % cells.count]
      let outcome = outcomes[(index / 3) % outcomes.count]
      rows.append("c\(index),P\(index % 7),\(outcome),2021-01-04,\(cell)")
    }
    let table = CSVReader.read(Array((rows.joined(separator: "\n") + "\n").utf8), path: "c.csv")
    let (claims, _) = RecordLoader.claims(table, card: Self.card)
    #expect(claims.count == 200)
    for (index, claim) in claims.enumerated() {
      let outcome = table.field(index, 2).trimmingSpaces
      #expect(claim.outcome == outcome && claim.outcome.sameBytes(as: outcome), "\(index)")
      #expect(claim.values[1] == (outcome.isEmpty ? .missing : .text(outcome)), "\(index)")
      let names = EvidenceCells.reading(table.field(index, 4).trimmingSpaces, card: Self.card).names
      #expect(
        claim.evidence.count == names.count
          && zip(claim.evidence, names).allSatisfy { $0.sameBytes(as: $1) }, "\(index)")
    }
  }
}
