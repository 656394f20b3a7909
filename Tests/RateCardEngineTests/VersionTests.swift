import Foundation
import RateCard
import RateCardEngine
import Testing

/// Versions of a card (issue 9): which version prices a claim, retirement, claims either side
/// of an effective date, each kind of change `diff` reports, and each envelope rule broken.
@Suite struct VersionTests {
  static let header = """
    card "Versions" {
      currency GBP
      term 2020-01-01 to 2022-12-31
      version "v1"
    }
    payers {
      council "Council" 70%
      fund "Fund" 30%
    }
    caps {
      contract £100,000
      per participant £5,000
      payer fund £30,000
    }
    claim fields {
      hours number optional
    }
    evidence {
      self_cert "Self-certification" self_certified
      letter "Letter" third_party
      tenancy "Tenancy" documentary
    }

    """

  static func check(_ body: String) -> CheckResult {
    Checker.check(SourceFile(path: "versions.ratecard", text: header + body))
  }

  static func passes(_ body: String) {
    let result = check(body)
    #expect(!result.hasErrors, "\(result.errors.map(\.message))")
    let tests = InlineTestRunner.run(result.versions)
    #expect(!tests.isEmpty)
    for test in tests {
      #expect(test.passed, "\(test.name): \(test.failures.joined(separator: "\n"))")
    }
  }

  @Test func eachDateBasisPicksTheVersion() {
    for (basis, participant, claim, expected) in [
      ("achievement", "referred_on: 2020-03-01, started_on: 2020-03-02", "", "£200"),
      ("referral", "referred_on: 2020-03-01, started_on: 2020-10-01", "", "£100"),
      ("start", "referred_on: 2020-03-01, started_on: 2020-10-01", "", "£200"),
      ("start", "referred_on: 2020-03-01, started_on: 2020-03-02", "", "£100"),
      ("claim", "referred_on: 2020-03-01", "{ claimed_on: 2020-08-01 }", "£100"),
      ("claim", "referred_on: 2020-03-01", "{ claimed_on: 2020-12-01 }", "£200"),
      // No claim date: the achievement date decides.
      ("claim", "referred_on: 2020-03-01", "", "£200"),
    ] {
      VersionTests.passes(
        """
        outcome entry "Entry" {
          price £100
          versioned by \(basis)
          evidence letter
        }
        revision "v2" effective 2020-09-14 {
          change entry {
            price £200
          }
        }
        test "\(basis)" {
          participant p { \(participant) }
          claim c for p entry on 2020-11-02 evidence letter \(claim)
          expect c paid \(expected)
        }
        """)
    }
  }

  @Test func claimsStraddlingAnEffectiveDateAndARetirement() {
    VersionTests.passes(
      """
      outcome entry "Entry" {
        group "A"
        price £100
        evidence letter
      }
      outcome old "Old" {
        group "A"
        price £50
        repeatable
        evidence letter
      }
      revision "v2" effective 2020-09-14 {
        change entry {
          evidence tenancy
        }
        retire old
        add outcome new "New" {
          group "A"
          price £75
          evidence letter
        }
      }
      test "either side" {
        participant p { referred_on: 2020-01-06 }
        participant q { referred_on: 2020-01-06 }
        claim before for p entry on 2020-09-13 evidence letter
        claim after for q entry on 2020-09-14 evidence letter
        claim o1 for p old on 2020-09-13 evidence letter
        claim o2 for p old on 2020-09-14 evidence letter
        claim n1 for p new on 2020-09-13 evidence letter
        claim n2 for p new on 2020-09-14 evidence letter
        expect before paid £100
        expect after rejected because evidence_missing
        expect o1 paid £50
        expect o2 rejected because retired
        expect n1 rejected because not_in_force
        expect n2 paid £75
      }
      """)
  }

  /// A cap is one budget in every version (docs/evaluation.md, "Price, caps and payers"):
  /// £190 paid for `old` under the group's cap still counts after a revision retires `old`,
  /// and the group's other outcome has nothing left. Found by the reference model's
  /// differential test (seed 9090), which then counted only the group's members of the day.
  @Test func aCapKeepsWhatWasPaidUnderItAcrossVersions() {
    VersionTests.passes(
      """
      outcome entry "Entry" {
        group "G"
        price £24
        evidence letter
      }
      outcome old "Old" {
        group "G"
        price £270
        evidence letter
      }
      group "G" {
        cap £190
      }
      revision "v2" effective 2020-09-14 {
        retire old
      }
      test "retired, still counted" {
        participant p { referred_on: 2020-01-06 }
        participant q { referred_on: 2020-01-06 }
        claim first for p old on 2020-06-11 evidence letter
        claim later for q entry on 2021-05-11 evidence letter
        expect first reduced £190 because cap_reached
        expect later rejected because cap_reached
      }
      """)
  }

