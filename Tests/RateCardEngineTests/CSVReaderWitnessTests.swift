import Foundation
import RateCard
import RateCardEngine
import Testing

/// The fast CSV reader takes runs of bytes at once; the witness is the reader as first
/// written, one byte at a time (Witnesses/PlainCSVReader.swift). Both read the same tables
/// with the same issues: for every sample and for many random files made of the bytes that
/// matter (quotes, commas, line ends, spaces, a byte order mark, multi-byte characters).
@Suite struct CSVReaderWitnessTests {
  static func same(_ bytes: [UInt8]) -> Bool {
    let fast = CSVReader.read(bytes, path: "f.csv")
    let plain = PlainCSVReader.read(bytes, path: "f.csv")
    return fast.header == plain.header && fast.issues == plain.issues
      && fast.rows.map(\.number) == plain.rows.map(\.number)
      && fast.rows.map(\.fields) == plain.rows.map(\.fields)
  }

  @Test func samplesReadTheSame() {
    for path in Repository.files(in: "Samples", ending: ".csv") {
      let bytes = [UInt8](FileManager.default.contents(atPath: Repository.url(path).path)!)
      #expect(CSVReaderWitnessTests.same(bytes), "\(path)")
    }
  }

  @Test func randomFilesReadTheSame() {
    let pieces: [[UInt8]] = [
      Array("\"".utf8), Array(",".utf8), Array("\n".utf8), Array("\r\n".utf8), Array("\r".utf8),
      Array("a".utf8), Array("bc".utf8), Array(" ".utf8), Array("\t".utf8), Array("\"\"".utf8),
      Array("é".utf8), Array("e\u{301}".utf8), [0xEF, 0xBB, 0xBF], [0xFF], Array("12.50".utf8),
    ]
    var generator = SystemRandomNumberGenerator()
    var seed = UInt64.random(in: 0...UInt64.max, using: &generator)
    func next() -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: seed >> 33)
    }
    let start = seed
    for run in 0..<3_000 {
      var bytes: [UInt8] = run % 5 == 0 ? [0xEF, 0xBB, 0xBF] : []
      for _ in 0..<(next() % 60) { bytes += pieces[next() % pieces.count] }
      #expect(CSVReaderWitnessTests.same(bytes), "seed \(start), run \(run): \(bytes)")
      if !CSVReaderWitnessTests.same(bytes) { break }
    }
  }
}

/// Fields are trimmed and evidence lists split on bytes when the text is ASCII, and on
/// characters otherwise; both must read as characters always have.
@Suite struct FieldTextTests {
  @Test func spacesAreTrimmedAsCharacters() throws {
    func text(_ raw: String) -> Value? {
      try? ValueParser.parse(raw, as: .text, currency: "GBP").get()
    }
    #expect(text("  P001 \t") == .text("P001"))
    #expect(text("café ") == .text("café"))
    // A space carrying a combining accent is a character of its own, not a space.
    #expect(text(" \u{301}x") == .text(" \u{301}x"))
    #expect(text("   ") == .missing)
  }

  @Test func evidenceListsSplitAtSemicolons() {
    let table = CSVReader.read(
      Array(
        "claim_id,participant_id,outcome,achieved_on,evidence\nc1,p1,entry,2021-01-01, tenancy ;; tenancy;\nc2,p1,entry,2021-01-01,tenancé;tenancy\nc3,p1,entry,2021-01-01,\n"
          .utf8), path: "c.csv")
    let (records, _) = RecordLoader.claims(table, card: RecordLoaderTests.card)
    #expect(records.map(\.evidence) == [["tenancy", "tenancy"], ["tenancé", "tenancy"], []])
  }
}
