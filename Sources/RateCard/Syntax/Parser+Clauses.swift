extension Parser {
  /// One clause of an outcome, ladder or rung. Clauses read as sentences, so each starts with
  /// a word that says what it is.
  mutating func parseClause(allowExceptions: Bool) throws(SyntaxError) -> Clause {
    let start = current.span
    guard at(.identifier) else {
      throw fail("expected a clause such as `price`, `evidence` or `when`")
    }
    // A clause is written on one line: `price` with its value on the next line is a
    // missing value, not a price that swallows the line below.
    if Parser.clauseWords.contains(current.text), current.text != "repeatable",
      peek().kind != .endOfFile, firstOnLine[index + 1]
    {
      advance()
      throw missingValue("a value")
    }
    let kind: ClauseKind
    switch current.text {
    case "restarts":
      advance()
      try expectWord("at", "after `restarts` (write `restarts at most 2 times`)")
      try expectWord("most", "after `restarts at`")
      let count = try parseExpression(minimumPrecedence: 4)
      if !acceptWord("times") { try expectWord("time", "after the number") }
      kind = .restarts(count)
    case "versioned":
      advance()
      try expectWord("by", "after `versioned`")
      let word = try expectIdentifier("after `versioned by`")
      guard let basis = VersionBasis(rawValue: word.name) else {
        report(
          Diagnostic(
            .error, .unexpectedToken, "`\(word.name)` is not a date that can pick a version",
            at: word.span,
            help: FuzzyMatch.suggestion(for: word.name, in: VersionBasis.allCases.map(\.rawValue))
              ?? "write `versioned by achievement`, `referral`, `start` or `claim`"))
        throw SyntaxError()
      }
      kind = .versionedBy(basis)
    case "group":
      advance()
      kind = .group(try expectString("after `group`"))
    case "price":
      advance()
      kind = .price(try parseExpression())
    case "payers":
      advance()
      kind = .payers(try parsePayerShares())
    case "cap":
      advance()
      let amount = try parseExpression(minimumPrecedence: 4)
      let claims = acceptWord("claims")
      var perParticipant = false
      if acceptWord("per") {
        try expectWord("participant", "after `per` (caps are `per participant`)")
        perParticipant = true
      }
      kind =
        claims
        ? .capCount(amount, perParticipant: perParticipant)
        : .capAmount(amount, perParticipant: perParticipant)
    case "once":
      advance()
      try expectWord("per", "after `once`")
      try expectWord("participant", "after `once per`")
      kind = .limit(ClaimLimit(count: .once, qualifiers: try parseLimitQualifiers()))
    case "repeatable":
      advance()
      kind = .limit(ClaimLimit(count: .unlimited, qualifiers: try parseLimitQualifiers()))
    case "at":
      if peekWord(1, "most") {
        advance()
        advance()
        let count = try parseExpression(minimumPrecedence: 4)
        try expectWord("per", "after `at most N`")
        try expectWord("participant", "after `at most N per`")
        kind = .limit(ClaimLimit(count: .atMost(count), qualifiers: try parseLimitQualifiers()))
      } else if peekWord(1, "least") {
        advance()
        advance()
        let duration = try parseExpression(minimumPrecedence: 4)
        try expectWord("after", "after `at least` and a duration")
        let anchor = try parseAnchor()
        var until: Expression?
        if atWord("or"), peekWord(1, "until") {
          advance()
          advance()
          until = try parseExpression(minimumPrecedence: 4)
          _ = accept(.comma)
          try expectWord("whichever", "after `or until ...` (write `whichever is sooner`)")
          try expectWord("is", "after `whichever`")
          try expectWord("sooner", "after `whichever is`")
        }
        kind = .atLeastAfter(duration, anchor, orUntil: until)
      } else {
        advance()
        throw fail("expected `most` or `least` after `at`")
      }
    case "requires":
      advance()
      if acceptWord("previous") {
        kind = .requiresPrevious
      } else {
        if atLineStartKeyword { throw missingValue("an outcome") }
        var any = false
        if atWord("any") || atWord("all"), peekWord(1, "of") {
          any = advance().text == "any"
          advance()
        }
        var names = [try expectIdentifier("after `requires`")]
        while accept(.comma) != nil { names.append(try expectIdentifier("after `,`")) }
        if at(.minus), previous.span.end == current.span.start {
          throw fail(
            "ids are written with `_`, not `-`",
            help: "write `\(names.last!.name)_\(peek().text)`")
        }
        if atWord("or") || atWord("and") {
          let word = current.text
          let list = (names.map(\.name) + [peek().text]).joined(separator: ", ")
          throw fail(
            "`requires` lists outcomes with commas, not `\(word)`",
            help: word == "or" ? "write `requires any of \(list)`" : "write `requires \(list)`")
        }
        var matching: Expression?
        if acceptWord("matching") { matching = try parsePostfix() }
        kind = .requires(Requirement(any: any, names: names, matching: matching))
      }
    case "when":
      advance()
      kind = .when(try parseExpression())
    case "unless":
      advance()
      kind = .unless(try parseExpression())
    case "only":
      advance()
      if acceptWord("after") {
        kind = .onlyAfter(try parseAnchor())
      } else if acceptWord("by") {
        try expectWord("exception", "after `only by`")
        let name = try expectIdentifier("naming the exception")
        try expectWord("when", "after the exception's name")
        kind = .onlyByException(name, try parseExpression())
      } else {
        throw fail("expected `after` or `by exception` after `only`")
      }
    case "within":
      advance()
      if acceptWord("term") {
        kind = .withinTerm
      } else {
        let duration = try parseExpression(minimumPrecedence: 4)
        try expectWord("of", "after `within` and a duration")
        kind = .within(duration, try parseAnchor())
      }
    case "evidence":
      advance()
      kind = .evidence(try parseEvidenceRule())
    case "exception":
      guard allowExceptions else {
        throw fail("an exception cannot contain another exception")
      }
      advance()
      kind = .exception(try parseException())
    default:
      let word = current.text
      let help =
        Parser.clauseSynonyms[word] ?? FuzzyMatch.suggestion(for: word, in: Parser.clauseWords)
      throw fail(
        "`\(word)` does not start a clause",
        help: help
          ?? "clauses start with `price`, `evidence`, `when`, `unless`, `requires`, `once`, `at most`, `at least`, `only`, `within`, `cap`, `payers`, `group` or `exception`"
      )
    }
    return Clause(kind: kind, span: start.through(previous.span))
  }

  mutating func parsePayerShares() throws(SyntaxError) -> [PayerShare] {
    var shares: [PayerShare] = []
    repeat {
      let payer = try expectIdentifier("naming a payer")
      let share = try parseExpression(minimumPrecedence: 4)
      shares.append(PayerShare(payer: payer, share: share, span: payer.span.through(share.span)))
    } while accept(.comma) != nil
    return shares
  }

  mutating func parseLimitQualifiers() throws(SyntaxError) -> [ClaimLimit.Qualifier] {
    var qualifiers: [ClaimLimit.Qualifier] = []
    while accept(.comma) != nil {
      if acceptWord("once") {
        try expectWord("per", "after `once`")
        qualifiers.append(.oncePer(try parsePostfix()))
      } else if acceptWord("each") {
        try expectWord("higher", "after `each`")
        let higher = try parsePostfix()
        var different: Expression?
        if acceptWord("or") {
          try expectWord("different", "after `or`")
          different = try parsePostfix()
        }
        qualifiers.append(.higherOrDifferent(higher: higher, different: different))
      } else if atWord("at"), peekWord(1, "least") {
        advance()
        advance()
        let gap = try parseExpression(minimumPrecedence: 4)
        try expectWord("apart", "after `at least` and a duration")
        qualifiers.append(.apart(gap))
      } else {
        throw fail("expected `once per`, `each higher` or `at least ... apart` after `,`")
      }
    }
    return qualifiers
  }

  /// `referral`, `start`, an outcome id or constant, or a date expression.
  mutating func parseAnchor() throws(SyntaxError) -> Anchor {
    if atLineStartKeyword { throw missingValue("`referral`, `start`, an outcome or a date") }
    let continuesAsExpression: Set<TokenKind> = [.dot, .leftBracket, .plus, .minus, .star, .slash]
    let isAmount = isCurrencyCode(current.text) && peek().kind == .number
    if at(.identifier), !continuesAsExpression.contains(peek().kind), !isAmount {
      if atWord("referral") { return .referral(advance().span) }
      if atWord("start") { return .start(advance().span) }
      let token = advance()
      return .named(Identifier(token.text, span: token.span))
    }
    return .expression(try parseExpression(minimumPrecedence: 4))
  }

  mutating func parseEvidenceRule() throws(SyntaxError) -> EvidenceRule {
    var terms = [try parseEvidenceTerm()]
    while acceptWord("plus") { terms.append(try parseEvidenceTerm()) }
    var minimum: Identifier?
    // Only on the same line: `at least` starting the next line is a timing clause.
    if atWord("at"), peekWord(1, "least"), !firstOnLine[index] {
      advance()
      advance()
      minimum = try expectIdentifier("naming a strength after `at least`")
    }
    return EvidenceRule(terms: terms, minimumStrength: minimum)
  }

  mutating func parseEvidenceTerm() throws(SyntaxError) -> EvidenceRule.Term {
    if atWord("any"), peekWord(1, "of") {
      advance()
      advance()
      return .anyOf(try parseEvidenceItems())
    }
    if atWord("all"), peekWord(1, "of") {
      advance()
      advance()
      return .allOf(try parseEvidenceItems())
    }
    return .single(try parseEvidenceItem())
  }

  mutating func parseEvidenceItems() throws(SyntaxError) -> [EvidenceRule.Item] {
    var items = [try parseEvidenceItem()]
    while accept(.comma) != nil { items.append(try parseEvidenceItem()) }
    return items
  }

  mutating func parseEvidenceItem() throws(SyntaxError) -> EvidenceRule.Item {
    if atLineStartKeyword { throw missingValue("a kind of evidence") }
    let id = try expectIdentifier("naming a kind of evidence")
    var condition: Expression?
    if acceptWord("if") { condition = try parseExpression() }
    return EvidenceRule.Item(id: id, condition: condition)
  }

  mutating func parseException() throws(SyntaxError) -> ExceptionRule {
    let name = try expectIdentifier("naming the exception")
    var overrides: Identifier?
    if acceptWord("over") {
      overrides = try expectIdentifier("after `over`")
    }
    try expectWord("when", "after the exception's name")
    let condition = try parseExpression()
    var clauses: [Clause] = []
    _ = try parseBlock("after the exception's condition") {
      (parser: inout Parser) throws(SyntaxError) in
      clauses.append(try parser.parseClause(allowExceptions: false))
    }
    return ExceptionRule(name: name, overrides: overrides, condition: condition, clauses: clauses)
  }
}
