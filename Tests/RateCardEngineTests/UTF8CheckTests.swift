import RateCardEngine
import Testing

/// The word-at-a-time check agrees with the standard library's validation (the witness) on
/// ASCII, on text with characters beyond it anywhere (in a whole word or the last few bytes),
/// and on broken sequences.
@Suite struct UTF8CheckTests {
  static func witness(_ bytes: [UInt8]) -> Bool { String(validating: bytes, as: UTF8.self) != nil }

  @Test func agreesWithTheStandardLibrary() {
    let pieces: [[UInt8]] = [
      Array("a".utf8), Array("claim_id,".utf8), Array("£".utf8), Array("é".utf8),
      Array("😀".utf8), [0xA3], [0xC3], [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0],
      Array("\r\n".utf8),
    ]
    var seed: UInt64 = 20_261_124
    func next() -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: seed >> 33)
    }
    var valid = 0
    var invalid = 0
    for _ in 0..<5_000 {
      var bytes: [UInt8] = []
      for _ in 0..<(next() % 30) {
        // Mostly ASCII, as data files are.
        bytes += next() % 4 == 0 ? pieces[next() % pieces.count] : pieces[next() % 2]
      }
      let expected = UTF8CheckTests.witness(bytes)
      #expect(UTF8Check.isValid(bytes) == expected, "\(bytes)")
      if expected { valid += 1 } else { invalid += 1 }
    }
    #expect(valid > 1_000 && invalid > 1_000, "both kinds: \(valid) valid, \(invalid) not")
    // A stray byte in the tail after the last whole word, and in a word.
    for length in 0..<20 {
      for position in 0..<length {
        var bytes = Array(repeating: UInt8(ascii: "x"), count: length)
        bytes[position] = 0xA3
        #expect(!UTF8Check.isValid(bytes))
      }
      #expect(UTF8Check.isValid(Array(repeating: UInt8(ascii: "x"), count: length)))
    }
  }
}
