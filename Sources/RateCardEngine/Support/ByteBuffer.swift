/// Bytes gathered by appending, in a buffer of their own: an append is a copy and a count,
/// where an array's general append cost several times the copying of the small pieces a row
/// or a data table is made of. A copy shares the buffer until either changes it, so this is a
/// value like an array (which is why it can be `Sendable`: a buffer two values share is never
/// written).
struct ByteBuffer: @unchecked Sendable {
  private final class Storage {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int

    init(capacity: Int) {
      self.capacity = Swift.max(capacity, 16)
      base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }
  }

  private var storage: Storage
  /// How many bytes are gathered.
  private(set) var count = 0

  init(capacity: Int = 16) { storage = Storage(capacity: capacity) }

  /// Calls `body` with the bytes gathered, where they are.
  func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try body(UnsafeBufferPointer(start: storage.base, count: count))
  }

  /// The bytes gathered (a copy).
  var array: [UInt8] { withBytes { Array($0) } }

  /// Writes `extra` bytes at the end through `write`, which gets where they go.
  @inline(__always)
  mutating func append(count extra: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Void) {
    if !isKnownUniquelyReferenced(&storage) || count + extra > storage.capacity {
      reserve(count + extra)
    }
    write(storage.base + count)
    count += extra
  }

  @inline(__always) mutating func append(_ byte: UInt8) {
    append(count: 1) { $0.pointee = byte }
  }

  mutating func append(bytes more: UnsafeBufferPointer<UInt8>) {
    guard let source = more.baseAddress, !more.isEmpty else { return }
    append(count: more.count) { $0.update(from: source, count: more.count) }
  }

  /// Room for at least `capacity` bytes in a buffer of this value's own.
  mutating func reserve(_ capacity: Int) {
    guard !isKnownUniquelyReferenced(&storage) || capacity > storage.capacity else { return }
    let larger = Storage(
      capacity: capacity > storage.capacity
        ? Swift.max(capacity, storage.capacity * 2) : storage.capacity)
    larger.base.update(from: storage.base, count: count)
    storage = larger
  }

  /// Drops the bytes from `start` on.
  mutating func removeAll(from start: Int) { count = Swift.min(count, Swift.max(0, start)) }
}
