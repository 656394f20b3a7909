import Foundation
import RateCardEngine
import Testing

@testable import RateCardAudit

@Suite struct GatekeepingHolmTests {
  typealias Test = GatekeepingHolm.Test

  /// With one test per group there is nothing to gate, and the procedure is Holm's: checked
  /// against `Statistics.holm` (itself pinned to hand calculations) on random p-values.
  @Test func oneTestPerGroupIsHolm() {
    var random = SeededRandom(seed: 12)
    for _ in 0..<200 {
      let count = random.int(1...30)
      let ps = (0..<count).map { _ in Double(random.int(0...100_000)) / 100_000 }
      let tests = ps.enumerated().map { Test(pValue: $1, group: $0, unit: $0) }
      let gated = GatekeepingHolm.adjust(tests)
      let holm = Statistics.holm(ps)
      #expect(zip(gated, holm).allSatisfy { abs($0 - $1) < 1e-12 })
    }
  }

  /// Worked by hand. Group A: main test 0.001 gating sub-tests 0.004 and 0.02; group B: one
  /// test, 0.03. Step 1: A and B weigh 1/2 each; A's main (0.001 / 0.5 = 0.002) goes. Step 2:
  /// A's half passes to its sub-tests, 1/4 each: 0.004 / 0.25 = 0.016 goes. Step 3: 0.02 / 0.5
  /// = 0.04. Step 4: B alone, 0.03 / 1, raised to the running 0.04.
  @Test func gatedSubTestsByHand() {
    let tests = [
      Test(pValue: 0.001, group: 0, unit: 0),
      Test(pValue: 0.004, group: 0, unit: 0, isSubTest: true),
      Test(pValue: 0.02, group: 0, unit: 0, isSubTest: true),
      Test(pValue: 0.03, group: 1, unit: 1),
    ]
    let adjusted = GatekeepingHolm.adjust(tests)
    #expect(zip(adjusted, [0.002, 0.016, 0.04, 0.04]).allSatisfy { abs($0 - $1) < 1e-12 })
  }

  /// The point of the design: forty sub-tests of a flagged provider no longer dilute another
  /// detector's test. Flat Holm over 42 tests adjusts 0.01 to 41 x 0.01 = 0.41; gated, the
  /// forty cost what one does and 0.01 becomes 0.02 (its group's half of the budget).
  @Test func subTestsDoNotDiluteOtherGroups() {
    var tests = [Test(pValue: 0.001, group: 0, unit: 0), Test(pValue: 0.01, group: 1, unit: 1)]
    tests += (0..<40).map { _ in Test(pValue: 0.5, group: 0, unit: 0, isSubTest: true) }
    let gated = GatekeepingHolm.adjust(tests)
    #expect(abs(gated[1] - 0.02) < 1e-12)
    #expect(abs(Statistics.holm(tests.map(\.pValue))[1] - 0.41) < 1e-12)
    // A sub-test whose main test is never rejected is never rejected either.
    let closed = GatekeepingHolm.adjust([
      Test(pValue: 0.9, group: 0, unit: 0), Test(pValue: 1e-9, group: 0, unit: 0, isSubTest: true),
    ])
    #expect(closed[1] >= 0.9)
  }

  /// The condition that makes the short-cut a closed test: for any set of remaining tests the
  /// weights sum to at most 1, and rejecting one test never lowers another's weight.
  @Test func weightsAreMonotone() {
    var random = SeededRandom(seed: 7)
    for _ in 0..<300 {
      let tests = randomStructure(&random)
      var remaining = Set(tests.indices)
      while !remaining.isEmpty {
        let before = GatekeepingHolm.weights(tests, remaining: remaining)
        #expect(remaining.reduce(0) { $0 + before[$1] } <= 1 + 1e-12)
        let removed = remaining.randomElement(using: &random)!
        remaining.remove(removed)
        let after = GatekeepingHolm.weights(tests, remaining: remaining)
        #expect(remaining.allSatisfy { after[$0] >= before[$0] - 1e-15 })
      }
    }
  }

  /// On data with nothing to find (independent uniform p-values), the chance of rejecting
  /// anything at 5% stays at most 5%: 4,000 simulated reports, with 3 standard errors of room.
  @Test func familyWiseErrorUnderTheNull() {
    var random = SeededRandom(seed: 2026)
    var reports = 0
    var alarms = 0
    for _ in 0..<4_000 {
      var tests = randomStructure(&random)
      for index in tests.indices { tests[index].pValue = Double(random.next() >> 11) / 0x1p53 }
      reports += 1
      if GatekeepingHolm.adjust(tests).contains(where: { $0 <= 0.05 }) { alarms += 1 }
    }
    let rate = Double(alarms) / Double(reports)
    #expect(rate <= 0.05 + 3 * (0.05 * 0.95 / Double(reports)).squareRoot())
    // And not far below it either: with a single main test per group the procedure spends
    // its budget, it does not throw it away.
    #expect(rate >= 0.03)
  }

  /// Up to 6 groups of up to 3 units, each with an optional main test and up to 5 sub-tests.
  func randomStructure(_ random: inout SeededRandom) -> [Test] {
    var tests: [Test] = []
    var unit = 0
    for group in 0..<random.int(1...6) {
      for _ in 0..<random.int(1...3) {
        if random.chance(0.8) { tests.append(Test(pValue: 0.5, group: group, unit: unit)) }
        for _ in 0..<random.int(0...5) {
          tests.append(Test(pValue: 0.5, group: group, unit: unit, isSubTest: true))
        }
        unit += 1
      }
    }
    return tests
  }
}
