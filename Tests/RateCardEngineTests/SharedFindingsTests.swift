import Testing

@testable import RateCardEngine

struct SharedFindingsTests {
  static func findings(_ list: [Finding]) -> Findings {
    var findings = Findings()
    for finding in list { findings.add(finding) }
    return findings
  }

  /// Whether two lists are one array (shared), not just equal.
  static func same(_ a: Findings, _ b: Findings) -> Bool {
    a.list.withUnsafeBufferPointer { x in
      b.list.withUnsafeBufferPointer { $0.baseAddress == x.baseAddress }
    }
  }

  /// A row rejected only because a required outcome was not achieved shares the list of the
  /// first such row for that outcome; any other list is its own, and reads the same.
  @Test func oneNotAchievedFindingIsSharedPerOutcome() {
    var shared = Findings.Shared()
    let first = shared.sharing(Self.findings([.notAchieved("assessment")]))
    let second = shared.sharing(Self.findings([.notAchieved("assessment")]))
    let other = shared.sharing(Self.findings([.notAchieved("job_entry")]))
    #expect(Self.same(first, second))
    #expect(
      !Self.same(first, other)
        && other.message == "job_entry has not been achieved by this participant")
    let two = Self.findings([.notAchieved("assessment"), .notAchieved("job_entry")])
    #expect(!Self.same(shared.sharing(two), first) && shared.sharing(two).list == two.list)
    let condition = Self.findings([.conditionNotMet("age >= 18")])
    let again = Self.findings([.conditionNotMet("age >= 18")])
    #expect(!Self.same(shared.sharing(condition), shared.sharing(again)))
    #expect(second.message == first.message && second.list == [.notAchieved("assessment")])
  }

  /// Past the limit of ids, lists are still right, only not kept.
  @Test func listsPastTheLimitAreTheirOwn() {
    var shared = Findings.Shared()
    for id in 0..<Findings.Shared.limit {
      _ = shared.sharing(Self.findings([.notAchieved("o\(id)")]))
    }
    let late = shared.sharing(Self.findings([.notAchieved("late")]))
    let lateAgain = shared.sharing(Self.findings([.notAchieved("late")]))
    #expect(!Self.same(late, lateAgain) && late.list == lateAgain.list)
    let early = shared.sharing(Self.findings([.notAchieved("o0")]))
    #expect(Self.same(early, shared.sharing(Self.findings([.notAchieved("o0")]))))
  }
}
