import Foundation
import RateCardAudit
import Testing

@Suite struct StatisticsTests {
  @Test func normalTail() {
    #expect(abs(Statistics.normalUpperTail(0) - 0.5) < 1e-12)
    #expect(abs(Statistics.normalUpperTail(1.959964) - 0.025) < 1e-6)
    #expect(abs(Statistics.normalUpperTail(-1.644854) - 0.95) < 1e-6)
  }

  @Test func binomialTailMatchesKnownValues() {
    // P(X >= 8) for Binomial(10, 0.5) = 56/1024.
    #expect(abs(Statistics.binomialUpperTail(8, 10, 0.5) - 56.0 / 1024) < 1e-12)
    #expect(Statistics.binomialUpperTail(0, 10, 0.3) == 1)
    #expect(Statistics.binomialUpperTail(11, 10, 0.3) == 0)
  }

  @Test func holmAdjustsAndKeepsOrder() {
    let adjusted = Statistics.holm([0.01, 0.04, 0.03, 0.5])
    #expect(adjusted.map { ($0 * 1000).rounded() / 1000 } == [0.04, 0.09, 0.09, 0.5])
  }

  @Test func oddsRatioTests() {
    let first = Statistics.logOddsRatio(yes1: 50, no1: 50, yes2: 50, no2: 50)
    #expect(abs(first.value) < 1e-12)
    let (_, same) = Statistics.oddsRatiosGreater(first, first)
    #expect(abs(same - 0.5) < 1e-12)
  }

  @Test func mannWhitneyDetectsAShift() {
    let xs = (0..<40).map { Double($0) + 10 }
    let ys = (0..<40).map { Double($0) }
    #expect(Statistics.mannWhitneyGreater(xs, ys).p < 0.05)
    #expect(Statistics.mannWhitneyGreater(ys, ys).p > 0.4)
    #expect(Statistics.median([3, 1, 2, 10]) == 2.5)
  }

  // The values below were computed independently of this code, with SciPy 1.17.1
  // (`scipy.stats.fisher_exact(..., alternative="greater")`, `binom.sf(k - 1, n, p)`,
  // `mannwhitneyu(..., alternative="greater", use_continuity=False, method="asymptotic")`) or
  // by hand, so the tests pin the numbers and not only their direction.

  @Test func fisherMatchesTheLadyTastingTea() {
    // Fisher's own example: 3 of 4 cups right against 1 of 4; P = (16 + 1) / 70.
    #expect(abs(Statistics.fisherGreater(3, 4, 1, 4) - 17.0 / 70) < 1e-12)
  }

  @Test(
    arguments: [
      (7, 100, 1, 100, 0.03242970105213253), (12, 50, 5, 50, 0.05418479204411025),
      (2, 10, 0, 10, 0.2368421052631579),
    ])
  func fisherMatchesSciPy(x1: Int, n1: Int, x2: Int, n2: Int, expected: Double) {
    #expect(abs(Statistics.fisherGreater(x1, n1, x2, n2) - expected) < 1e-10)
  }

  @Test(
    arguments: [
      (5, 20, 0.1, 0.04317449528446339), (30, 100, 0.2, 0.011248978720991648),
      (3, 50, 0.01, 0.013817270830600381),
    ])
  func binomialTailMatchesSciPy(k: Int, n: Int, p: Double, expected: Double) {
    #expect(abs(Statistics.binomialUpperTail(k, n, p) - expected) < 1e-12)
  }

  @Test func mannWhitneyMatchesSciPyWithTies() {
    // Ties at 3, 5, 7 and 9 exercise the tie correction; U = 46.5.
    let tied = Statistics.mannWhitneyGreater([3, 5, 5, 7, 8, 9, 9, 12], [1, 2, 3, 3, 5, 6, 7])
    #expect(abs(tied.p - 0.015373389307664569) < 1e-10)
    let untied = Statistics.mannWhitneyGreater(
      [2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 6.1, 4.9, 3.9],
      [1.2, 2.2, 1.8, 3.1, 2.5, 1.1, 2.9, 2.0, 3.6, 1.5, 2.4])
    #expect(abs(untied.p - 0.004587528897394638) < 1e-10)
  }

  @Test func woolfMatchesAHandCalculation() {
    // 20/80 against 10/90 with 0.5 in every cell: log(20.5 x 90.5 / (80.5 x 10.5)) and
    // 1/20.5 + 1/80.5 + 1/10.5 + 1/90.5.
    let ratio = Statistics.logOddsRatio(yes1: 20, no1: 80, yes2: 10, no2: 90)
    #expect(abs(ratio.value - 0.7861422952622475) < 1e-12)
    #expect(abs(ratio.variance - 0.16749066704832657) < 1e-12)
    // Against an odds ratio of one (log 0, variance 0.04): z = 0.78614 / sqrt(0.20749).
    let test = Statistics.oddsRatiosGreater(ratio, (0, 0.04))
    #expect(abs(test.z - 0.7861422952622475 / 0.20749066704832657.squareRoot()) < 1e-12)
  }

  @Test func holmMatchesAHandCalculation() {
    // Sorted: 0.005 x 4 = 0.02, 0.01 x 3 = 0.03, 0.03 x 2 = 0.06, then 0.04 x 1 = 0.04 is
    // raised to the running maximum 0.06.
    let adjusted = Statistics.holm([0.01, 0.04, 0.03, 0.005])
    let expected = [0.03, 0.06, 0.06, 0.02]
    for (value, want) in zip(adjusted, expected) { #expect(abs(value - want) < 1e-15) }
  }

  @Test func normalTailMatchesSciPy() {
    #expect(abs(Statistics.normalUpperTail(2.5) - 0.006209665325776132) < 1e-14)
    #expect(abs(Statistics.normalUpperTail(-0.3) - 0.6179114221889526) < 1e-14)
  }
}
