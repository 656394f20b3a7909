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
    text.withBytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
  }

  public static func < (lhs: ByteKey, rhs: ByteKey) -> Bool { lhs.text.bytesPrecede(rhs.text) }
}

extension String {
  /// Calls `body` with the string's UTF-8 bytes where they are. A copy of the string, which
  /// `withUTF8` needs (it is mutating), retains and releases its storage: for the texts every
  /// claim shares (outcome ids, evidence names), counts the cores take from each other, on
  /// each comparison. Only a string without contiguous UTF-8 (none made here) is copied.
  @inline(__always)
  public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = self
    return try copy.withUTF8(body)
  }

  /// Byte-for-byte equality (see `ByteKey`), compared in place.
  public func sameBytes(as other: String) -> Bool {
    other.withBytes { sameBytes(as: $0) }
  }

  /// Whether the string's UTF-8 is exactly `bytes`.
  public func sameBytes(as bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    withBytes { x in
      x.count == bytes.count
        && (x.count == 0 || memcmp(x.baseAddress!, bytes.baseAddress!, x.count) == 0)
    }
  }

  /// Byte order (see `ByteKey`), compared in place.
  public func bytesPrecede(_ other: String) -> Bool {
    withBytes { x in
      other.withBytes { y in
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
    // By index: `firstIndex` would hand each kind over as a copy, its id retained.
    if evidence.count <= 32 {
      return id.withBytes { wanted in
        evidence.indices.first { evidence[$0].id.sameBytes(as: wanted) }
      }
    }
    guard let index = evidenceIndex[id], evidence[index].id.sameBytes(as: id) else { return nil }
    return index
  }
}
