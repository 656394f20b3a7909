extension Parser {
  /// `test "name" { participant ...  claim ...  expect ... }`: examples kept next to the rules.
  mutating func parseTest() throws(SyntaxError) -> TestDeclaration {
    let start = advance().span
    let name = try expectString("after `test`")
    var items: [TestDeclaration.Item] = []
    let words: Set = ["participant", "claim", "expect"]
    let body = try parseBlock("after the test name") {
      (parser: inout Parser) throws(SyntaxError) in
      let itemStart = parser.current.span
      let kind: TestDeclaration.ItemKind
      if parser.acceptWord("participant") {
        let id = try parser.expectIdentifier("after `participant`")
        kind = .participant(id, try parser.parseFieldValues())
      } else if parser.acceptWord("claim") {
        let id = try parser.expectIdentifier("after `claim`")
        try parser.expectWord("for", "after the claim id (write `claim c1 for p1 outcome on DATE`)")
        let participant = try parser.expectIdentifier("naming the participant")
        let outcome = try parser.expectIdentifier("naming the outcome claimed")
        try parser.expectWord("on", "before the date the outcome was achieved")
        let date = try parser.parsePrimary()
        var evidence: [Identifier] = []
        if parser.acceptWord("evidence") {
          evidence.append(try parser.expectIdentifier("after `evidence`"))
          while parser.accept(.comma) != nil {
            evidence.append(try parser.expectIdentifier("after `,`"))
          }
        }
        let fields = parser.at(.leftBrace) ? try parser.parseFieldValues() : []
        kind = .claim(
          id: id, participant: participant, outcome: outcome, on: date, evidence: evidence,
          fields: fields)
      } else if parser.acceptWord("expect") {
        kind = try parser.parseExpectation()
      } else {
        throw parser.fail(
          "expected `participant`, `claim` or `expect` in a test",
          help: FuzzyMatch.suggestion(for: parser.current.text, in: words))
      }
      items.append(.init(kind: kind, span: itemStart.through(parser.previous.span)))
    }
    return TestDeclaration(name: name, items: items, span: start.through(body))
  }

  mutating func parseExpectation() throws(SyntaxError) -> TestDeclaration.ItemKind {
    if acceptWord("total") {
      return .expectTotal(try parseExpression(minimumPrecedence: 4))
    }
    if acceptWord("payer") {
      let payer = try expectIdentifier("after `expect payer`")
      return .expectPayer(payer, try parseExpression(minimumPrecedence: 4))
    }
    let claim = try expectIdentifier("after `expect` (a claim id, `total` or `payer`)")
    let status = try expectIdentifier("after the claim id (`paid`, `reduced` or `rejected`)")
    var amount: Expression?
    if at(.money) || (at(.identifier) && isCurrencyCode(current.text) && peek().kind == .number) {
      amount = try parsePrimary()
    }
    var reasons: [Identifier] = []
    if acceptWord("because") {
      reasons.append(try expectIdentifier("after `because`"))
      while accept(.comma) != nil { reasons.append(try expectIdentifier("after `,`")) }
    }
    return .expectClaim(claim: claim, status: status, amount: amount, reasons: reasons)
  }

  /// `{ name: value, name: value }`; commas between entries are optional.
  mutating func parseFieldValues() throws(SyntaxError) -> [TestDeclaration.FieldValue] {
    var values: [TestDeclaration.FieldValue] = []
    _ = try parseBlock("for field values") {
      (parser: inout Parser) throws(SyntaxError) in
      let name = try parser.expectIdentifier("naming a field")
      try parser.expect(.colon, "after the field name `\(name.name)`")
      let value = try parser.parseExpression()
      values.append(.init(name: name, value: value))
      _ = parser.accept(.comma)
    }
    return values
  }
}
