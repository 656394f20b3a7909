import RateCard
import Testing

@testable import RateCardEngine

/// Fields read in place from a table's bytes give what the `String` reader gives (the
/// witness): the same value or the same problem, for every type, date format and the
/// awkward cases (spaces, tabs, a space starting a character, dates that do not exist).
@Suite struct FieldBytesTests {
  static let pieces = [
    "2021-03-04", "2020-02-29", "2021-02-29", "04/03/2021", " ", "\t", "é", " \u{301}", "12", "-",
    "/", ".", "x", "", "£1,500", "GBP 12.50", "yes", "No", "13 weeks", "50%", "2021-3-4", "0",
  ]

  static let types: [ValueType] = [
    .bool, .number, .money, .percent, .date, .duration, .text, .error,
  ]

  @Test func bytesAreReadAsTheirTextIs() {
    var generator = SeededRandom(seed: 7_151)
    for _ in 0..<6_000 {
      let count = Int.random(in: 0...3, using: &generator)
      let raw = (0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
      for type in Self.types {
        for dates in DateFormat.allCases {
          let witness = ValueParser.parse(raw, as: type, currency: "GBP", dates: dates)
          let bytes = Array(raw.utf8)
          let read = bytes.withUnsafeBufferPointer {
            ValueParser.parse(bytes: $0, as: type, currency: "GBP", dates: dates)
          }
          #expect(read == witness, "\(raw.debugDescription) as \(type), \(dates)")
        }
      }
    }
  }

  @Test func tablesKeepEveryFieldInPlace() {
    let rows = [
      DataTable.Row(number: 2, fields: ["a", "", "çé"]),
      DataTable.Row(number: 4, fields: [""]),
      DataTable.Row(number: 5, fields: ["x,y", "two\nlines", "", "extra"]),
    ]
    let table = DataTable(path: "t.csv", header: ["one", "two", "three"], rows: rows, issues: [])
    #expect(table.rows == rows)
    #expect(table.rowCount == 3)
    #expect((0..<3).map(table.number) == [2, 4, 5])
    #expect((0..<3).map(table.fieldCount) == [3, 1, 4])
    #expect(table.field(0, 2) == "çé")
    #expect(table.field(2, 3) == "extra")
    // Beyond a short row: no bytes.
    #expect(table.field(1, 2) == "")
    #expect(table.withField(1, 5) { $0.count } == 0)
  }
}