  @Test func theLedgerNamesTheVersionThatPricedEachClaim() {
    let result = VersionTests.check(
      """
      outcome entry "Entry" {
        price £100
        evidence letter
      }
      revision "v2" effective 2020-09-14 {
        change entry {
          price £110
        }
      }
      test "labels" {
        participant p { referred_on: 2020-01-06 }
        claim a for p entry on 2020-09-13 evidence letter
      }
      """)
    let history = VersionedCard(result.versions)
    let claims = ["2020-09-13", "2020-09-14"].enumerated().map { index, day in
      ClaimRecord(
        id: "c\(index)", participantID: "p\(index)", outcome: "entry",
        achievedOn: date(day), evidence: ["letter"],
        values: [.text("c\(index)"), .text("entry"), .date(date(day)), .missing, .missing])
    }
    let participants = (0..<2).map {
      ParticipantRecord(
        id: "p\($0)",
        values: [
          .text("p\($0)"), .text("A"), .date(date("2020-01-06")), .missing, .missing, .missing,
        ])
    }
    let ledger = Evaluator.evaluate(history, participants: participants, claims: claims)
    #expect(ledger.entries.map(\.version) == ["v1", "v2"])
    #expect(ledger.entries.map(\.amount) == [10_000, 11_000])
    let whatIf = Evaluator.evaluate(
      history.forcing("v2")!, participants: participants, claims: claims)
    #expect(whatIf.entries.map(\.version) == ["v2", "v2"])
    #expect(whatIf.entries.map(\.amount) == [11_000, 11_000])
    let explained = Evaluator.evaluate(
      history, participants: participants, claims: claims, explain: "c1")
    #expect(
      explained.explanation.first
        == "version v2 (effective 2020-09-14) applies: chosen by the achievement date, 2020-09-14")
  }

  @Test func revisionsThemselvesAreChecked() {
    let result = VersionTests.check(
      """
      outcome entry "Entry" {
        price £100
        evidence letter
      }
      revision "v2" effective 2023-02-01 {
        change entyr {
          price £110
        }
        retire gone
      }
      revision "v3" effective 2020-05-01 {
        rename entry to entrance
      }
      revision "v4" effective 2020-06-01 {
        change entry {
          price £120
        }
      }
      """)
    let messages = result.errors.map(\.message)
    #expect(messages.contains { $0.contains("outside the term") })
    #expect(messages.contains { $0.contains("not after the revision before it (`v2`") })
    #expect(
      messages.contains {
        $0.contains("revision `v2` changes `entyr`, which is not in the version before it")
      })
    #expect(result.errors.contains { $0.help == "did you mean `entry`?" })
    #expect(messages.contains { $0.contains("revision `v2` retires `gone`") })
    // After the rename, v4 changes an outcome v3 no longer has.
    #expect(messages.contains { $0.contains("revision `v4` changes `entry`") })
  }

  @Test func aVersionIsCheckedAsAWholeCard() {
    let result = VersionTests.check(
      """
      outcome entry "Entry" {
        price £100
        evidence letter
      }
      outcome kept "Kept" {
        price £100
        requires entry
        evidence letter
      }
      revision "v2" effective 2020-09-14 {
        retire entry
        change kept {
          price £6,000
        }
      }
      """)
    // Fine in v1, wrong in v2: the error says which revision made it.
    let unknown = result.errors.first { $0.code == .unknownName }
    #expect(unknown?.notes.first?.message == "in the card as revised by `v2`")
    #expect(result.errors.contains { $0.code == .capBelowPrice })
  }

  // MARK: diff

  @Test func diffReportsEachKindOfChange() {
    let result = VersionTests.check(
      """
      outcome entry "Entry" {
        group "A"
        price £100
        evidence any of letter, tenancy
      }
      outcome kept "Kept" {
        group "A"
        price £200
        at least 3 months after entry
        requires entry
        when claim.hours >= 16
        evidence letter
      }
      outcome old "Old" {
        group "A"
        price £10
        evidence letter
      }
      outcome named "Named" {
        group "A"
        price £10
        evidence letter
      }
      ladder sus "Sustained" from entry {
        3 months £300
        6 months £300
        evidence tenancy
      }
      revision "v2" effective 2020-09-14 {
        caps {
          contract £90,000
          per participant £4,000
          payer fund £20,000
        }
        change entry {
          group "B"
          price £120
          evidence any of letter, tenancy, self_cert
          payers council 100%
          cap 10 claims
          versioned by referral
        }
        change kept {
          evidence tenancy
          at most 2 per participant
          when claim.hours >= 8
          unless claim.hours > 40
          at least 6 months after entry
          drop requires
          exception big when claim.hours >= 30 {
            price £250
          }
        }
        change sus_6_months {
          price £330
        }
        retire old
        rename named to renamed
        add outcome fresh "Fresh" {
          price £5
          evidence letter
        }
      }
      """)
    #expect(!result.hasErrors, "\(result.errors.map(\.message))")
    let changes = CardDiff.changes(
      from: result.versions[0].card, to: result.versions[1].card,
      renames: result.versions[1].renames)
    let kinds = Set(changes.map(\.kind))
    for kind in [
      "added", "retired", "renamed", "price", "evidence_eased", "evidence_tightened", "limit",
      "condition", "exclusion", "timing", "prerequisite", "cap", "group", "payers", "exception",
      "versioned_by", "contract_cap", "participant_cap", "payer_cap",
    ] {
      #expect(kinds.contains(kind), "no \(kind) change in \(changes.map(\.summary))")
    }
    let price = changes.first { $0.kind == "price" && $0.outcome == "entry" }
    #expect(price?.summary == "price of `entry`: £100 → £120 (+20%)")
    #expect(changes.contains { $0.kind == "price" && $0.outcome == "sus_6_months" })
    let eased = changes.first { $0.kind == "evidence_eased" }
    #expect(eased?.summary.hasSuffix("(weakest accepted: third_party → self_certified)") == true)
    #expect(changes.first { $0.kind == "renamed" }?.before == "named")
    #expect(!changes.contains { $0.kind == "retired" && $0.outcome == "named" })
  }

  @Test func diffReportsAnAnchorChange() {
    let old = VersionTests.check(
      "outcome entry \"E\" {\n  price £1\n  evidence letter\n}\nladder sus \"S\" from entry {\n  3 months £1\n  evidence letter\n}\n"
    )
    let new = VersionTests.check(
      "outcome entry \"E\" {\n  price £1\n  evidence letter\n}\nladder sus \"S\" from start {\n  3 months £1\n  evidence letter\n}\n"
    )
    let changes = CardDiff.changes(from: old.card, to: new.card)
    #expect(changes.map(\.kind) == ["anchor"])
    #expect(
      changes.first?.summary
        == "`sus_3_months` is measured from entry + 3 months → start + 3 months")
  }

  // MARK: The envelope

  static func envelopeErrors(_ envelope: String, _ revision: String) -> [Diagnostic] {
    check(
      """
      outcome entry "Entry" {
        group "Accommodation"
        price £1,000
        evidence tenancy
      }
      envelope {
        \(envelope)
      }
      revision "v2" effective 2020-09-14 {
        \(revision)
      }
      """
    ).errors.filter { $0.code == .outsideEnvelope }
  }

  @Test func eachEnvelopeRuleBroken() {
    let cases: [(rule: String, revision: String, message: String)] = [
      (
        "contract cap fixed", "caps {\n    contract £150,000\n  }",
        "revision `v2` changes the contract cap from £100,000 to £150,000"
      ),
      (
        "prices within 20% of the original", "change entry {\n    price £1,250\n  }",
        "revision `v2` moves the price of `entry` from £1,000 to £1,250 (+25%), beyond 20% of the original"
      ),
      (
        "new outcomes in existing groups",
        "add outcome fresh \"Fresh\" {\n    group \"Employment\"\n    price £5\n    evidence letter\n  }",
        "revision `v2` adds `fresh` in a new group \"Employment\"; the groups are \"Accommodation\""
      ),
      (
        "evidence for entry at least third_party",
        "change entry {\n    evidence any of tenancy, self_cert\n  }",
        "revision `v2` lets `entry` be paid on self_certified evidence, below third_party"
      ),
      (
        "per participant at most £3,000",
        "add outcome fresh \"Fresh\" {\n    group \"Accommodation\"\n    price £2,500\n    evidence letter\n  }",
        "revision `v2` can pay one participant £3,500, more than £3,000"
      ),
    ]
    for (rule, revision, message) in cases {
      let errors = VersionTests.envelopeErrors(rule, revision)
      #expect(errors.map(\.message) == [message], "\(rule)")
      #expect(errors.first?.notes.first?.message == "the envelope rule: `\(rule)`")
      // Within the envelope, the same rule raises nothing.
      #expect(
        VersionTests.envelopeErrors(rule, "change entry {\n    group \"Accommodation\"\n  }")
          .isEmpty)
    }
  }

  @Test func diffReportsTheNewConstructs() {
    let before = VersionTests.check(
      """
      outcome entry "Entry" {
        group "A"
        price £100
        evidence letter
      }
      ladder sus "Sustained" from entry {
        3 months £300
        evidence tenancy
      }
      outcome other "Other" {
        price £10
        requires entry
        evidence letter
      }
      """)
    let after = VersionTests.check(
      """
      outcome entry "Entry" {
        group "A"
        price £100
        at most 3 per participant
        evidence letter
      }
      outcome other "Other" {
        price £10
        requires any of entry, sus_3_months
        evidence letter
      }
      ladder sus "Sustained" from entry {
        3 months £300
        restarts at most 2 times
        cap £500 per participant
        evidence tenancy
      }
      group "A" {
        cap £1,000 per participant
      }
      suspension "Lockdown" 2020-03-23 to 2020-07-04 {
        outcomes entry
      }
      """)
    #expect(!after.hasErrors, "\(after.errors.map(\.message))")
    let changes = CardDiff.changes(from: before.card, to: after.card)
    let kinds = Set(changes.map(\.kind))
    for kind in ["limit", "prerequisite", "group_rules", "suspension"] {
      #expect(kinds.contains(kind), "no \(kind) in \(changes.map(\.summary))")
    }
    #expect(
      changes.first { $0.kind == "suspension" }?.summary
        == "suspended payment: none → \"Lockdown\" 2020-03-23 to 2020-07-04 for entry, not paid")
    #expect(changes.contains { $0.kind == "restarts" && $0.outcome == "sus_3_months" })
  }
}
