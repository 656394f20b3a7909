/// Questions about the eight bytes of a word at once, for scans of text that look for a few
/// byte values (what CSV must quote, what JSON must escape). `(v - n * 0x01...) & ~v & 0x80...`
/// is non-zero exactly when some byte of `v` is below `n` (for `n` up to 128), and a byte equal
/// to `c` is a zero byte of `v ^ c * 0x01...`.
enum ByteWord {
  static let ones: UInt64 = 0x0101_0101_0101_0101

  /// Non-zero when some byte of `v` is below `n`. (Masks, not answers, so that several are
  /// joined with `|` and tested once: `||` put a branch between them.)
  @inline(__always)
  static func below(_ n: UInt64, _ v: UInt64) -> UInt64 {
    (v &- n &* ones) & ~v & 0x8080_8080_8080_8080
  }

  /// Non-zero when some byte of `v` is `c`.
  @inline(__always)
  static func equal(_ c: UInt8, _ v: UInt64) -> UInt64 { below(1, v ^ (UInt64(c) &* ones)) }

  /// Whether `matches` holds for some word of `bytes`, read eight bytes at a time, the last
  /// eight overlapping those before. Fewer than eight bytes are read as one word made only of
  /// their own bytes (some twice), so a mask that asks "is some byte one of these" is answered
  /// exactly: four to seven bytes as their first four and last four, one to three as the
  /// first, middle and last, repeated. No bytes: false.
  @inline(__always)
  static func any(_ bytes: UnsafeBufferPointer<UInt8>, _ matches: (UInt64) -> Bool) -> Bool {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return false }
    let raw = UnsafeRawPointer(base)
    let count = bytes.count
    if count < 4 {
      let three = UInt64(base[0]) | UInt64(base[count / 2]) << 8 | UInt64(base[count - 1]) << 16
      return matches(three | three << 24 | three << 48)
    }
    if count < 8 {
      let first = UInt64(raw.loadUnaligned(as: UInt32.self))
      let last = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
      return matches(first | last << 32)
    }
    var offset = 0
    while offset + 8 < count {
      if matches(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) { return true }
      offset += 8
    }
    return matches(raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
  }

  /// Where the first byte from `start` on that `mask` marks is (`matches` says the same of
  /// one byte), or `bytes.count`: eight bytes at a time while eight remain, then one at a
  /// time. The lowest bit a mask sets is exact, since a borrow runs only upwards from a
  /// marked byte; the bytes are read little-endian, so the lowest byte is the first.
  @inline(__always)
  static func first(
    in bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ mask: (UInt64) -> UInt64,
    _ matches: (UInt8) -> Bool
  ) -> Int {
    guard let base = bytes.baseAddress else { return bytes.count }
    let raw = UnsafeRawPointer(base)
    var offset = start
    while offset + 8 <= bytes.count {
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
      let found = mask(word)
      if found != 0 { return offset + found.trailingZeroBitCount / 8 }
      offset += 8
    }
    while offset < bytes.count && !matches(bytes[offset]) { offset += 1 }
    return offset
  }
}
