/// Ids numbered 0, 1, 2… in the order they are first seen, compared by their UTF-8 bytes (as
/// `ByteKey` compares them). An open-addressing table with a quick hash of the bytes: a
/// `Dictionary` of `ByteKey`s hashes every id with SipHash, which was a third of the time
/// spent typing a million claims. Which number an id gets never depends on the hash, so the
/// hash's seed changes nothing but speed.
struct IDNumbering {
  /// The ids, by number.
  private(set) var ids: [String] = []
  /// A power of two of slots: 0 is empty, else the hash's upper half and the number plus one.
  private var slots: [UInt64]
  private var mask: Int

  init(capacity: Int = 0) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Array(repeating: 0, count: size)
    mask = size - 1
    ids.reserveCapacity(capacity)
  }

  var count: Int { ids.count }

  /// The id's number, numbering it first when it is new.
  mutating func number(_ id: String) -> (number: Int32, isNew: Bool) {
    let hash = IDNumbering.hash(id, seed: seed)
    let (slot, found) = probe(id, hash)
    if let found { return (found, false) }
    let number = ids.count
    ids.append(id)
    slots[slot] = (hash >> 32) << 32 | UInt64(number + 1)
    // At most half full, so that probes stay short.
    if ids.count * 2 > slots.count { grow() }
    return (Int32(number), true)
  }

  /// The id's number, if it has one.
  func number(of id: String) -> Int32? {
    probe(id, IDNumbering.hash(id, seed: seed)).found
  }

  /// The number of the id with exactly these bytes, if it has one: a field looked up where it
  /// lies in the data, with no string made for it.
  func number(ofBytes bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
    probe(IDNumbering.hash(bytes: bytes, seed: seed)) { $0.sameBytes(as: bytes) }.found
  }

  /// How many rows ahead callers ask for an id's slot (see `prefetch`).
  static let ahead = 8

  /// Asks for the slot where the id's probe starts to be brought into the cache (see
  /// `Prefetch`): for an id looked up a few rows later, in a table too big for the cache.
  func prefetch(_ id: String) {
    id.withBytes { prefetch(bytes: $0) }
  }

  func prefetch(bytes: UnsafeBufferPointer<UInt8>) {
    let slot = Int(truncatingIfNeeded: IDNumbering.hash(bytes: bytes, seed: seed)) & mask
    Prefetch.read(stripe: slot, width: 1, of: slots)
  }

  /// The slot holding the id and its number, or the empty slot where it would go.
  private func probe(_ id: String, _ hash: UInt64) -> (slot: Int, found: Int32?) {
    probe(hash) { $0.sameBytes(as: id) }
  }

  @inline(__always)
  private func probe(_ hash: UInt64, _ matches: (String) -> Bool) -> (slot: Int, found: Int32?) {
    let tag = hash >> 32
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 {
      let entry = slots[slot]
      let number = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
      if entry >> 32 == tag && matches(ids[number]) { return (slot, Int32(number)) }
      slot = (slot + 1) & mask
    }
    return (slot, nil)
  }

  private mutating func grow() {
    let size = slots.count * 2
    slots = Array(repeating: 0, count: size)
    mask = size - 1
    for (number, id) in ids.enumerated() {
      let hash = IDNumbering.hash(id, seed: seed)
      var slot = Int(truncatingIfNeeded: hash) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = (hash >> 32) << 32 | UInt64(number + 1)
    }
  }

  /// Chosen once per run, so that no data file can be made to collide on purpose.
  static let runSeed = UInt64.random(in: 1...UInt64.max)
  /// The run's seed, held by each table: read through the static on every hash, it cost a
  /// check that it had been made each time.
  private let seed = IDNumbering.runSeed

  /// A quick, well-mixed hash of the id's bytes, eight at a time.
  static func hash(_ id: String, seed: UInt64) -> UInt64 {
    id.withBytes { hash(bytes: $0, seed: seed) }
  }

  static func hash(bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
    var state = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
    guard let base = bytes.baseAddress else { return mix(state) }
    let raw = UnsafeRawPointer(base)
    var offset = 0
    while offset + 8 <= bytes.count {
      let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      state = (state ^ word) &* 0xFF51_AFD7_ED55_8CCD
      state ^= state >> 32
      offset += 8
    }
    // The bytes after the last whole word, read at once: the last eight (overlapping the word
    // before) when there are eight, else the first and last four, else the first, middle and
    // last byte. Every byte counts, and the length is in the state already.
    let count = bytes.count
    if offset < count {
      let word: UInt64
      if count >= 8 {
        word = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
      } else if count >= 4 {
        word =
          UInt64(raw.loadUnaligned(as: UInt32.self)) << 32
          | UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
      } else {
        word = UInt64(base[0]) << 16 | UInt64(base[count / 2]) << 8 | UInt64(base[count - 1])
      }
      state = (state ^ word) &* 0xFF51_AFD7_ED55_8CCD
    }
    return mix(state)
  }

  private static func mix(_ value: UInt64) -> UInt64 {
    var value = value
    value ^= value >> 33
    value = value &* 0xC4CE_B9FE_1A85_EC53
    value ^= value >> 29
    return value
  }
}
