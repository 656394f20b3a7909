import Foundation
import Testing

@testable import RateCard

@Suite struct CheckerTests {
  @Test func thePreambleIsClean() {
    #expect(check(preamble).diagnostics.isEmpty)
  }

  @Test func unknownNamesSuggestTheClosestDeclaredName() {
    let result = check(
      preamble + """
        outcome kept "Kept" {
          price £500
          requires acommodation_entry
          evidence tenancy
        }
        """)
    #expect(codes(result) == ["unknown-name"])
    #expect(result.diagnostics[0].help == "did you mean `accommodation_entry`?")
  }

  /// `progress outcomes` lists outcomes, rungs or whole ladders; the checked card keeps the
  /// outcome ids in card order, a ladder expanded into its rungs.
  @Test func progressOutcomesExpandLaddersIntoRungs() {
    let result = check(
      preamble + """
        ladder sustained "Sustained" from accommodation_entry {
          3 months £500
          6 months £750 named sustained_six
          evidence tenancy
        }
        outcome review "Review" {
          price £50
          evidence tenancy
        }
        audit {
          progress outcomes review, sustained
        }
        """)
    #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty)
    let rungs = result.card.outcomeOrder.filter {
      if case .rung(ladder: "sustained", _, _, _)? = result.card.outcomes[$0]?.kind { return true }
      return false
    }
    #expect(rungs.count == 2 && rungs.contains("sustained_six"))
    #expect(result.card.audit.progressOutcomes == rungs + ["review"])
    #expect(check(preamble).card.audit.progressOutcomes == nil)
  }

  @Test func allDiagnosticsComeFromOneRun() {
    let result = check(
      preamble + """
        outcome a "A" {
          price 30%
          evidence tenancyy
          when participant.complexity == hihg
        }
        outcome b "B" {
          price £5
          evidence tenancy
          requires c
        }
        """)
    #expect(codes(result) == ["type-mismatch", "unknown-name", "unknown-name", "unknown-name"])
  }

  @Test func payerSharesMustAddUpTo100PerCardAndPerOutcome() {
    let card = preamble.replacingOccurrences(
      of: "lcf \"Life Chances Fund\" 30%", with: "lcf \"LCF\" 20%")
    #expect(codes(check(card)) == ["shares-not-100"])
    let outcome = check(
      preamble + "outcome o \"O\" {\n price £5\n payers council 50%, lcf 40%\n evidence tenancy\n}")
    #expect(codes(outcome) == ["shares-not-100"])
    let good = check(
      preamble + "outcome o \"O\" {\n price £5\n payers council 50%, lcf 50%\n evidence tenancy\n}")
    #expect(good.diagnostics.isEmpty)
  }

  @Test func rungsMustStrictlyIncreaseAcrossUnits() {
    func ladder(_ rungs: String) -> [String] {
      codes(
        check(
          preamble
            + "ladder l \"L\" from accommodation_entry {\n\(rungs)\n evidence tenancy\n}"))
    }
    #expect(ladder("3 months £1\n 6 months £1") == [])
    #expect(ladder("6.5 weeks £1\n 13 weeks £1\n 26 weeks £1") == [])
    #expect(ladder("6 months £1\n 3 months £1") == ["rungs-not-increasing"])
    #expect(ladder("14 weeks £1\n 3 months £1") == ["rungs-not-increasing"])
    #expect(ladder("13 weeks £1\n 3 months £1") == [])
  }

  @Test func weakerSustainmentEvidenceWarnsUnlessAFloorIsStated() {
    let strict = preamble.replacingOccurrences(
      of: "evidence any of tenancy, self_certification\n}", with: "evidence tenancy\n}")
    let weak = check(
      strict
        + "ladder l \"L\" from accommodation_entry {\n 3 months £1\n evidence self_certification\n}"
    )
    #expect(codes(weak) == ["weaker-evidence"])
    #expect(weak.diagnostics[0].severity == .warning)
    #expect(!weak.hasErrors)
    let stated = check(
      strict
        + "ladder l \"L\" from accommodation_entry {\n 3 months £1\n evidence self_certification at least self_certified\n}"
    )
    #expect(stated.diagnostics.isEmpty)
  }

