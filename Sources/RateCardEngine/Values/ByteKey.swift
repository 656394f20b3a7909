import Foundation

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
  /// Byte-for-byte equality (see `ByteKey`), compared in place.
  public func sameBytes(as other: String) -> Bool {
    var a = self
    var b = other
    return a.withUTF8 { x in
      b.withUTF8 { y in
        x.count == y.count
          && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
      }
    }
  }

  /// Byte order (see `ByteKey`), compared in place.
  public func bytesPrecede(_ other: String) -> Bool {
    var a = self
    var b = other
    return a.withUTF8 { x in
      b.withUTF8 { y in
        let shared = min(x.count, y.count)
        let order = shared == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, shared)
        return order != 0 ? order < 0 : x.count < y.count
      }
    }
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
    // A card has a handful of kinds: comparing bytes beats hashing a String (which
    // normalises Unicode first).
    if evidence.count <= 32 { return evidence.firstIndex { $0.id.sameBytes(as: id) } }
    guard let index = evidenceIndex[id], evidence[index].id.sameBytes(as: id) else { return nil }
    return index
  }
}
