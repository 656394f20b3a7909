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
      #expect(numbering.ids[Int(number)].sameBytes(as: key.text))
    }
    #expect(numbering.number(of: "never seen") == nil)
    // The same text in two normal forms: two ids.
    #expect(numbering.number(of: "café") != numbering.number(of: "cafe\u{301}"))
  }
}
