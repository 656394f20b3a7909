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
}
