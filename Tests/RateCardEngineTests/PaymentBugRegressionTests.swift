import Foundation
import RateCard
import RateCardEngine
import Testing

/// The payment bugs found in review (issue 8), each as it was reproduced: a card of a dozen
/// lines and a CSV of one participant, read and evaluated as `ratecard eval` does.
@Suite struct PaymentBugRegressionTests {
  struct Run {
    var ledger: ClaimLedger
    var issues: [DataIssue]

    func status(_ id: String) -> ClaimStatus? { ledger.entry(id)?.status }
    func amount(_ id: String) -> Int64? { ledger.entry(id)?.amount }
    func reasons(_ id: String) -> [ReasonCode] { ledger.entry(id)?.reasons ?? [] }
    func message(_ id: String) -> String { ledger.entry(id)?.message ?? "" }
  }

  static func card(_ body: String, payers: String = "council \"Council\" 100%") -> String {
    """
    card "Regression" {
      currency GBP
      term 2020-01-01 to 2022-12-31
    }
    payers {
      \(payers)
    }
    evidence {
      letter "Letter" third_party
    }
    \(body)
    """
  }

  static func check(_ text: String) -> CheckResult {
    Checker.check(SourceFile(path: "regression.ratecard", text: text))
  }

  static func run(
    _ text: String, claims: String,
    participants: String =
      "participant_id,provider,referred_on,started_on\r\np,A,2020-01-06,2020-01-10\r\n"
  ) -> Run {
    let result = check(text)
    #expect(!result.hasErrors, "\(result.errors.map(\.message))")
    let card = Compiler.compile(result.card)
    let loaded = RecordLoader.load(
      participants: CSVReader.read(Array(participants.utf8), path: "participants.csv"),
      claims: CSVReader.read(Array(claims.utf8), path: "claims.csv"), card: card)
    return Run(
      ledger: Evaluator.evaluate(card, participants: loaded.participants, claims: loaded.claims),
      issues: loaded.issues)
  }

  static let claimHeader = "claim_id,participant_id,outcome,achieved_on,evidence\n"

  // 1. A cap written as an expression was silently dropped.
  @Test func aCapWrittenAsAnExpressionBinds() {
    for cap in ["£100 + £50", "limit", "£300 / 2", "(£50 * 3)"] {
      let text = PaymentBugRegressionTests.card(
        """
        const limit = £100 + £50
        outcome o "O" {
          price £100
          repeatable
          cap \(cap)
          evidence letter
        }
        """)
      let run = PaymentBugRegressionTests.run(
        text,
        claims: PaymentBugRegressionTests.claimHeader
          + "c1,p,o,2020-02-01,letter\nc2,p,o,2020-02-02,letter\nc3,p,o,2020-02-03,letter\n")
      #expect(run.amount("c1") == 10_000, "cap \(cap)")
      #expect(run.status("c2") == .reduced, "cap \(cap)")
      #expect(run.amount("c2") == 5_000, "cap \(cap)")
      #expect(run.reasons("c3") == [.capReached], "cap \(cap)")
    }
  }

  @Test func aGapReadFromTheClaimIsHonoured() {
    let text = PaymentBugRegressionTests.card(
      """
      claim fields {
        gap duration
      }
      outcome o "O" {
        price £10
        repeatable, at least claim.gap apart
        evidence letter
      }
      """)
    let run = PaymentBugRegressionTests.run(
      text,
      claims: "claim_id,participant_id,outcome,achieved_on,evidence,gap\n"
        + "c1,p,o,2020-02-01,letter,4 weeks\nc2,p,o,2020-02-02,letter,4 weeks\n"
        + "c3,p,o,2020-02-29,letter,4 weeks\n")
    #expect(run.status("c1") == .paid)
    #expect(run.reasons("c2") == [.limitReached])
    #expect(run.status("c3") == .paid)
  }

  @Test func aFixedClauseThatCannotBeWorkedOutIsACheckerError() {
    let result = PaymentBugRegressionTests.check(
      PaymentBugRegressionTests.card(
        """
        outcome o "O" {
          price £10
          cap £10 / 0
          evidence letter
        }
        """))
    #expect(result.errors.map(\.code) == [.notConstant])
  }

