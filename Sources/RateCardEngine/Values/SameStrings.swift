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
  private typealias Bits = (UInt64, UInt64)

  /// A string kept, its bits (read once, so a lookup never touches the kept string) and its
  /// number (-1: an empty slot).
  private struct Slot {
    var bits: Bits = (0, 0)
    var text = ""
    var number: Int32 = -1
  }

  /// 256 slots: room for the copies of every text each core keeps (see `OwnText`), with few
  /// falling in one slot.
  private var slots = [Slot](repeating: Slot(), count: 256)

  /// The number remembered for a string with these very bits, if any. The string is read
  /// where it is: its bits are looked at, and it is never retained.
  func number(of text: inout String) -> Int32? {
    let bits = SameStrings.bits(of: &text)
    return slots.withUnsafeBufferPointer { slots in
      let slot = slots[SameStrings.slot(bits)]
      return slot.number >= 0 && slot.bits == bits ? slot.number : nil
    }
  }

  /// Remembers the string's number, in place of whatever its slot held.
  mutating func remember(_ text: String, _ number: Int32) {
    var kept = text
    let bits = SameStrings.bits(of: &kept)
    slots[SameStrings.slot(bits)] = Slot(bits: bits, text: kept, number: number)
  }

  private static func bits(of text: inout String) -> Bits {
    withUnsafeBytes(of: &text) { $0.loadUnaligned(as: Bits.self) }
  }

  private static func slot(_ bits: Bits) -> Int {
    // The top eight bits of a multiplied mix: `>>` binds tighter than `&*` in Swift.
    let mixed = (bits.0 &* 0x9E37_79B9_7F4A_7C15 ^ bits.1) &* 0xBF58_476D_1CE4_E5B9
    return Int(truncatingIfNeeded: mixed >> 56)
  }
}
