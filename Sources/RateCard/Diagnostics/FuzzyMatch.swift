/// One shared "did you mean" helper so every unknown name is answered the same way.
public enum FuzzyMatch {
  /// Longer names are not compared (a 1 MB identifier must not stall "did you mean").
  public static let longestName = 128

  /// The closest candidate within a distance that suits the name's length, or nil.
  public static func bestMatch(for name: String, in candidates: some Sequence<String>) -> String? {
    let limit = max(1, min(3, name.count / 3 + 1))
    // Names longer than any sensible id get no suggestion: the distance is quadratic.
    guard name.utf8.count <= FuzzyMatch.longestName else { return nil }
    var best: (name: String, distance: Int)?
    for candidate in candidates
    where candidate != name && candidate.utf8.count <= FuzzyMatch.longestName {
      let distance = editDistance(name.lowercased(), candidate.lowercased())
      let containsEachOther =
        name.count >= 4 && (candidate.contains(name) || name.contains(candidate))
      let score = containsEachOther ? min(distance, limit) : distance
      guard score <= limit else { continue }
      if best == nil || score < best!.distance
        || (score == best!.distance && candidate < best!.name)
      {
        best = (candidate, score)
      }
    }
    return best?.name
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
