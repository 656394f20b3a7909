import Foundation

/// The statistics the detectors use. Probabilities and rates are `Double`: they are
/// statistics, not money.
public enum Statistics {
  /// P(Z >= z) for a standard normal Z.
  public static func normalUpperTail(_ z: Double) -> Double {
    0.5 * erfc(z / 2.0.squareRoot())
  }

  /// A 2x2 table's log odds ratio and its variance (Woolf), with 0.5 added to every cell.
  public static func logOddsRatio(yes1: Int, no1: Int, yes2: Int, no2: Int) -> (
    value: Double, variance: Double
  ) {
    let a = Double(yes1) + 0.5
    let b = Double(no1) + 0.5
    let c = Double(yes2) + 0.5
    let d = Double(no2) + 0.5
    return (log((a / b) / (c / d)), 1 / a + 1 / b + 1 / c + 1 / d)
  }

  /// One-sided test that the first log odds ratio is larger than the second.
  public static func oddsRatiosGreater(
    _ first: (value: Double, variance: Double), _ second: (value: Double, variance: Double)
  ) -> (z: Double, p: Double) {
    let z = (first.value - second.value) / (first.variance + second.variance).squareRoot()
    return (z, normalUpperTail(z))
  }

  /// P(X >= k) for X ~ Binomial(n, p), summed exactly in log space.
  public static func binomialUpperTail(_ k: Int, _ n: Int, _ p: Double) -> Double {
    guard k > 0 else { return 1 }
    guard k <= n, p > 0 else { return 0 }
    if p >= 1 { return 1 }
    var total = 0.0
    for i in k...n {
      let logTerm =
        lgamma(Double(n) + 1) - lgamma(Double(i) + 1) - lgamma(Double(n - i) + 1) + Double(i)
        * log(p)
        + Double(n - i) * log1p(-p)
      total += exp(logTerm)
    }
    return min(1, total)
  }

  /// One-sided Mann-Whitney test that values in `xs` tend to be larger than in `ys` (normal
  /// approximation with a correction for ties).
  public static func mannWhitneyGreater(_ xs: [Double], _ ys: [Double]) -> (z: Double, p: Double) {
    guard !xs.isEmpty, !ys.isEmpty else { return (0, 1) }
    let all = (xs.map { ($0, true) } + ys.map { ($0, false) }).sorted { $0.0 < $1.0 }
    var ranks = [Double](repeating: 0, count: all.count)
    var tieTerm = 0.0
    var start = 0
    while start < all.count {
      var end = start
      while end + 1 < all.count && all[end + 1].0 == all[start].0 { end += 1 }
      let rank = Double(start + end) / 2 + 1
      for index in start...end { ranks[index] = rank }
      let ties = Double(end - start + 1)
      tieTerm += ties * ties * ties - ties
      start = end + 1
    }
    let n1 = Double(xs.count)
    let n2 = Double(ys.count)
    let rankSum = zip(all, ranks).filter { $0.0.1 }.reduce(0) { $0 + $1.1 }
    let u = rankSum - n1 * (n1 + 1) / 2
    let n = n1 + n2
    let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
    guard variance > 0 else { return (0, 1) }
    let z = (u - n1 * n2 / 2) / variance.squareRoot()
    return (z, normalUpperTail(z))
  }

  /// Holm's step-down adjustment: controls the chance of any false alarm in the family.
  public static func holm(_ pValues: [Double]) -> [Double] {
    let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
    var adjusted = [Double](repeating: 1, count: pValues.count)
    var running = 0.0
    for (rank, index) in order.enumerated() {
      running = max(running, min(1, Double(pValues.count - rank) * pValues[index]))
      adjusted[index] = running
    }
    return adjusted
  }

  /// Fisher's exact test, one-sided: P(X >= x1) where X is hypergeometric, the number of hits
  /// in group 1 when `x1 + x2` hits fall at random among `n1 + n2` units. Exact for small and
  /// rare counts, where a z-test raises false alarms.
  public static func fisherGreater(_ x1: Int, _ n1: Int, _ x2: Int, _ n2: Int) -> Double {
    let hits = x1 + x2
    let total = n1 + n2
    guard n1 > 0, n2 > 0, hits > 0, x1 > 0 else { return 1 }
    func logChoose(_ n: Int, _ k: Int) -> Double {
      lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
    }
    let denominator = logChoose(total, hits)
    var p = 0.0
    for k in x1...min(hits, n1) where hits - k <= n2 {
      p += exp(logChoose(n1, k) + logChoose(n2, hits - k) - denominator)
    }
    return min(1, p)
  }

  public static func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}
