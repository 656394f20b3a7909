/// Whether bytes are valid UTF-8, without building a `String` of them (a copy of the whole
/// file). A data file is almost always ASCII, which is checked eight bytes at a time; only a
/// file with other bytes is validated by the standard library.
public enum UTF8Check {
  public static func isValid(_ bytes: [UInt8]) -> Bool {
    let ascii = bytes.withUnsafeBytes { raw -> Bool in
      var offset = 0
      while offset + 8 <= raw.count {
        let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        if word & 0x8080_8080_8080_8080 != 0 { return false }
        offset += 8
      }
      return raw[offset...].allSatisfy { $0 < 0x80 }
    }
    return ascii || String(validating: bytes, as: UTF8.self) != nil
  }
}