  // 2. Money in data lost its commas.
  @Test func moneyInDataKeepsItsCommas() {
    let text = PaymentBugRegressionTests.card(
      """
      claim fields {
        debt money
      }
      outcome o "O" {
        price £10
        repeatable
        when claim.debt <= £341.75
        evidence letter
      }
      """)
    let run = PaymentBugRegressionTests.run(
      text,
      claims: "claim_id,participant_id,outcome,achieved_on,evidence,debt\n"
        + "c1,p,o,2020-02-01,letter,\"12,50\"\nc2,p,o,2020-02-02,letter,\"1,2,3,4\"\n"
        + "c3,p,o,2020-02-03,letter,\"£,5\"\nc4,p,o,2020-02-04,letter,\"£1,500.00\"\n"
        + "c5,p,o,2020-02-05,letter,12.50\n")
    for id in ["c1", "c2", "c3"] {
      #expect(run.reasons(id) == [.invalidData], "\(id)")
    }
    #expect(run.message("c1").contains("write pence after a point: 12.50"))
    #expect(run.reasons("c4") == [.conditionNotMet])
    #expect(run.status("c5") == .paid)
    // Each bad value is reported with its row and column.
    #expect(run.issues.filter { $0.columnName == "debt" }.map(\.row) == [2, 3, 4])
  }

  @Test func cardsAndDataShareOneMoneyReader() {
    for text in ["1,500", "341.75", "1,234,567.05", "0.5", "12,50", "1,2,3,4", ",5", "3.500"] {
      let card = Lexer.tokenize(SourceFile(path: "t", text: "£" + text)).tokens.first?.value
      let data = try? ValueParser.parse("£" + text, as: .money, currency: "GBP").get()
      let expected: Value? =
        switch MoneyText.minorUnits(text) {
        case .success(let units): .money(units)
        case .failure: nil
        }
      let fromCard: Value? =
        if case .money(let money)? = card { .money(money.minorUnits) } else { nil }
      #expect(fromCard == expected, "card £\(text)")
      #expect(data == expected, "data £\(text)")
    }
    #expect((try? MoneyText.minorUnits("1,234,567.05").get()) == 123_456_705)
  }

  // 3. A £0 price was rejected as cap_reached and blocked what required it.
  @Test func aZeroPriceIsPaidAndAnchorsWhatFollows() {
    let text = PaymentBugRegressionTests.card(
      """
      outcome registration "Registration" {
        price £0
        evidence letter
      }
      outcome follow_up "Follow-up" {
        price £50
        requires registration
        at least 1 month after registration
        evidence letter
      }
      """)
    let run = PaymentBugRegressionTests.run(
      text,
      claims: PaymentBugRegressionTests.claimHeader
        + "r,p,registration,2020-02-01,letter\nf,p,follow_up,2020-03-01,letter\n")
    #expect(run.status("r") == .paid)
    #expect(run.amount("r") == 0)
    #expect(run.status("f") == .paid)
    #expect(run.amount("f") == 5_000)
  }

