import Testing

@testable import RateCardEngine

struct ByteWordTests {
  /// Where the CSV reader's scan stops (eight bytes at a time), against the first index of a
  /// byte of the set, found one byte at a time: every byte value at every place, after starts
  /// at every offset in a word, amid bytes next to the special ones, beyond ASCII, or zero,
  /// now and then with a second special byte elsewhere (only the first may count).
  @Test func theFirstMarkedByteIsTheFirstOfTheSet() {
    let special: Set<UInt8> = [0x22, 0x2C, 0x0A, 0x0D]
    let fillers: [UInt8] = [0x41, 0x2B, 0x2D, 0x21, 0x23, 0x0B, 0x0C, 0x0E, 0x09, 0x00, 0x80, 0xFF]
    let specials = Array(special)
    var random = SeededRandom(seed: 20_261_125)
    var agrees = true
    var bytes: [UInt8] = []
    for length in 0...24 {
      for start in 0...min(length, 9) {
        for place in 0..<max(1, length) {
          for code in 0...255 {
            bytes.removeAll(keepingCapacity: true)
            for _ in 0..<length { bytes.append(random.pick(fillers)) }
            if length > 0 { bytes[place] = UInt8(code) }
            if length > 2 && code % 3 == 0 {
              bytes[(place + 1 + code) % length] = specials[code % specials.count]
            }
            var witness = start
            while witness < length && !special.contains(bytes[witness]) { witness += 1 }
            let found = bytes.withUnsafeBufferPointer { buffer in
              ByteWord.first(
                in: buffer, from: start,
                { v in
                  ByteWord.equal(0x22, v) | ByteWord.equal(0x2C, v) | ByteWord.equal(0x0A, v)
                    | ByteWord.equal(0x0D, v)
                },
                special.contains)
            }
            if found != witness { agrees = false }
          }
        }
      }
    }
    #expect(agrees)
  }
}
