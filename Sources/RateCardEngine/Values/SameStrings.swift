/// The numbers of a few strings, found by the string's own bits rather than its text.
///
/// A `String` is two words. A small string holds its bytes in them; a larger one points to
/// storage that is never changed while it is shared. Each string remembered is kept (so its
/// storage cannot be freed and reused for other text), and a string with the same bits as a
/// kept one has the same text. A ledger's rows share their outcome ids and provider names with
/// the card and the data, so they find theirs by comparing two words. Two strings with the same
/// text and different bits are simply not found here: the caller looks the text up instead, so
/// a miss costs time, never a wrong number.
struct SameStrings {
  /// 256 slots, each a string kept and its number (-1: empty): room for the copies of every
  /// text each core keeps (see `OwnText`), with few falling in one slot.
  private var slots = [(text: String, number: Int32)](repeating: ("", -1), count: 256)

  /// The number remembered for a string with these very bits, if any. The string is read
  /// where it is: its bits are looked at, and it is never retained.
  func number(of text: inout String) -> Int32? {
    let bits = withUnsafeBytes(of: &text) { $0.loadUnaligned(as: (UInt64, UInt64).self) }
    return slots.withUnsafeBufferPointer { slots in
      let slot = SameStrings.slot(bits)
      return slots[slot].number >= 0 && SameStrings.bits(slots[slot].text) == bits
        ? slots[slot].number : nil
    }
  }

  /// Remembers the string's number, in place of whatever its slot held.
  mutating func remember(_ text: String, _ number: Int32) {
    slots[SameStrings.slot(SameStrings.bits(text))] = (text, number)
  }

  private static func bits(_ text: String) -> (UInt64, UInt64) {
    unsafeBitCast(text, to: (UInt64, UInt64).self)
  }

  private static func slot(_ bits: (UInt64, UInt64)) -> Int {
    // The top eight bits of a multiplied mix: `>>` binds tighter than `&*` in Swift.
    let mixed = (bits.0 &* 0x9E37_79B9_7F4A_7C15 ^ bits.1) &* 0xBF58_476D_1CE4_E5B9
    return Int(truncatingIfNeeded: mixed >> 56)
  }
}
