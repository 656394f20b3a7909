/// One shared "did you mean" helper so every unknown name is answered the same way.
public enum FuzzyMatch {
  /// Longer names are not compared (a 1 MB identifier must not stall "did you mean").
  public static let longestName = 128

  /// The closest candidate within a distance that suits the name's length, or nil.
  ///
  /// Among a million claim ids this runs once per unknown id asked for, so a candidate in
  /// plain ASCII (as ids almost always are) is measured on its bytes, in rows kept from one
  /// candidate to the next, with no string made; any other goes the general way, by characters.
  /// Both give the same distance (`FuzzyMatchTests` keeps the plain rule as the witness).
  public static func bestMatch(for name: String, in candidates: some Sequence<String>) -> String? {
    let limit = max(1, min(3, name.count / 3 + 1))
    // Names longer than any sensible id get no suggestion: the distance is quadratic.
    guard name.utf8.count <= FuzzyMatch.longestName else { return nil }
    let plainName = Plain(name)
    var rows = Rows()
    var best: (name: String, distance: Int)?
    for candidate in candidates
    where candidate != name && candidate.utf8.count <= FuzzyMatch.longestName {
      let plain = plainName.flatMap { name in
        Plain.measure(candidate) { name.distance(to: $0, within: limit, &rows) }
      }
      let distance = plain ?? editDistance(name.lowercased(), candidate.lowercased())
      var score = distance
      if distance > limit {
        // Within the limit either way when one contains the other.
        let containsEachOther =
          name.count >= 4
          && (plainName.flatMap { name in Plain.measure(candidate) { name.containsEither($0) } }
            ?? (candidate.contains(name) || name.contains(candidate)))
        guard containsEachOther else { continue }
        score = limit
      }
      if best == nil || score < best!.distance
        || (score == best!.distance && candidate < best!.name)
      {
        best = (candidate, score)
      }
    }
    return best?.name
  }

  /// A name in plain ASCII without carriage returns (whose characters are its bytes; a
  /// carriage return joins a line feed after it into one character), and its bytes lowercased.
  struct Plain {
    let bytes: [UInt8]
    let lowered: [UInt8]

    init?(_ text: String) {
      guard let bytes = Plain.bytes(text, { Plain.isPlain($0) ? Array($0) : nil }) else {
        return nil
      }
      self.bytes = bytes
      lowered = bytes.map(Plain.lower)
    }

    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
      bytes.allSatisfy { $0 < 0x80 && $0 != 0x0D }
    }

    static func lower(_ byte: UInt8) -> UInt8 {
      byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// `body` on the candidate's bytes when they are plain, else nil.
    static func measure<R>(_ candidate: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
      bytes(candidate) { isPlain($0) ? body($0) : nil }
    }

    /// `body` on the text's UTF-8 bytes.
    static func bytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
      var text = text
      return text.withUTF8(body)
    }

    /// The distance (as `editDistance` counts it) between the lowered names, or `limit + 1`
    /// when it is more than `limit`: no fewer edits than the lengths differ by.
    func distance(to other: UnsafeBufferPointer<UInt8>, within limit: Int, _ rows: inout Rows)
      -> Int
    {
      let (x, n) = (lowered, other.count)
      if abs(x.count - n) > limit { return limit + 1 }
      if x.isEmpty { return n }
      if n == 0 { return x.count }
      for j in 0...n { rows.previous[j] = j }
      for i in 1...x.count {
        rows.current[0] = i
        for j in 1...n {
          let y = Plain.lower(other[j - 1])
          let cost = x[i - 1] == y ? 0 : 1
          var value = min(
            rows.previous[j] + 1, rows.current[j - 1] + 1, rows.previous[j - 1] + cost)
          if i > 1, j > 1, x[i - 1] == Plain.lower(other[j - 2]), x[i - 2] == y {
            value = min(value, rows.previousPrevious[j - 2] + 1)
          }
          rows.current[j] = value
        }
        swap(&rows.previousPrevious, &rows.previous)
        swap(&rows.previous, &rows.current)
      }
      return min(rows.previous[n], limit + 1)
    }

    /// Whether either name holds the other (as characters, which here are bytes).
    func containsEither(_ other: UnsafeBufferPointer<UInt8>) -> Bool {
      func holds(_ long: UnsafeBufferPointer<UInt8>, _ short: UnsafeBufferPointer<UInt8>) -> Bool {
        guard short.count <= long.count else { return false }
        // As `String.contains`: an empty name is in no other.
        if short.isEmpty { return false }
        for start in 0...(long.count - short.count)
        where long[start] == short[0] && long[start..<(start + short.count)].elementsEqual(short) {
          return true
        }
        return false
      }
      return bytes.withUnsafeBufferPointer { name in holds(other, name) || holds(name, other) }
    }
  }

  /// The distance rows, kept from candidate to candidate.
  struct Rows {
    var previousPrevious = [Int](repeating: 0, count: FuzzyMatch.longestName + 1)
    var previous = [Int](repeating: 0, count: FuzzyMatch.longestName + 1)
    var current = [Int](repeating: 0, count: FuzzyMatch.longestName + 1)
  }

  /// Levenshtein distance with adjacent transpositions counted as one edit.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a)
    let y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previousPrevious = [Int](repeating: 0, count: y.count + 1)
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
          value = min(value, previousPrevious[j - 2] + 1)
        }
        current[j] = value
      }
      previousPrevious = previous
      previous = current
    }
    return previous[y.count]
  }

  /// The help line for an unknown name, if a close one exists.
  public static func suggestion(for name: String, in candidates: some Sequence<String>) -> String? {
    bestMatch(for: name, in: candidates).map { "did you mean `\($0)`?" }
  }
}
