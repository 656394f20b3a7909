import Testing

@testable import RateCardEngine

/// The open-addressing numbering agrees with the standard library's `Dictionary` of
/// `ByteKey`s (the witness) on which ids are the same: byte for byte, never by canonical
/// equivalence, through many growths of the table.
@Suite struct IDNumberingTests {
  @Test func numbersIdsAsADictionaryOfTheirBytesWould() {
    var generator = SeededRandom(seed: 20_261_124)
    let pieces = ["C", "P0", "café", "cafe\u{301}", "", " ", "£", "0000000", "x", "ÿ"]
    var numbering = IDNumbering()
    var witness: [ByteKey: Int32] = [:]
    for _ in 0..<20_000 {
      let length = Int.random(in: 0...5, using: &generator)
      let id = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
      let (number, isNew) = numbering.number(id)
      if let known = witness[ByteKey(id)] {
        #expect(!isNew && number == known, "\(id) was numbered \(known)")
      } else {
        #expect(isNew && number == Int32(witness.count), "\(id) is new")
        witness[ByteKey(id)] = number
      }
    }
    #expect(numbering.count == witness.count)
    for (key, number) in witness {
      #expect(numbering.number(of: key.text) == number)
      #expect(key.bytes.withUnsafeBufferPointer { numbering.number(ofBytes: $0) } == number)
      #expect(numbering.ids[Int(number)].sameBytes(as: key.text))
    }
    #expect(numbering.number(of: "never seen") == nil)
    #expect(
      Array("never seen".utf8).withUnsafeBufferPointer { numbering.number(ofBytes: $0) } == nil)
    // The same text in two normal forms: two ids.
    #expect(numbering.number(of: "café") != numbering.number(of: "cafe\u{301}"))
  }
}

/// Tallies by id agree with a `Dictionary` of `ByteKey`s (the witness), merged or not.
@Suite struct IDTallyTests {
  @Test func talliesAndMergesAsADictionaryOfBytesWould() {
    var generator = SeededRandom(seed: 4_242)
    let ids = ["a", "b", "café", "cafe\u{301}", "", "provider with a long name"]
    var parts = [IDTally<Int64>(start: 0), IDTally<Int64>(start: 0)]
    var witness: [ByteKey: Int64] = [:]
    for step in 0..<2_000 {
      let id = ids.randomElement(using: &generator)!
      let amount = Int64.random(in: 0...1_000, using: &generator)
      parts[step % 2].update(id) { $0 += amount }
      witness[ByteKey(id), default: 0] += amount
    }
    var merged = parts[0]
    merged.merge(parts[1]) { $0 += $1 }
    #expect(merged.ids.count == witness.count)
    for (id, total) in merged.entries { #expect(witness[ByteKey(id)] == total, "\(id)") }
    // The two normal forms of one word are two ids (`==` on Strings would say one).
    #expect(merged.ids.filter { $0 == "café" }.count == 2)
    #expect(merged["never"] == nil)
  }
}
