import Foundation
import Testing

@testable import RateCard

@Suite struct SampleTests {
  @Test func theRealCardsAreAllThere() {
    let names = Set(Repository.sampleCards.map { ($0 as NSString).lastPathComponent })
    for expected in [
      "kbop-generic.ratecard", "kbop-domestic-abuse.ratecard", "fair-chance-fund.ratecard",
      "london-rough-sleeping.ratecard", "dwp-innovation-fund.ratecard", "work-programme.ratecard",
    ] {
      #expect(names.contains(expected), "missing sample \(expected)")
    }
  }

  @Test(arguments: Repository.sampleCards)
  func checksWithNoErrorsOrWarningsAndCarriesTests(path: String) throws {
    let result = Checker.check(Repository.source(path))
    #expect(result.diagnostics.isEmpty, "\(path): \(result.diagnostics.map(\.message))")
    #expect(!result.card.tests.isEmpty, "\(path) has no inline tests")
    let folder = (path as NSString).deletingLastPathComponent
    #expect(
      FileManager.default.fileExists(atPath: Repository.url(folder + "/README.md").path),
      "\(folder) has no README.md")
  }

  @Test func publishedPricesAreOnTheCards() throws {
    let kbop = Checker.check(Repository.source("Samples/kirklees/kbop-generic.ratecard")).card
    #expect(price(kbop, "employment_entry") == 50_000)
    #expect(price(kbop, "employment_sustained_26_weeks") == 220_000)
    #expect(kbop.payers.map(\.share) == [70, 30])
    let london = Checker.check(
      Repository.source("Samples/london-rough-sleeping/london-rough-sleeping.ratecard")
    ).card
    #expect(price(london, "accommodation_sustained_12_months") == 260_000)
    #expect(london.caps.first?.amount.minorUnits == 1_900_000)
  }

  func price(_ card: CheckedCard, _ id: String) -> Int64? {
    guard case .literal(.money(let money))? = card.outcomes[id]?.price?.kind else { return nil }
    return money.minorUnits
  }

  /// Together the samples use every kind of clause the language has.
  @Test func samplesExerciseEveryClauseKind() {
    var seen: Set<String> = []
    func note(_ clauses: [Clause]) {
      for clause in clauses {
        seen.insert(String(describing: clause.kind).prefix { $0 != "(" }.description)
        if case .exception(let rule) = clause.kind { note(rule.clauses) }
      }
    }
    for path in Repository.sampleCards {
      for declaration in Parser.parse(Repository.source(path)).0.declarations {
        switch declaration {
        case .outcome(let outcome): note(outcome.clauses)
        case .ladder(let ladder):
          note(ladder.clauses)
          for rung in ladder.rungs { note(rung.clauses) }
        default: break
        }
      }
    }
    let all: Set = [
      "group", "price", "payers", "capCount", "capAmount", "limit", "requires", "requiresPrevious",
      "when", "unless", "onlyAfter", "withinTerm", "within", "atLeastAfter", "evidence",
      "exception", "onlyByException",
    ]
    #expect(all.subtracting(seen).isEmpty, "no sample uses \(all.subtracting(seen).sorted())")
  }
}