  @Test func exceptionsMayOverlapOnlyWhenOrdered() {
    func outcome(_ second: String) -> [String] {
      codes(
        check(
          preamble + """
            outcome o "O" {
              price £5
              evidence tenancy
              exception complex when participant.complexity == high {
                evidence self_certification
              }
              \(second) {
                evidence any of tenancy, self_certification
              }
            }
            """))
    }
    #expect(outcome("exception busy when claim.hours > 30") == ["overlapping-rules"])
    #expect(outcome("exception busy over complex when claim.hours > 30") == [])
    // Exclusive conditions cannot both apply.
    #expect(outcome("exception simple when participant.complexity == low") == [])
    // Different slots do not conflict.
    #expect(
      codes(
        check(
          preamble + """
            outcome o "O" {
              price £5
              evidence tenancy
              exception complex when participant.complexity == high { price £6 }
              exception busy when claim.hours > 30 { evidence self_certification }
            }
            """)) == [])
  }

  @Test func tablesMustCoverEveryValueOfTheirKey() {
    let card =
      preamble + """
        table band { low: £1, medium: £2 }
        outcome o "O" {
          price band[participant.complexity]
          evidence tenancy
        }
        """
    let result = check(card)
    #expect(codes(result) == ["incomplete-table"])
    #expect(result.diagnostics[0].message.contains("`high`"))
    let complete = card.replacingOccurrences(of: "medium: £2", with: "medium: £2, high: £3")
    #expect(check(complete).diagnostics.isEmpty)
  }

  @Test func perParticipantCapIsComparedWithTheHighestTablePrice() {
    let card =
      preamble.replacingOccurrences(
        of: "payers {", with: "caps { per participant £1,000 }\npayers {")
        + """
        table band { low: £100, medium: £200, high: £1,200 }
        outcome o "O" {
          price band[participant.complexity]
          evidence tenancy
        }
        """
    let result = check(card)
    #expect(codes(result) == ["cap-below-price"])
    #expect(result.diagnostics[0].message.contains("£1,200"))
  }

  @Test func constantsResolveInAnyOrderAndCyclesAreCaught() {
    let ordered = check(
      preamble + """
        const total = base + £100
        const base = £400
        outcome o "O" {
          price total
          evidence tenancy
        }
        """)
    #expect(ordered.diagnostics.isEmpty)
    #expect(
      ordered.card.constants["total"]?.value == .money(Money(minorUnits: 50_000, currency: "GBP")))
    let cyclic = check(preamble + "const a = b\nconst b = a\n")
    #expect(codes(cyclic).contains("cyclic-definition"))
  }

  @Test func moneyMustMatchTheCardCurrency() {
    let result = check(preamble + "outcome o \"O\" {\n price EUR 5\n evidence tenancy\n}")
    #expect(codes(result) == ["currency-mismatch"])
  }

  @Test func typeRulesForArithmetic() {
    #expect(Checker.arithmetic(.add, .date, .duration) == .date)
    #expect(Checker.arithmetic(.multiply, .money, .percent) == .money)
    #expect(Checker.arithmetic(.divide, .money, .money) == .number)
    #expect(Checker.arithmetic(.add, .money, .number) == nil)
    #expect(Checker.arithmetic(.subtract, .date, .date) == nil)
    #expect(Checker.arithmetic(.multiply, .money, .money) == nil)
  }

  @Test func ladderRungsBecomeOutcomesWithInheritedAndOwnClauses() {
    let result = check(
      preamble + """
        ladder kept "Kept" from accommodation_entry {
          3 months £1,000
          6 months £1,500 {
            evidence any of tenancy, self_certification at least self_certified
            when claim.hours > 1
          }
          when participant.complexity == high
          evidence tenancy
        }
        """)
    #expect(result.diagnostics.isEmpty)
    let card = result.card
    #expect(card.outcomeOrder.suffix(2) == ["kept_3_months", "kept_6_months"])
    let six = try! #require(card.outcomes["kept_6_months"])
    // The rung's evidence replaces the ladder's; its `when` adds to the ladder's.
    let evidence = six.clauses.filter { if case .evidence = $0.kind { true } else { false } }
    let conditions = six.clauses.filter { if case .when = $0.kind { true } else { false } }
    #expect(evidence.count == 1)
    #expect(conditions.count == 2)
  }

  @Test func namesResolveToDeclarationsOnce() {
    let result = check(preamble)
    let evidence = result.card.references.filter {
      if case .evidence = $0.symbol { true } else { false }
    }
    #expect(evidence.count == 2)
    #expect(result.card.references.contains { $0.symbol == .field(.participant, "complexity") })
  }

  @Test func inlineTestsAreChecked() {
    let result = check(
      preamble + """
        test "t" {
          participant p { referred_on: 2020-01-06, complexity: hgh }
          claim c for q accommodation_entry on 2020-02-03 evidence tenancy, tenancy_letter
          expect c paid £500 because too_early
          expect payer lcff £150
        }
        """)
    #expect(
      codes(result) == [
        "unknown-name", "unknown-name", "unknown-name", "invalid-test", "unknown-name",
      ])
  }

  @Test func rejectedExpectationsNameKnownReasonCodes() {
    let result = check(
      preamble + """
        test "t" {
          participant p { referred_on: 2020-01-06, complexity: high }
          claim c for p accommodation_entry on 2020-02-03 evidence tenancy
          expect c rejected because outside_term, evidence_missing
        }
        """)
    #expect(result.diagnostics.isEmpty)
  }
}

@Suite struct DurationCheckTests {
  @Test func fractionalMonthsAreRefusedButFractionalWeeksAreFine() {
    #expect(codes(check(preamble + "const a = 2.5 months\n")) == ["invalid-value"])
    #expect(codes(check(preamble + "const a = 1.5 years\n")) == ["invalid-value"])
    #expect(check(preamble + "const a = 6.5 weeks\nconst b = 3 months\n").diagnostics.isEmpty)
  }
}
