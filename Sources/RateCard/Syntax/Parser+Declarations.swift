extension Parser {
  mutating func parseFile() -> [Declaration] {
    var declarations: [Declaration] = []
    while !atEnd {
      let before = index
      do {
        declarations.append(try parseDeclaration())
      } catch {
        recoverAtTopLevel()
      }
      if index == before { advance() }
    }
    return declarations
  }

  mutating func parseDeclaration() throws(SyntaxError) -> Declaration {
    let start = current.span
    guard at(.identifier) else {
      throw fail(
        "expected a declaration such as `outcome`, `ladder` or `card`")
    }
    switch current.text {
    case "card": return .card(try parseCardHeader())
    case "payers": return .payers(try parsePayers())
    case "caps": return .caps(try parseCaps())
    case "participant", "claim": return .fields(try parseFields())
    case "evidence": return .evidence(try parseEvidenceCatalogue())
    case "const": return .constant(try parseConstant())
    case "table": return .table(try parseTable())
    case "outcome": return .outcome(try parseOutcome())
    case "ladder": return .ladder(try parseLadder())
    case "test": return .test(try parseTest())
    case "audit": return .audit(try parseAudit())
    case "revision": return .revision(try parseRevision())
    case "group": return .group(try parseGroup())
    case "suspension": return .suspension(try parseSuspension())
    case "envelope": return .envelope(try parseEnvelope())
    default:
      let word = current.text
      let help = FuzzyMatch.suggestion(for: word, in: Parser.declarationWords)
      report(
        Diagnostic(
          .error, .unexpectedToken,
          "`\(word)` cannot start a declaration", at: start,
          help: help
            ?? "a card is made of `card`, `payers`, `caps`, `participant fields`, "
            + "`claim fields`, `evidence`, `const`, `table`, `outcome`, `ladder`, `test`, "
            + "`audit`, `revision` and `envelope`"))
      throw SyntaxError()
    }
  }

  mutating func parseCardHeader() throws(SyntaxError) -> CardHeader {
    let start = advance().span
    let title = try expectString("after `card`")
    var items: [CardHeader.Item] = []
    let words: Set = ["currency", "term", "version"]
    let body = try parseBlock("after the card title") {
      (parser: inout Parser) throws(SyntaxError) in
      let itemStart = parser.current.span
      if parser.acceptWord("currency") {
        let code = try parser.expectIdentifier("after `currency` (for example `GBP`)")
        items.append(.init(kind: .currency(code), span: itemStart.through(code.span)))
      } else if parser.acceptWord("term") {
        let from = try parser.expectDate("after `term`")
        try parser.expectWord("to", "between the two dates of the term")
        let to = try parser.expectDate("after `to`")
        items.append(
          .init(kind: .term(from: from, to: to), span: itemStart.through(parser.previous.span)))
      } else if parser.acceptWord("version") {
        let label = try parser.expectString("after `version`")
        items.append(.init(kind: .version(label), span: itemStart.through(parser.previous.span)))
      } else {
        throw parser.fail(
          "expected `currency`, `term` or `version` in the card header",
          help: FuzzyMatch.suggestion(for: parser.current.text, in: words))
      }
    }
    return CardHeader(title: title, items: items, span: start.through(body))
  }

  mutating func expectDate(_ context: String) throws(SyntaxError) -> CalendarDate {
    guard at(.date) else { throw fail("expected a date (YYYY-MM-DD) \(context)") }
    let token = advance()
    guard case .date(let date)? = token.value else {
      // The lexer has already reported the impossible date; carry on with a placeholder.
      return CalendarDate(year: 1970, month: 1, day: 1)!
    }
    return date
  }

  mutating func parsePayers() throws(SyntaxError) -> PayersDeclaration {
    let start = advance().span
    var payers: [PayersDeclaration.Payer] = []
    let body = try parseBlock("after `payers`") {
      (parser: inout Parser) throws(SyntaxError) in
      let id = try parser.expectIdentifier("for a payer")
      let title = try parser.expectString("after the payer id `\(id.name)`")
      let share = try parser.parseExpression()
      payers.append(.init(id: id, title: title, share: share, span: id.span.through(share.span)))
    }
    return PayersDeclaration(payers: payers, span: start.through(body))
  }

  mutating func parseCaps() throws(SyntaxError) -> CapsDeclaration {
    let start = advance().span
    var caps: [CapsDeclaration.Cap] = []
    let body = try parseBlock("after `caps`") {
      (parser: inout Parser) throws(SyntaxError) in
      let capStart = parser.current.span
      let scope: CapsDeclaration.Scope
      if parser.acceptWord("contract") {
        scope = .contract
      } else if parser.acceptWord("per") {
        try parser.expectWord("participant", "after `per` (caps are `per participant`)")
        scope = .perParticipant
      } else if parser.acceptWord("payer") {
        scope = .payer(try parser.expectIdentifier("after `payer`"))
      } else {
        throw parser.fail(
          "expected `contract`, `per participant` or `payer ID` in `caps`"
        )
      }
      let amount = try parser.parseExpression()
      caps.append(.init(scope: scope, amount: amount, span: capStart.through(amount.span)))
    }
    return CapsDeclaration(caps: caps, span: start.through(body))
  }

  mutating func parseFields() throws(SyntaxError) -> FieldsDeclaration {
    let subjectToken = advance()
    let subject = FieldsDeclaration.Subject(rawValue: subjectToken.text)!
    try expectWord("fields", "after `\(subject.rawValue)`")
    var fields: [FieldsDeclaration.Field] = []
    let body = try parseBlock("after `\(subject.rawValue) fields`") {
      (parser: inout Parser) throws(SyntaxError) in
      let name = try parser.expectIdentifier("for a field")
      let type = try parser.parseTypeReference()
      let optional = parser.acceptWord("optional")
      fields.append(
        .init(
          name: name, type: type, optional: optional, span: name.span.through(parser.previous.span))
      )
    }
    return FieldsDeclaration(
      subject: subject, fields: fields, span: subjectToken.span.through(body))
  }

  static let typeWords: [String: TypeReference.Kind] = [
    "text": .text, "number": .number, "money": .money, "date": .date, "duration": .duration,
    "percent": .percent,
  ]

  mutating func parseTypeReference() throws(SyntaxError) -> TypeReference {
    let start = current.span
    if at(.identifier), let kind = Parser.typeWords[current.text] {
      advance()
      return TypeReference(kind: kind, span: start)
    }
    if atWord("yes"), peek().kind == .slash, peekWord(2, "no") {
      advance()
      advance()
      advance()
      return TypeReference(kind: .yesNo, span: start.through(previous.span))
    }
    if atWord("one"), peekWord(1, "of") {
      advance()
      advance()
      var cases = [try expectIdentifier("in `one of`")]
      while accept(.comma) != nil {
        cases.append(try expectIdentifier("after `,` in `one of`"))
      }
      return TypeReference(kind: .oneOf(cases), span: start.through(previous.span))
    }
    let known = Array(Parser.typeWords.keys) + ["yes/no", "one of"]
    throw fail(
      "expected a type (text, number, money, date, duration, percent, yes/no or `one of ...`)",
      help: at(.identifier) ? FuzzyMatch.suggestion(for: current.text, in: known) : nil)
  }

  mutating func parseEvidenceCatalogue() throws(SyntaxError) -> EvidenceCatalogue {
    let start = advance().span
    var kinds: [EvidenceCatalogue.Kind] = []
    let body = try parseBlock("after `evidence`") {
      (parser: inout Parser) throws(SyntaxError) in
      let id = try parser.expectIdentifier("for a kind of evidence")
      let title = try parser.expectString("after the evidence id `\(id.name)`")
      let strength = try parser.expectIdentifier(
        "for the strength of `\(id.name)` (self_certified, provider_declaration, third_party, documentary or official)"
      )
      kinds.append(
        .init(id: id, title: title, strength: strength, span: id.span.through(strength.span)))
    }
    return EvidenceCatalogue(kinds: kinds, span: start.through(body))
  }

  mutating func parseConstant() throws(SyntaxError) -> ConstantDeclaration {
    let start = advance().span
    let name = try expectIdentifier("after `const`")
    try expect(.equals, "after the constant's name")
    let value = try parseExpression()
    return ConstantDeclaration(name: name, value: value, span: start.through(value.span))
  }

  mutating func parseTable() throws(SyntaxError) -> TableDeclaration {
    let start = advance().span
    let name = try expectIdentifier("after `table`")
    var entries: [TableDeclaration.Entry] = []
    let body = try parseBlock("after the table name") {
      (parser: inout Parser) throws(SyntaxError) in
      let key = try parser.parsePrimary(atItemStart: true)
      try parser.expect(.colon, "between a table key and its value")
      let value = try parser.parseExpression()
      entries.append(.init(key: key, value: value, span: key.span.through(value.span)))
      _ = parser.accept(.comma)
    }
    return TableDeclaration(name: name, entries: entries, span: start.through(body))
  }

  mutating func parseAudit() throws(SyntaxError) -> AuditDeclaration {
    let start = advance().span
    var items: [AuditDeclaration.Item] = []
    let body = try parseBlock("after `audit`") { (parser: inout Parser) throws(SyntaxError) in
      let itemStart = parser.current.span
      let kind: AuditDeclaration.ItemKind
      if parser.acceptWord("high") {
        try parser.expectWord("need", "after `high` (write `high need when ...`)")
        try parser.expectWord("when", "after `high need`")
        kind = .highNeed(try parser.parseExpression())
      } else if parser.acceptWord("threshold") {
        let value = try parser.parseExpression(minimumPrecedence: 4)
        try parser.expectWord("at", "after the thresholded value (write `threshold X at 2`)")
        let at = try parser.parseExpression(minimumPrecedence: 4)
        var width: Expression?
        if parser.acceptWord("width") { width = try parser.parseExpression(minimumPrecedence: 4) }
        kind = .threshold(value, at: at, width: width)
      } else if parser.acceptWord("parking") {
        try parser.expectWord("after", "after `parking`")
        kind = .parkingAfter(try parser.parseExpression(minimumPrecedence: 4))
      } else if parser.acceptWord("surge") {
        if parser.acceptWord("window") {
          kind = .surgeWindow(try parser.parseExpression(minimumPrecedence: 4))
        } else {
          try parser.expectWord(
            "before", "after `surge` (write `surge window 8 weeks` or `surge before DATE`)")
          kind = .surgeBefore(try parser.parseExpression(minimumPrecedence: 4))
        }
      } else if parser.acceptWord("significance") {
        kind = .significance(try parser.parseExpression(minimumPrecedence: 4))
      } else if parser.acceptWord("minimum") {
        try parser.expectWord("cases", "after `minimum`")
        kind = .minimumCases(try parser.parseExpression(minimumPrecedence: 4))
      } else if parser.acceptWord("progress") {
        try parser.expectWord(
          "outcomes", "after `progress` (write `progress outcomes tenancy_3_months, ...`)")
        var names = [try parser.expectIdentifier("after `progress outcomes`")]
        while parser.accept(.comma) != nil {
          names.append(try parser.expectIdentifier("after `,`"))
        }
        kind = .progressOutcomes(names)
      } else {
        let words = [
          "high need", "threshold", "parking after", "surge window", "surge before", "significance",
          "minimum cases", "progress outcomes",
        ]
        throw parser.fail(
          "expected an audit setting such as `high need when ...` or `threshold ... at ...`",
          help: FuzzyMatch.suggestion(for: parser.current.text, in: words))
      }
      items.append(.init(kind: kind, span: itemStart.through(parser.previous.span)))
    }
    return AuditDeclaration(items: items, span: start.through(body))
  }

  /// Ids are names with `_`: `accommodation-entry` is refused with the right spelling.
  mutating func refuseHyphen(after id: Identifier) throws(SyntaxError) {
    guard at(.minus), previous.span.end == current.span.start else { return }
    throw fail("ids are written with `_`, not `-`", help: "write `\(id.name)_\(peek().text)`")
  }

  mutating func parseOutcome() throws(SyntaxError) -> OutcomeDeclaration {
    let start = advance().span
    let id = try expectIdentifier("after `outcome`")
    try refuseHyphen(after: id)
    let title = try expectString("after the outcome id `\(id.name)`")
    var clauses: [Clause] = []
    let body = try parseBlock("after the outcome title") {
      (parser: inout Parser) throws(SyntaxError) in
      clauses.append(try parser.parseClause(allowExceptions: true))
    }
    return OutcomeDeclaration(id: id, title: title, clauses: clauses, span: start.through(body))
  }

  mutating func parseLadder() throws(SyntaxError) -> LadderDeclaration {
    let start = advance().span
    let id = try expectIdentifier("after `ladder`")
    try refuseHyphen(after: id)
    let title = try expectString("after the ladder id `\(id.name)`")
    try expectWord("from", "after the ladder title (for example `from accommodation_entry`)")
    let anchor = try parseAnchor()
    var measure: Expression?
    if acceptWord("measured") {
      try expectWord("by", "after `measured` (write `measured by claim.FIELD`)")
      measure = try parseExpression(minimumPrecedence: 4)
    }
    var rungs: [LadderDeclaration.Rung] = []
    var clauses: [Clause] = []
    let body = try parseBlock("after the ladder's anchor") {
      (parser: inout Parser) throws(SyntaxError) in
      if parser.at(.number) || parser.at(.money) || parser.at(.percent) {
        rungs.append(try parser.parseRung())
      } else {
        clauses.append(try parser.parseClause(allowExceptions: true))
      }
    }
    return LadderDeclaration(
      id: id, title: title, anchor: anchor, measure: measure, rungs: rungs, clauses: clauses,
      span: start.through(body))
  }

  mutating func parseRung() throws(SyntaxError) -> LadderDeclaration.Rung {
    let duration = try parsePrimary()
    let price = try parseExpression(minimumPrecedence: 4)
    var name: Identifier?
    if acceptWord("named") {
      name = try expectIdentifier("after `named`")
    }
    var clauses: [Clause] = []
    var end = previous.span
    if at(.leftBrace) {
      end = try parseBlock("for the rung") {
        (parser: inout Parser) throws(SyntaxError) in
        clauses.append(try parser.parseClause(allowExceptions: true))
      }
    }
    return .init(
      duration: duration, price: price, name: name, clauses: clauses,
      span: duration.span.through(end))
  }

  /// `group "Wellbeing" { clauses }`
  mutating func parseGroup() throws(SyntaxError) -> GroupDeclaration {
    let start = advance().span
    let titleSpan = current.span
    let title = try expectString("after `group` (the group's title, as its outcomes name it)")
    var clauses: [Clause] = []
    let body = try parseBlock("after the group's title") {
      (parser: inout Parser) throws(SyntaxError) in
      clauses.append(try parser.parseClause(allowExceptions: false))
    }
    return GroupDeclaration(
      title: title, titleSpan: titleSpan, clauses: clauses, span: start.through(body))
  }

  /// `suspension "Title" FROM to TO { outcomes a, b  price £50 }`
  mutating func parseSuspension() throws(SyntaxError) -> SuspensionDeclaration {
    let start = advance().span
    let title = try expectString("after `suspension` (a title, such as \"First lockdown\")")
    let from = try expectDate("after the suspension's title")
    try expectWord("to", "between the two dates of the period")
    let to = try expectDate("after `to`")
    var outcomes: [Identifier] = []
    var price: Expression?
    let body = try parseBlock("after the period") {
      (parser: inout Parser) throws(SyntaxError) in
      if parser.acceptWord("outcomes") {
        outcomes.append(try parser.expectIdentifier("after `outcomes`"))
        while parser.accept(.comma) != nil {
          outcomes.append(try parser.expectIdentifier("after `,`"))
        }
      } else if parser.acceptWord("price") {
        price = try parser.parseExpression()
      } else {
        throw parser.fail(
          "expected `outcomes` or `price` in a suspension",
          help: FuzzyMatch.suggestion(for: parser.current.text, in: ["outcomes", "price"]))
      }
    }
    return SuspensionDeclaration(
      title: title, from: from, to: to, outcomes: outcomes, price: price,
      span: start.through(body))
  }

  // MARK: Versions

  /// `revision "v2" effective 2020-09-14 { approved by "..."  rationale "..."  changes }`
  mutating func parseRevision() throws(SyntaxError) -> RevisionDeclaration {
    let start = advance().span
    let labelToken = current
    let label = try expectString("after `revision` (its label, such as \"v2\")")
    try expectWord("effective", "after the revision's label")
    let effectiveSpan = current.span
    let effective = try expectDate("after `effective`")
    var approvedBy: String?
    var rationale: String?
    var changes: [RevisionDeclaration.Change] = []
    let body = try parseBlock("after the effective date") {
      (parser: inout Parser) throws(SyntaxError) in
      let itemStart = parser.current.span
      if parser.acceptWord("approved") {
        try parser.expectWord("by", "after `approved`")
        approvedBy = try parser.expectString("after `approved by`")
      } else if parser.acceptWord("rationale") {
        rationale = try parser.expectString("after `rationale`")
      } else if parser.acceptWord("change") {
        let id = try parser.expectIdentifier("after `change`")
        var clauses: [Clause] = []
        var drops: [Identifier] = []
        let block = try parser.parseBlock("after `change \(id.name)`") {
          (inner: inout Parser) throws(SyntaxError) in
          if inner.acceptWord("drop") {
            drops.append(try inner.expectIdentifier("after `drop` (a kind of clause)"))
          } else {
            clauses.append(try inner.parseClause(allowExceptions: true))
          }
        }
        changes.append(
          .init(
            kind: .change(id, clauses: clauses, drops: drops), span: itemStart.through(block)))
      } else if parser.acceptWord("add") {
        let declaration: Declaration
        if parser.atWord("outcome") {
          declaration = .outcome(try parser.parseOutcome())
        } else if parser.atWord("ladder") {
          declaration = .ladder(try parser.parseLadder())
        } else {
          throw parser.fail("expected `outcome` or `ladder` after `add`")
        }
        changes.append(.init(kind: .add(declaration), span: itemStart.through(declaration.span)))
      } else if parser.acceptWord("retire") {
        let id = try parser.expectIdentifier("after `retire`")
        changes.append(.init(kind: .retire(id), span: itemStart.through(id.span)))
      } else if parser.acceptWord("rename") {
        let old = try parser.expectIdentifier("after `rename`")
        try parser.expectWord("to", "after the old id")
        let new = try parser.expectIdentifier("after `to`")
        changes.append(.init(kind: .rename(old, to: new), span: itemStart.through(new.span)))
      } else if parser.atWord("caps") {
        let caps = try parser.parseCaps()
        changes.append(.init(kind: .caps(caps), span: caps.span))
      } else {
        let words = ["approved", "rationale", "change", "add", "retire", "rename", "caps"]
        throw parser.fail(
          "expected `approved by`, `rationale`, `change`, `add`, `retire`, `rename` or `caps` in a revision",
          help: FuzzyMatch.suggestion(for: parser.current.text, in: words))
      }
    }
    return RevisionDeclaration(
      label: label, labelSpan: labelToken.span, effective: effective,
      effectiveSpan: effectiveSpan, approvedBy: approvedBy, rationale: rationale,
      changes: changes, span: start.through(body))
  }

  /// `envelope { contract cap fixed  prices within 20% of the original ... }`
  mutating func parseEnvelope() throws(SyntaxError) -> EnvelopeDeclaration {
    let start = advance().span
    var rules: [EnvelopeDeclaration.Rule] = []
    let body = try parseBlock("after `envelope`") {
      (parser: inout Parser) throws(SyntaxError) in
      let ruleStart = parser.current.span
      let kind: EnvelopeDeclaration.RuleKind
      if parser.acceptWord("contract") {
        try parser.expectWord("cap", "after `contract`")
        try parser.expectWord("fixed", "after `contract cap`")
        kind = .contractCapFixed
      } else if parser.acceptWord("prices") {
        try parser.expectWord("within", "after `prices`")
        let share = try parser.parseExpression(minimumPrecedence: 4)
        try parser.expectWord("of", "after the percentage")
        try parser.expectWord("the", "after `of`")
        try parser.expectWord("original", "after `of the`")
        kind = .pricesWithin(share)
      } else if parser.acceptWord("new") {
        try parser.expectWord("outcomes", "after `new`")
        try parser.expectWord("in", "after `new outcomes`")
        try parser.expectWord("existing", "after `new outcomes in`")
        try parser.expectWord("groups", "after `new outcomes in existing`")
        kind = .newOutcomesInExistingGroups
      } else if parser.acceptWord("evidence") {
        try parser.expectWord("for", "after `evidence`")
        var ids = [try parser.expectIdentifier("after `evidence for`")]
        while parser.accept(.comma) != nil { ids.append(try parser.expectIdentifier("after `,`")) }
        try parser.expectWord("at", "after the outcomes")
        try parser.expectWord("least", "after `at`")
        kind = .evidenceFloor(ids, try parser.expectIdentifier("naming a strength"))
      } else if parser.acceptWord("per") {
        try parser.expectWord("participant", "after `per`")
        try parser.expectWord("at", "after `per participant`")
        try parser.expectWord("most", "after `at`")
        kind = .perParticipantAtMost(try parser.parseExpression())
      } else {
        let words = ["contract", "prices", "new", "evidence", "per"]
        throw parser.fail(
          "expected `contract cap fixed`, `prices within`, `new outcomes in existing groups`, `evidence for` or `per participant at most` in an envelope",
          help: FuzzyMatch.suggestion(for: parser.current.text, in: words))
      }
      rules.append(.init(kind: kind, span: ruleStart.through(parser.previous.span)))
    }
    return EnvelopeDeclaration(rules: rules, span: start.through(body))
  }
}
