import Testing

@testable import RateCard

@Suite struct SatisfiabilityTests {
  func canHold(_ conditions: String...) -> Bool {
    let expressions = conditions.map { text -> Expression in
      var parser = Parser(
        source: SourceFile(path: "t", text: text),
        tokens: Lexer.tokenize(SourceFile(path: "t", text: text)).tokens)
      return (try? parser.parseExpression()) ?? Expression(.invalid, span: .none)
    }
    return Satisfiability(constant: { $0 == "limit" ? .number(10) : nil }).canHold(expressions)
  }

  @Test func contradictoryRanges() {
    #expect(!canHold("claim.x >= 5 and claim.x < 3"))
    #expect(!canHold("claim.x > 5", "claim.x <= 5"))
    #expect(canHold("claim.x >= 5 and claim.x <= 5"))
    #expect(!canHold("claim.x > limit and claim.x < 3"))
  }

  @Test func equalityAndMembership() {
    #expect(!canHold("claim.k == a and claim.k == b"))
    #expect(!canHold("claim.k == a", "claim.k in (b, c)"))
    #expect(canHold("claim.k in (a, b)", "claim.k != a"))
    #expect(!canHold("claim.k in (a, b)", "claim.k != a", "claim.k != b"))
  }

  @Test func negationAccountsForMissingValues() {
    // not (x < 3) holds when x is missing, so with x > 1 it can hold.
    #expect(canHold("not claim.x < 3 and claim.x > 1"))
    #expect(!canHold("claim.x is not set and claim.x > 1"))
    #expect(!canHold("not (claim.x >= 3 or claim.x is not set)", "claim.x > 4"))
  }

  @Test func disjunctionsNeedOneFeasibleBranch() {
    #expect(canHold("claim.x > 5 and claim.x < 3 or claim.y == 1"))
    #expect(!canHold("(claim.x > 5 or claim.x < 0) and claim.x == 2"))
  }

  @Test func unknownShapesAreAssumedPossible() {
    #expect(canHold("claim.x - claim.y >= 2 and claim.x - claim.y < 1"))
  }
}