  // 4. Exception precedence was not transitive.
  @Test func overIsTransitiveAndIndependentOfDeclarationOrder() {
    let exceptions = [
      "exception a over b when participant.provider == \"A\" {\n    evidence letter\n    price £30\n  }",
      "exception b over c when participant.provider == \"A\" {\n    price £20\n  }",
      "exception c when participant.provider == \"A\" {\n    evidence self_cert\n    price £10\n  }",
    ]
    for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1]] {
      let text = PaymentBugRegressionTests.card(
        """
        evidence {
          self_cert "Self-certification" self_certified
        }
        outcome o "O" {
          price £5
          evidence any of letter, self_cert
          \(order.map { exceptions[$0] }.joined(separator: "\n  "))
        }
        """)
      let run = PaymentBugRegressionTests.run(
        text,
        claims: PaymentBugRegressionTests.claimHeader
          + "c1,p,o,2020-02-01,self_cert\nc2,p,o,2020-02-02,letter\n")
      // a beats c through b: a's evidence (letter) and a's price apply.
      #expect(run.reasons("c1") == [.evidenceMissing], "order \(order)")
      #expect(run.amount("c2") == 3_000, "order \(order)")
    }
  }

  @Test func aCycleOfOverAndUnorderedExceptionsAreCheckerErrors() {
    let cyclic = PaymentBugRegressionTests.check(
      PaymentBugRegressionTests.card(
        """
        outcome o "O" {
          price £5
          evidence letter
          exception a over b when participant.provider == "A" {
            price £1
          }
          exception b over a when participant.provider == "A" {
            price £2
          }
        }
        """))
    #expect(cyclic.errors.map(\.code).contains(.cyclicDefinition))
    let unordered = PaymentBugRegressionTests.check(
      PaymentBugRegressionTests.card(
        """
        outcome o "O" {
          price £5
          evidence letter
          exception a over b when participant.provider == "A" {
            price £1
          }
          exception b when participant.provider == "A" {
            evidence letter
          }
          exception c when participant.provider != "B" {
            price £3
          }
        }
        """))
    #expect(unordered.errors.map(\.code) == [.overlappingRules])
    #expect(unordered.errors.first?.message.contains("`a` and `c`") == true)
  }

  // 5. Payer caps: applied together and verified against every cap.
  @Test func payerCapsAreNeverExceededWhenALaterCapLowersTheAmount() {
    let text = PaymentBugRegressionTests.card(
      """
      caps {
        payer a £0.09
        contract £1.90
      }
      outcome o "O" {
        price £1.91
        evidence letter
      }
      """, payers: "a \"A\" 5%\n  b \"B\" 15%\n  c \"C\" 80%")
    let run = PaymentBugRegressionTests.run(
      text, claims: PaymentBugRegressionTests.claimHeader + "c1,p,o,2020-02-01,letter\n")
    // By hand: £1.90 splits 9.5/28.5/152 → a gets the tied penny (10p); £1.89 and £1.88 also
    // give a 10p; £1.87 splits 9.35/28.05/149.6 → 9, 28, 150.
    #expect(run.amount("c1") == 187)
    #expect(run.ledger.entry("c1")?.payerAmounts == [9, 28, 150])
    #expect(run.message("c1").contains("the £0.09 cap for payer a"))
  }

  @Test func aPayerCapPaysTheLargestAmountItsHeadroomAllows() {
    let text = PaymentBugRegressionTests.card(
      """
      caps {
        payer small £1
      }
      outcome o "O" {
        price £200
        evidence letter
      }
      """, payers: "small \"Small\" 1%\n  large \"Large\" 99%")
    let run = PaymentBugRegressionTests.run(
      text, claims: PaymentBugRegressionTests.claimHeader + "c1,p,o,2020-02-01,letter\n")
    // £100.49: 100.49p and 9,948.51p → the spare penny goes to the larger remainder (large);
    // £100.50 ties at 0.5p and the tie goes to small, the payer declared first: 101p.
    #expect(run.amount("c1") == 10_049)
    #expect(run.ledger.entry("c1")?.payerAmounts == [100, 9_949])
  }

  // 6. The CSV ledger did not quote a field holding CRLF.
  @Test func theCSVLedgerQuotesCRLF() {
    let text = PaymentBugRegressionTests.card(
      "outcome o \"O\" {\n  price £1\n  repeatable\n  evidence letter\n}")
    let run = PaymentBugRegressionTests.run(
      text,
      claims: PaymentBugRegressionTests.claimHeader
        + "\"c\r\n1\",p,o,2020-02-01,letter\n\"c\r\n2\",p,o,2020-02-02,letter\n")
    let csv = LedgerWriter.csv(run.ledger)
    let reread = CSVReader.read(Array(csv.utf8), path: "ledger.csv")
    #expect(reread.rows.count == 2)
    #expect(reread.issues.isEmpty)
    #expect(LedgerWriter.csvField("a\r\nb") == "\"a\r\nb\"")
  }

  // 7. `each higher` was poisoned by an empty value.
  @Test func emptyValuesTakeNoPartInHigher() {
    let text = PaymentBugRegressionTests.card(
      """
      claim fields {
        level one of entry, level_1, level_2 optional
      }
      outcome qualification "Qualification" {
        price £100
        at most 3 per participant, each higher claim.level
        evidence letter
      }
      """)
    let run = PaymentBugRegressionTests.run(
      text,
      claims: "claim_id,participant_id,outcome,achieved_on,evidence,level\n"
        + "c1,p,qualification,2020-02-01,letter,\nc2,p,qualification,2020-03-01,letter,level_1\n"
        + "c3,p,qualification,2020-04-01,letter,level_2\nc4,p,qualification,2020-05-01,letter,\n")
    #expect(run.status("c1") == .paid)
    #expect(run.status("c2") == .paid)
    #expect(run.status("c3") == .paid)
    #expect(run.reasons("c4") == [.limitReached])
  }

  // 8. NFC and NFD ids are different ids, whatever the row order.
  @Test func idsAreComparedByTheirBytes() {
    let nfc = "caf\u{E9}"
    let nfd = "cafe\u{301}"
    #expect(nfc == nfd)  // Swift's view; the data's view is below.
    let text = PaymentBugRegressionTests.card(
      "outcome o \"O\" {\n  price £1\n  repeatable\n  evidence letter\n}")
    let rows = ["\(nfc),p,o,2020-02-01,letter\n", "\(nfd),p,o,2020-02-01,letter\n"]
    let forward = PaymentBugRegressionTests.run(
      text, claims: PaymentBugRegressionTests.claimHeader + rows.joined())
    let backward = PaymentBugRegressionTests.run(
      text, claims: PaymentBugRegressionTests.claimHeader + rows.reversed().joined())
    #expect(LedgerWriter.csv(forward.ledger) == LedgerWriter.csv(backward.ledger))
    #expect(forward.ledger.entries.map(\.status) == [.paid, .paid])
    #expect(forward.issues.isEmpty)
    #expect(Array(forward.ledger.entries[0].claimID.utf8) == Array(nfd.utf8))
  }

  // 9. A claim capped for budget is still achieved.
  @Test func aClaimCappedForBudgetStillUnlocksWhatFollows() {
    let text = PaymentBugRegressionTests.card(
      """
      outcome accommodation_entry "Entry" {
        price £500
        cap 1 claims
        evidence letter
      }
      ladder accommodation_sustained "Sustained" from accommodation_entry {
        3 months £1,000
        requires previous
        evidence letter
      }
      """)
    let participants =
      "participant_id,provider,referred_on\r\np,A,2020-01-06\r\nq,A,2020-01-06\r\n"
    let run = PaymentBugRegressionTests.run(
      text,
      claims: PaymentBugRegressionTests.claimHeader
        + "e1,p,accommodation_entry,2020-02-01,letter\n"
        + "e2,q,accommodation_entry,2020-02-02,letter\n"
        + "s2,q,accommodation_sustained_3_months,2020-05-02,letter\n"
        + "x2,q,accommodation_entry,2020-06-01,letter\n", participants: participants)
    #expect(run.status("e1") == .paid)
    #expect(run.reasons("e2") == [.capReached])
    #expect(run.status("s2") == .paid)
    // e2 was achieved, so a second entry for q is over its claim limit, not merely capped.
    #expect(run.reasons("x2") == [.limitReached])
  }

  // 10. Messages read as English and never repeat a clause.
  @Test func messagesNameCapsPlainlyAndSayEachCauseOnce() {
    let text = PaymentBugRegressionTests.card(
      """
      caps {
        contract £150
      }
      outcome registration "Registration" {
        price £100
        cap £120
        evidence letter
      }
      outcome follow_up "Follow-up" {
        price £100
        requires registration
        at least 1 month after registration
        evidence letter
      }
      """)
    let participants =
      "participant_id,provider,referred_on\r\np,A,2020-01-06\r\nq,A,2020-01-06\r\n"
    let run = PaymentBugRegressionTests.run(
      text,
      claims: PaymentBugRegressionTests.claimHeader
        + "r1,p,registration,2020-02-01,letter\nr2,q,registration,2020-02-02,letter\n"
        + "f1,p,follow_up,2020-03-05,letter\n", participants: participants)
    #expect(
      run.message("r2") == "reduced from £100 to £20: the £120 cap on registration is reached")
    #expect(run.message("f1") == "reduced from £100 to £30: the £150 contract cap is reached")
    let lonely = PaymentBugRegressionTests.run(
      text,
      claims: PaymentBugRegressionTests.claimHeader + "f,p,follow_up,2020-03-05,letter\n")
    #expect(lonely.message("f") == "registration has not been achieved by this participant")
    #expect(!run.ledger.entries.contains { $0.message.contains("the on") })
  }

  // 11. Money literals in cards with more than two decimals are errors that say so.
  @Test func moneyLiteralsWithMoreThanTwoDecimalsAreRefused() {
    for price in ["£3.500", "£3.505"] {
      let result = PaymentBugRegressionTests.check(
        PaymentBugRegressionTests.card("outcome o \"O\" {\n  price \(price)\n  evidence letter\n}"))
      #expect(result.errors.map(\.message) == ["this amount has more than two decimal places"])
    }
  }
}
