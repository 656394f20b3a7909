/// Which ids occur more than once, byte for byte, found by sorting their hashes rather than
/// by a table of them. A table of a million claim ids is reached at random, one cache miss
/// (and at four million, a page walk) per id; the sort reads and writes its lists in order,
/// in three passes of eleven bits each, so its cost grows with the ids and not with the
/// table's reach.
enum RepeatedIDs {
  /// Per id: whether another id in `ids` has the same bytes.
  static func flags(count: Int, id: (Int) -> String) -> [Bool] {
    var shared = [Bool](repeating: false, count: count)
    guard count > 1 else { return shared }
    let seed = IDNumbering.runSeed
    var keys = [Key](unsafeUninitializedCapacity: count) { buffer, initialized in
      for position in 0..<count {
        buffer[position] = Key(
          hash: IDNumbering.hash(id(position), seed: seed), position: Int32(position))
      }
      initialized = count
    }
    sortByLowBits(&keys)
    // Keys with the same low 33 bits are now side by side: only those can share an id.
    var start = 0
    while start < count {
      var end = start + 1
      while end < count && keys[end].hash & lowMask == keys[start].hash & lowMask { end += 1 }
      if end - start > 1 { mark(keys[start..<end], id: id, &shared) }
      start = end
    }
    return shared
  }

  struct Key {
    var hash: UInt64
    var position: Int32
  }

  static let digitBits = 11
  static let passes = 3
  static let lowMask: UInt64 = (1 << UInt64(digitBits * passes)) - 1

  /// Sorts `keys` by the low 33 bits of their hashes: three counting passes, least
  /// significant digit first, each stable. Each pass's 2,048 places to write stay in the cache.
  static func sortByLowBits(_ keys: inout [Key]) {
    let buckets = 1 << digitBits
    let digitMask = UInt64(buckets - 1)
    // Every pass's counts in one read of the keys.
    var counts = [Int](repeating: 0, count: buckets * passes)
    for key in keys {
      for pass in 0..<passes {
        counts[pass * buckets + Int((key.hash >> UInt64(pass * digitBits)) & digitMask)] += 1
      }
    }
    var other = [Key](unsafeUninitializedCapacity: keys.count) { _, initialized in
      initialized = keys.count
    }
    for pass in 0..<passes {
      var next = [Int](repeating: 0, count: buckets)
      var total = 0
      for bucket in 0..<buckets {
        next[bucket] = total
        total += counts[pass * buckets + bucket]
      }
      let shift = UInt64(pass * digitBits)
      keys.withUnsafeBufferPointer { from in
        other.withUnsafeMutableBufferPointer { to in
          for key in from {
            let bucket = Int((key.hash >> shift) & digitMask)
            to[next[bucket]] = key
            next[bucket] += 1
          }
        }
      }
      swap(&keys, &other)
    }
  }

  /// Marks the ids in `run` (keys alike in their low bits) that another id in it repeats:
  /// each is compared with one id of each different text met before it in the run.
  static func mark(_ run: ArraySlice<Key>, id: (Int) -> String, _ shared: inout [Bool]) {
    // One position per different text: its hash and where it is.
    var texts: [(hash: UInt64, position: Int)] = []
    for key in run {
      let position = Int(key.position)
      let text = id(position)
      if let same = texts.first(where: {
        $0.hash == key.hash && id($0.position).sameBytes(as: text)
      }) {
        shared[same.position] = true
        shared[position] = true
      } else {
        texts.append((key.hash, position))
      }
    }
  }
}
