import Foundation

extension Parser {
  /// Precedence climbing. `minimumPrecedence` 4 parses arithmetic only, which is what clauses
  /// use where a word such as `or until` or `after` follows the expression.
  mutating func parseExpression(minimumPrecedence: Int = 1) throws(SyntaxError) -> Expression {
    try nested { (parser: inout Parser) throws(SyntaxError) in
      var left = try parser.parseUnary(minimumPrecedence: minimumPrecedence)
      while true {
        if minimumPrecedence <= 3, let postfix = try parser.parseMembershipOrIsSet(left) {
          left = postfix
          continue
        }
        guard let op = parser.binaryOperator(), op.precedence >= minimumPrecedence else {
          return left
        }
        parser.advance()
        let right = try parser.parseExpression(minimumPrecedence: op.precedence + 1)
        left = Expression(.binary(op, left, right), span: left.span.through(right.span))
      }
    }
  }

  func binaryOperator() -> BinaryOperator? {
    switch current.kind {
    case .equalEqual: return .equal
    case .notEqual: return .notEqual
    case .less: return .less
    case .lessEqual: return .lessEqual
    case .greater: return .greater
    case .greaterEqual: return .greaterEqual
    case .plus: return .add
    case .minus: return .subtract
    case .star: return .multiply
    case .slash: return .divide
    case .identifier where current.text == "and": return .and
    case .identifier
    where current.text == "or" && !peekWord(1, "until")
      && !peekWord(1, "different"):
      return .or
    default: return nil
    }
  }

  /// `x in (a, b)`, `x is set`, `x is not set`.
  mutating func parseMembershipOrIsSet(_ left: Expression) throws(SyntaxError) -> Expression? {
    if atWord("in") {
      advance()
      try expect(.leftParen, "after `in`")
      var members = [try parseExpression()]
      while accept(.comma) != nil { members.append(try parseExpression()) }
      let close = try expect(.rightParen, "to close the list after `in`")
      return Expression(.membership(left, members), span: left.span.through(close.span))
    }
    if atWord("is") {
      advance()
      let negated = acceptWord("not")
      try expectWord("set", "after `is` (write `is set` or `is not set`)")
      return Expression(.isSet(left, negated: negated), span: left.span.through(previous.span))
    }
    return nil
  }

  mutating func parseUnary(minimumPrecedence: Int) throws(SyntaxError) -> Expression {
    let start = current.span
    if atWord("not") {
      advance()
      let operand = try parseExpression(minimumPrecedence: 3)
      return Expression(.unary(.not, operand), span: start.through(operand.span))
    }
    if at(.minus) {
      advance()
      let operand = try nested { (parser: inout Parser) throws(SyntaxError) in
        try parser.parseUnary(minimumPrecedence: 5)
      }
      return Expression(.unary(.negate, operand), span: start.through(operand.span))
    }
    return try parsePostfix()
  }

  mutating func parsePostfix() throws(SyntaxError) -> Expression {
    try parsePrimary()
  }

  /// `atItemStart` is true where a block item itself starts with a value (a table key), so a
  /// key that happens to be a keyword is not taken for the start of a new clause.
  mutating func parsePrimary(atItemStart: Bool = false) throws(SyntaxError) -> Expression {
    if !atItemStart && atLineStartKeyword { throw missingValue("a value") }
    let token = current
    switch token.kind {
    case .money, .percent, .date, .string:
      advance()
      guard let value = token.value else { return Expression(.invalid, span: token.span) }
      return Expression(.literal(value), span: token.span)
    case .number:
      advance()
      guard case .number(let amount)? = token.value else {
        return Expression(.invalid, span: token.span)
      }
      if at(.identifier), let unit = Duration.Unit(word: current.text) {
        let unitToken = advance()
        return Expression(
          .literal(.duration(Duration(amount: amount, unit: unit))),
          span: token.span.through(unitToken.span))
      }
      return Expression(.literal(.number(amount)), span: token.span)
    case .leftParen:
      advance()
      let inner = try parseExpression()
      let close = try expect(.rightParen, "to close `(`")
      return Expression(.parenthesized(inner), span: token.span.through(close.span))
    case .identifier:
      advance()
      if token.text == "yes" || token.text == "no" {
        return Expression(.literal(.bool(token.text == "yes")), span: token.span)
      }
      if isCurrencyCode(token.text), at(.number), current.value != nil {
        let amountToken = advance()
        let span = token.span.through(amountToken.span)
        switch MoneyText.minorUnits(amountToken.text) {
        case .success(let units):
          return Expression(
            .literal(.money(Money(minorUnits: units, currency: token.text))), span: span)
        case .failure(let problem):
          report(
            Diagnostic(
              .error, problem == .tooLarge ? .numberTooLarge : .invalidNumber,
              "this amount \(problem.message)", at: span, help: problem.hint))
          return Expression(.invalid, span: span)
        }
      }
      let name = Identifier(token.text, span: token.span)
      if accept(.dot) != nil {
        let field = try expectIdentifier("after `.`")
        return Expression(
          .field(subject: name, field: field), span: token.span.through(field.span))
      }
      if accept(.leftBracket) != nil {
        let key = try parseExpression()
        let close = try expect(.rightBracket, "to close `[`")
        return Expression(.lookup(table: name, key: key), span: token.span.through(close.span))
      }
      return Expression(.name(name), span: token.span)
    default:
      throw fail("expected a value or an expression")
    }
  }

  func isCurrencyCode(_ text: String) -> Bool {
    text.count == 3 && text.allSatisfy { $0.isASCII && $0.isUppercase }
  }
}
