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
}
