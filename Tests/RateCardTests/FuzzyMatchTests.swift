import Foundation
import Testing

@testable import RateCard
@testable import RateCardEngine

/// "Did you mean" measures plain ASCII names on their bytes; the witness is the rule measured
/// on lowercased characters for every candidate, as it was written first.
@Suite struct FuzzyMatchTests {
  static func plainRule(for name: String, in candidates: [String]) -> String? {
    let limit = max(1, min(3, name.count / 3 + 1))
    guard name.utf8.count <= FuzzyMatch.longestName else { return nil }
    var best: (name: String, distance: Int)?
    for candidate in candidates
    where candidate != name && candidate.utf8.count <= FuzzyMatch.longestName {
      let distance = FuzzyMatch.editDistance(name.lowercased(), candidate.lowercased())
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

  @Test func bestMatchesAreThePlainRules() {
    // Letters in both cases, transpositions, names holding others, accents composed and
    // combining, a carriage return before a line feed, and empty names.
    let pieces = [
      "a", "b", "A", "c", "x", "_", "1", "é", "e\u{301}", "\r\n", "\r", "ab", "ba", "claim",
      "C0", "",
    ]
    var random = SeededRandom(seed: 20_261_124)
    func word() -> String { (0..<random.int(0...5)).map { _ in random.pick(pieces) }.joined() }
    for _ in 0..<400 {
      let candidates = (0..<random.int(0...40)).map { _ in word() }
      let name = random.int(0...3) == 0 ? random.pick(candidates + ["x"]) : word()
      let fast = FuzzyMatch.bestMatch(for: name, in: candidates)
      let plain = FuzzyMatchTests.plainRule(for: name, in: candidates)
      #expect(fast == plain, "\(name.debugDescription) in \(candidates.debugDescription)")
    }
  }

  @Test func claimIDsGetTheirNearestNeighbour() {
    let ids = (1...5_000).map { "C" + String(repeating: "0", count: 6 - "\($0)".count) + "\($0)" }
    #expect(FuzzyMatch.bestMatch(for: "C5000001", in: ids) == "C000001")
    #expect(FuzzyMatch.bestMatch(for: "c004999", in: ids) == "C004999")
    #expect(FuzzyMatch.bestMatch(for: "C00498", in: ids) == "C000498")
    #expect(FuzzyMatch.bestMatch(for: "zzzzzzzz", in: ids) == nil)
    for name in ["C5000001", "c004999", "C00498", "C0049", "0049", "zzzzzzzz", "C004999C004999"] {
      #expect(
        FuzzyMatch.bestMatch(for: name, in: ids) == FuzzyMatchTests.plainRule(for: name, in: ids),
        "\(name)")
    }
  }
}
