import RateCard
import RateCardEngine
import Testing

@Suite struct InlineTestTests {
  @Test(arguments: Repository.sampleCards)
  func everySampleCardPassesItsOwnTests(path: String) {
    let results = InlineTestRunner.run(Checker.check(Repository.source(path)).versions)
    #expect(!results.isEmpty)
    for result in results {
      #expect(
        result.passed, "\(path) \"\(result.name)\": \(result.failures.joined(separator: "\n"))")
    }
  }

  @Test func aWrongExpectationFailsWithExpectedAndActual() {
    let card = Checker.check(
      SourceFile(
        path: "t",
        text: """
          card "T" {
            currency GBP
            term 2020-01-01 to 2020-12-31
          }
          payers {
            council "Council" 100%
          }
          evidence {
            letter "Letter" third_party
          }
          outcome entry "Entry" {
            price £500
            evidence letter
          }
          test "wrong" {
            participant p { referred_on: 2020-01-01 }
            claim c for p entry on 2020-02-01 evidence letter
            claim d for p entry on 2021-02-01 evidence letter
            expect c paid £400
            expect d rejected because too_late
            expect total £400
          }
          """)
    ).card
    let result = InlineTestRunner.run(card)[0]
    #expect(!result.passed)
    #expect(result.failures.count == 3)
    #expect(result.failures[0].contains("- expected: paid £400"))
    #expect(result.failures[0].contains("+ actual:   paid £500"))
    #expect(result.failures[1].contains("because outside_term"))
  }
}
