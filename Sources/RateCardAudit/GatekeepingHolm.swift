/// The multiple-testing procedure of the whole report: a sequentially rejective weighted
/// Bonferroni test (Holm's step-down with weights) whose weights follow the detectors' shape.
///
/// Tests come in groups, one per detector and provider. Every group that still has a test
/// left shares the significance equally. Inside a group the main tests (such as a provider's
/// start rate of high-need referrals, and its waiting time) share the group's part equally.
/// A main test may gate sub-tests (such as one test per referral source): they get nothing
/// until it is rejected, then share its part. So forty referral-source tests cost the report
/// what one test costs, and are only looked at inside a provider already flagged.
///
/// The chance of any false alarm in the report is at most the significance, whatever the
/// dependence between the tests: the weights given to any set of remaining tests sum to at
/// most 1 and never fall when another test is rejected, the condition under which this
/// short-cut equals a closed test of weighted Bonferroni tests (Hommel, Bretz and Maurer
/// 2007, "Powerful short-cuts for multiple testing procedures with special reference to
/// gatekeeping strategies", Statistics in Medicine 26). With one test per group it is Holm's
/// procedure exactly (tested).
public enum GatekeepingHolm {
  public struct Test: Sendable, Equatable {
    public var pValue: Double
    /// Tests of one detector and provider share a group.
    public var group: Int
    /// A main test and the sub-tests it gates share a unit; units are numbered across groups.
    public var unit: Int
    /// A sub-test is read only once its unit's main test is rejected (or when the unit has
    /// no main test).
    public var isSubTest: Bool

    public init(pValue: Double, group: Int, unit: Int, isSubTest: Bool = false) {
      self.pValue = pValue
      self.group = group
      self.unit = unit
      self.isSubTest = isSubTest
    }
  }

  /// Each test's adjusted p-value: the smallest significance at which the procedure rejects
  /// it. Reject where the adjusted p-value is at most the significance.
  public static func adjust(_ tests: [Test]) -> [Double] {
    var adjusted = [Double](repeating: 1, count: tests.count)
    var remaining = Set(tests.indices)
    var running = 0.0
    while !remaining.isEmpty {
      let weights = self.weights(tests, remaining: remaining)
      // The test with the smallest p-value for its weight is rejected next (ties: the first).
      var next: Int?
      var best = Double.infinity
      for index in remaining.sorted() where weights[index] > 0 {
        let ratio = tests[index].pValue / weights[index]
        if ratio < best {
          best = ratio
          next = index
        }
      }
      guard let next else { break }  // no weight left: the rest stay at 1
      running = max(running, min(1, best))
      adjusted[next] = running
      remaining.remove(next)
    }
    return adjusted
  }

  /// The weights of the remaining tests: equal per group with a test left; inside a group,
  /// equal per unit with a test left; inside a unit, all to its main test while it is left,
  /// then equal among its sub-tests.
  static func weights(_ tests: [Test], remaining: Set<Int>) -> [Double] {
    var mainLeft: [Int: Int] = [:]  // by unit
    var subLeft: [Int: Int] = [:]  // by unit
    var units: [Int: Set<Int>] = [:]  // by group
    for index in remaining {
      let test = tests[index]
      if test.isSubTest {
        subLeft[test.unit, default: 0] += 1
      } else {
        mainLeft[test.unit, default: 0] += 1
      }
      units[test.group, default: []].insert(test.unit)
    }
    var weights = [Double](repeating: 0, count: tests.count)
    for index in remaining {
      let test = tests[index]
      let unitWeight = 1 / Double(units.count) / Double(units[test.group]!.count)
      let mains = mainLeft[test.unit] ?? 0
      if test.isSubTest {
        if mains == 0 { weights[index] = unitWeight / Double(subLeft[test.unit]!) }
      } else {
        weights[index] = unitWeight / Double(mains)
      }
    }
    return weights
  }
}
