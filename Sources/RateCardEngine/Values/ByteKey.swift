/// An identifier from the data compared, hashed and sorted by its UTF-8 bytes. Swift's
/// `String` equality is canonical equivalence, so `café` written in NFC and in NFD would be
/// one claim id; in data they are two, and which one won would depend on row order.
public struct ByteKey: Hashable, Comparable, Sendable {
  /// The text itself: hashing and comparing read its UTF-8 bytes in place, so a key costs no
  /// copy of the bytes.
  public var text: String

  public init(_ text: String) { self.text = text }

  public var bytes: [UInt8] { Array(text.utf8) }

  public static func == (lhs: ByteKey, rhs: ByteKey) -> Bool { lhs.text.sameBytes(as: rhs.text) }

  public func hash(into hasher: inout Hasher) {
    var text = text
    text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
  }

  public static func < (lhs: ByteKey, rhs: ByteKey) -> Bool { lhs.text.bytesPrecede(rhs.text) }
}

extension String {
  /// Byte-for-byte equality (see `ByteKey`).
  public func sameBytes(as other: String) -> Bool { utf8.elementsEqual(other.utf8) }

  /// Byte order (see `ByteKey`).
  public func bytesPrecede(_ other: String) -> Bool {
    utf8.lexicographicallyPrecedes(other.utf8)
  }
}

extension CompiledCard {
  /// The outcome with exactly this id, byte for byte.
  public func outcomePosition(_ id: String) -> Int? {
    guard let index = outcomeIndex[id], outcomes[index].id.sameBytes(as: id) else { return nil }
    return index
  }

  /// The evidence kind with exactly this id, byte for byte.
  public func evidencePosition(_ id: String) -> Int? {
    guard let index = evidenceIndex[id], evidence[index].id.sameBytes(as: id) else { return nil }
    return index
  }
}
