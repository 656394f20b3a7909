import Testing

@testable import RateCardEngine

/// A tally that finds ids by their string's bits (`sharedStrings`) totals exactly what one that
/// always looks the text up does, and both total what a `Dictionary` of the ids' bytes does
/// (the witness): for strings shared by many rows, equal texts in storage of their own, small
/// strings, more strings than the bits have slots, and strings let go while the tally goes on
/// (whose storage may be reused for other text).
@Suite struct SameStringsTests {
  @Test func findingIdsByTheirBitsTotalsWhatLookingUpTheirTextDoes() {
    var generator = SeededRandom(seed: 20_261_125)
    let shared = (0..<40).map { "a shared outcome id, number \($0)" } + ["short", "", "café"]
    var byBits = IDTally<Int>(start: 0, sharedStrings: true)
    var byText = IDTally<Int>(start: 0)
    var witness: [ByteKey: Int] = [:]
    for round in 0..<30_000 {
      let pick = Int.random(in: 0..<shared.count, using: &generator)
      var id: String
      switch round % 4 {
      case 0, 1: id = shared[pick]  // the same storage, row after row
      case 2: id = OwnText.copy(shared[pick])  // the same text in storage of its own
      default:
        // Made here and let go after this round: later ones may be given its storage.
        id = "a text made for one row only, number \(Int.random(in: 0..<300, using: &generator))"
      }
      byBits.update(in: &id) { $0 += round }
      byText.update(id) { $0 += round }
      witness[ByteKey(id), default: 0] += round
    }
    #expect(byBits.ids.count == witness.count)
    #expect(byText.ids.count == witness.count)
    for (key, total) in witness {
      #expect(byBits[key.text] == total, "\(key.text)")
      #expect(byText[key.text] == total, "\(key.text)")
    }
  }
}
