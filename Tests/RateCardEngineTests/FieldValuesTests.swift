import Foundation
import RateCard
import Testing

@testable import RateCardEngine

/// A record's values kept in words beside the record (`FieldValues`) against a plain array
/// of values given the same writes: every read must give back what the array holds.
@Suite struct FieldValuesTests {
  /// Values at the edges of what a word holds: money and choices at and past 2^60, the
  /// extreme days, texts (more than the two kept beside the words), and the kinds that never
  /// fit a word.
  static let pool: [Value] = [
    .missing, .money(0), .money(-1), .money(150_000), .money(1 << 60 - 1), .money(-(1 << 60)),
    .money(1 << 60), .money(-(1 << 60) - 1), .money(.max), .money(.min), .date(0),
    .date(.max), .date(.min), .date(-1), .bool(true), .bool(false), .choice(0), .choice(3),
    .choice(-2), .choice(1 << 61), .choice(.min), .text(""), .text("C000001"),
    .text("a claim id longer than fifteen bytes"), .text("café"), .text("日本語"),
    .number(Decimal(string: "12.5")!), .number(0), .percent(70),
    .duration(Duration(amount: 3, unit: .months)),
  ]

  @Test func randomWritesReadBackAsAnArrayWould() {
    var random = SeededRandom(seed: 20_261_125)
    for _ in 0..<2_000 {
      let count = random.int(0...13)
      var witness = [Value](repeating: .missing, count: count)
      var values = FieldValues(missing: count)
      for _ in 0..<random.int(0...39) where count > 0 {
        let field = random.int(0...(count - 1))
        let value = random.pick(FieldValuesTests.pool)
        witness[field] = value
        values[field] = value
        let same = Array(values) == witness
        #expect(same, "after writing \(value) to field \(field) of \(count)")
        if !same { return }
      }
      #expect(values == FieldValues(witness))
      #expect(values.description == witness.description)
    }
  }

  @Test func valuesMadeFromAnArrayAreThatArray() {
    var random = SeededRandom(seed: 20_261_126)
    for _ in 0..<500 {
      let witness = (0..<random.int(0...19)).map { _ in
        random.pick(FieldValuesTests.pool)
      }
      #expect(Array(FieldValues(witness)) == witness)
    }
  }

  /// Claims of the benchmark's shape keep no array at all: a record is the words and two
  /// texts beside it.
  @Test func aClaimOfDatesAndTwoTextsSpillsNothing() {
    let values: FieldValues = [
      .text("C000001"), .text("job_entry"), .date(19_000), .missing, .date(18_990), .missing,
    ]
    #expect(values.spilledCount == 0)
    var more = values
    more[3] = .text("a third text")
    #expect(more.spilledCount == 1)
    // A field written again keeps its one place in the array.
    more[3] = .number(1)
    more[3] = .percent(2)
    #expect(more.spilledCount == 1)
    more[3] = .date(19_001)
    more[0] = .text("C000002")
    #expect(
      Array(more) == [
        .text("C000002"), .text("job_entry"), .date(19_000), .date(19_001), .date(18_990), .missing,
      ])
  }

  /// The dates a version is chosen by are read only from fields that are there: a record
  /// made by hand may have fewer fields than the schema.
  @Test func aDayIsReadOnlyFromAFieldThatHoldsOne() {
    let values: FieldValues = [.text("C1"), .text("entry"), .date(19_000)]
    #expect(values.day(at: 2) == 19_000)
    #expect(values.day(at: 1) == nil && values.day(at: 3) == nil)
  }
}
