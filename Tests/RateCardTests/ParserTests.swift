import Foundation
import Testing

@testable import RateCard

@Suite struct ParserTests {
  func parse(_ text: String) -> (CardFile, [Diagnostic]) {
    Parser.parse(SourceFile(path: "t", text: text))
  }

  func clauses(_ body: String) -> [ClauseKind] {
    let (file, diagnostics) = parse("outcome o \"O\" {\n\(body)\n}")
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
    guard case .outcome(let outcome)? = file.declarations.first else { return [] }
    return outcome.clauses.map(\.kind)
  }

  @Test func precedenceOfAndOrAndComparisons() {
    let kinds = clauses("when a == 1 or b == 2 and not c > 3")
    guard case .when(let condition) = kinds[0],
      case .binary(.or, let left, let right) = condition.kind,
      case .binary(.equal, _, _) = left.kind,
      case .binary(.and, _, let negated) = right.kind,
      case .unary(.not, let comparison) = negated.kind,
      case .binary(.greater, _, _) = comparison.kind
    else {
      Issue.record("unexpected tree: \(kinds)")
      return
    }
  }

  @Test func arithmeticBindsTighterThanComparison() {
    let kinds = clauses("when claim.star_score - claim.baseline >= 2 * 1")
    guard case .when(let condition) = kinds[0],
      case .binary(.greaterEqual, let left, let right) = condition.kind,
      case .binary(.subtract, _, _) = left.kind,
      case .binary(.multiply, _, _) = right.kind
    else {
      Issue.record("unexpected tree")
      return
    }
  }

  @Test func durationsAndCurrencyCodeMoney() {
    let kinds = clauses("at least 6.5 weeks after start\ncap GBP 341.75")
    guard case .atLeastAfter(let duration, .start, nil) = kinds[0],
      case .literal(.duration(let value)) = duration.kind,
      case .capAmount(let cap, _) = kinds[1], case .literal(.money(let money)) = cap.kind
    else {
      Issue.record("unexpected clauses \(kinds)")
      return
    }
    #expect(value == Duration(amount: Decimal(string: "6.5")!, unit: .weeks))
    #expect(money.minorUnits == 34_175)
  }

  @Test func whicheverIsSooner() {
    let kinds = clauses(
      "at least 3 months after claim.engaged_on or until claim.discharged_on, whichever is sooner")
    guard case .atLeastAfter(_, .expression(let anchor), let until?) = kinds[0],
      case .field(_, let anchorField) = anchor.kind, case .field(_, let untilField) = until.kind
    else {
      Issue.record("unexpected clause \(kinds)")
      return
    }
    #expect(anchorField.name == "engaged_on")
    #expect(untilField.name == "discharged_on")
  }

  @Test func claimLimitsWithQualifiers() {
    let kinds = clauses(
      """
      at most 2 per participant, each higher claim.level or different claim.subject
      repeatable, at least 3 months apart
      """)
    guard case .limit(let first) = kinds[0], case .atMost = first.count,
      case .higherOrDifferent(_, let different?) = first.qualifiers.first,
      case .field(_, let subject) = different.kind,
      case .limit(let second) = kinds[1], case .unlimited = second.count,
      case .apart = second.qualifiers.first
    else {
      Issue.record("unexpected limits \(kinds)")
      return
    }
    #expect(subject.name == "subject")
  }

  @Test func evidenceRules() {
    let kinds = clauses(
      "evidence support_plan plus any of star, form if claim.x == 1 at least provider_declaration")
    guard case .evidence(let rule) = kinds[0] else {
      Issue.record("no evidence rule")
      return
    }
    #expect(rule.terms.count == 2)
    #expect(rule.terms[1].items.map(\.id.name) == ["star", "form"])
    #expect(rule.terms[1].items[1].condition != nil)
    #expect(rule.minimumStrength?.name == "provider_declaration")
  }

  @Test func ladderRungsAndNamedRungs() {
    let (file, diagnostics) = parse(
      """
      ladder employment "Employment" from claim.job_started_on {
        13 weeks £2,600 named first_employment
        26 weeks £1,000 {
          when claim.hours >= 16
        }
        requires previous
      }
      """)
    #expect(diagnostics.isEmpty)
    guard case .ladder(let ladder)? = file.declarations.first else {
      Issue.record("no ladder")
      return
    }
    #expect(ladder.rungs.count == 2)
    #expect(Checker.rungID(ladder: "employment", rung: ladder.rungs[0]) == "first_employment")
    #expect(Checker.rungID(ladder: "employment", rung: ladder.rungs[1]) == "employment_26_weeks")
    #expect(ladder.rungs[1].clauses.count == 1)
  }

  @Test func recoveryReportsEveryBrokenClauseInOneRun() {
    let (file, diagnostics) = parse(
      """
      outcome a "A" {
        price
        evidense tenancy
        when x >=
        group "ok"
      }
      outcome b "B" {
        price £5
      }
      """)
    #expect(diagnostics.count == 3, "\(diagnostics.map(\.message))")
    // The good clause after the errors and the next outcome are still parsed.
    #expect(file.declarations.count == 2)
    guard case .outcome(let a) = file.declarations[0] else { return }
    #expect(a.clauses.contains { if case .group("ok") = $0.kind { true } else { false } })
  }

  @Test func deepNestingIsALimitNotACrash() {
    let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
    let (_, diagnostics) = parse("const x = \(deep)\nconst y = 2")
    #expect(diagnostics.map(\.code).contains(.nestingTooDeep))
    let unary = String(repeating: "not ", count: 10_000) + "yes"
    #expect(parse("const x = \(unary)").1.map(\.code).contains(.nestingTooDeep))
  }

  @Test func everyNodeKeepsItsSourceSpan() {
    let text = "outcome employment_entry \"Entry\" {\n  price £500\n}"
    let (file, _) = parse(text)
    guard case .outcome(let outcome)? = file.declarations.first else { return }
    let source = SourceFile(path: "t", text: text)
    #expect(source.text(of: outcome.id.span) == "employment_entry")
    #expect(source.text(of: outcome.clauses[0].span) == "price £500")
    #expect(source.text(of: outcome.span) == text)
  }
}
