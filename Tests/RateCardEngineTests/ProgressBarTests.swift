import RateCardEngine
import Testing

/// The progress line for long runs at a terminal; silent otherwise.
@Suite struct ProgressBarTests {
  @Test func theLineShowsTheBarCountRateAndTimeLeft() {
    #expect(
      ProgressBar.line(done: 440_818, total: 881_636, unit: "claims", seconds: 2)
        == "[##########----------]  440,818 of 881,636 claims  220,409 a second  2 s left")
    #expect(
      ProgressBar.line(done: 0, total: 7, unit: "detectors", seconds: 0)
        == "[--------------------]  0 of 7 detectors")
    #expect(
      ProgressBar.line(done: 7, total: 7, unit: "detectors", seconds: 1).hasPrefix(
        "[####################]"))
  }

  @Test func onlyLongRunsAtATerminalShowIt() {
    #expect(ProgressBar.enabled(isTerminal: true, total: 881_636))
    #expect(!ProgressBar.enabled(isTerminal: false, total: 881_636))
    #expect(!ProgressBar.enabled(isTerminal: true, total: 2_469))
  }

  @Test func evaluationReportsItsProgress() {
    let (history, participants, claims, _) = SampleLedgerTests.load(
      "Samples/kirklees/kbop-generic.ratecard")
    var seen: [Int] = []
    _ = Evaluator.evaluate(history, participants: participants, claims: claims) { seen.append($0) }
    #expect(seen == [0])  // every 8,192 claims: the sample has 2,469
  }
}
