import Foundation

extension Checker {
  mutating func checkHeader(_ declarations: [Declaration]) {
    var header: CardHeader?
    for case .card(let found) in declarations {
      if header != nil {
        error(
          .duplicateClause, "a file holds one card; this is a second `card` header",
          at: found.span, help: "put each card in its own file")
        continue
      }
      header = found
    }
    guard let header else {
      error(
        .missingHeader, "this file has no `card` header", at: SourceSpan(start: 0, end: 0),
        help: "start the file with `card \"Title\" { currency GBP  term 2020-01-01 to 2024-12-31 }`"
      )
      return
    }
    card.title = header.title
    var seen: [String: SourceSpan] = [:]
    for item in header.items {
      let key: String
      switch item.kind {
      case .currency(let code):
        key = "currency"
        if code.name.count != 3 || !code.name.allSatisfy({ $0.isUppercase && $0.isASCII }) {
          error(
            .invalidValue, "`\(code.name)` is not a currency code", at: code.span,
            help: "use a three-letter code such as GBP or EUR")
        }
        card.currency = code.name
      case .term(let from, let to):
        key = "term"
        if to < from {
          error(
            .invalidValue, "the term ends (\(to)) before it starts (\(from))", at: item.span,
            help: "write `term START to END` with the earlier date first")
        } else {
          card.term = from...to
        }
      case .version(let label):
        key = "version"
        card.version = label
      }
      if let first = seen[key] {
        error(
          .duplicateClause, "the card header gives `\(key)` twice", at: item.span,
          notes: [DiagnosticNote("first given here", at: first)])
      }
      seen[key] = item.span
    }
    for required in ["currency", "term"] where seen[required] == nil {
      error(
        .missingHeader, "the card header has no `\(required)`", at: header.span,
        help: required == "currency"
          ? "add `currency GBP`" : "add `term 2019-09-01 to 2024-03-31` (the contract term)")
    }
  }

  mutating func declareFields(_ declarations: [Declaration]) {
    for subject in [FieldsDeclaration.Subject.participant, .claim] {
      var fields: [String: CheckedCard.FieldInfo] = [:]
      for builtin in BuiltinFields.fields(for: subject) {
        fields[builtin.name] = .init(
          name: builtin.name, type: builtin.type, optional: builtin.optional, builtin: true,
          span: nil)
      }
      for case .fields(let block) in declarations where block.subject == subject {
        if block.fields.isEmpty {
          warning(
            .unused, "the `\(subject.rawValue) fields` block is empty", at: block.span,
            help:
              "declare fields such as `complexity one of low, medium, high`, or remove the block")
        }
        for field in block.fields {
          if let existing = fields[field.name.name] {
            if existing.builtin {
              error(
                .reservedName,
                "`\(field.name.name)` is a built-in \(subject.rawValue) field and cannot be redeclared",
                at: field.name.span, help: "remove this line; the field is always available")
            } else {
              duplicate("field", field.name, first: existing.span ?? field.span)
            }
            continue
          }
          if case .oneOf(let cases) = field.type.kind {
            var seen: [String: SourceSpan] = [:]
            for value in cases {
              if let first = seen[value.name] { duplicate("value", value, first: first) }
              seen[value.name] = value.span
            }
          }
          fields[field.name.name] = .init(
            name: field.name.name, type: ValueType(field.type.kind, name: field.name.name),
            optional: field.optional, builtin: false, span: field.name.span)
        }
      }
      if subject == .participant {
        card.participantFields = fields
      } else {
        card.claimFields = fields
      }
    }
  }

  mutating func declareEvidence(_ declarations: [Declaration]) {
    for case .evidence(let catalogue) in declarations {
      for kind in catalogue.kinds {
        if let first = card.evidence[kind.id.name] {
          duplicate("evidence", kind.id, first: first.span)
          continue
        }
        guard let strength = EvidenceStrength(rawValue: kind.strength.name) else {
          unknown(
            "evidence strength", kind.strength,
            candidates: EvidenceStrength.allCases.map(\.rawValue),
            help:
              "strengths, weakest first: self_certified, provider_declaration, third_party, documentary, official"
          )
          continue
        }
        card.evidence[kind.id.name] = .init(
          id: kind.id.name, title: kind.title, strength: strength, span: kind.id.span)
      }
    }
  }

  /// Constants and tables share one name space: `x` cannot be both.
  mutating func declareConstantsAndTables(_ declarations: [Declaration]) {
    for declaration in declarations {
      let name: Identifier
      let what: String
      switch declaration {
      case .constant(let constant): (name, what) = (constant.name, "constant")
      case .table(let table): (name, what) = (table.name, "table")
      default: continue
      }
      let first =
        constantDeclarations[name.name]?.name.span ?? tableDeclarations[name.name]?.name.span
      if let first {
        duplicate(what, name, first: first)
      } else if case .constant(let constant) = declaration {
        constantDeclarations[name.name] = constant
      } else if case .table(let table) = declaration {
        tableDeclarations[name.name] = table
      }
    }
  }

  /// Evaluates a constant on demand, so constants may refer to each other in any order.
  mutating func resolveConstant(_ name: String) -> CheckedCard.ConstantInfo? {
    if let done = card.constants[name] { return done }
    guard let declaration = constantDeclarations[name] else { return nil }
    if constantsInProgress.contains(name) {
      error(
        .cyclicDefinition, "the constant `\(name)` is defined in terms of itself",
        at: declaration.name.span, help: "give one of the constants in the cycle a literal value")
      let info = CheckedCard.ConstantInfo(
        name: name, type: .error, value: nil, span: declaration.name.span)
      card.constants[name] = info
      return info
    }
    constantsInProgress.insert(name)
    let type = typeOf(declaration.value, scope: .constant)
    constantsInProgress.remove(name)
    if let cyclic = card.constants[name] { return cyclic }
    let info = CheckedCard.ConstantInfo(
      name: name, type: type, value: constantValue(declaration.value), span: declaration.name.span)
    card.constants[name] = info
    return info
  }

  mutating func checkTable(_ name: String) {
    guard let table = tableDeclarations[name] else { return }
    var keyType: ValueType?
    var valueType: ValueType?
    var entries: [(key: Literal, value: Literal)] = []
    var seen: [Literal: SourceSpan] = [:]
    for entry in table.entries {
      var key: Literal?
      switch entry.key.kind {
      case .name(let identifier): key = .text(identifier.name)
      case .literal(let literal): key = literal
      default:
        error(
          .notConstant, "a table key must be a name, a number or a quoted text",
          at: entry.key.span)
      }
      let thisValueType = typeOf(entry.value, expecting: valueType, scope: .constant)
      if let expected = valueType, !expected.matches(thisValueType) {
        error(
          .typeMismatch,
          "table `\(name)` holds \(expected) values, but this entry is \(thisValueType)",
          at: entry.value.span)
      } else if valueType == nil {
        valueType = thisValueType
      }
      guard let key else { continue }
      let thisKeyType: ValueType =
        switch key {
        case .number: .number
        default: .text
        }
      if let expected = keyType, expected != thisKeyType {
        error(
          .typeMismatch, "table `\(name)` mixes name keys and number keys", at: entry.key.span)
      }
      keyType = keyType ?? thisKeyType
      if let first = seen[key] {
        error(
          .duplicateName, "table `\(name)` has two entries for `\(key.source)`", at: entry.key.span,
          notes: [DiagnosticNote("first entry here", at: first)])
        continue
      }
      seen[key] = entry.key.span
      if let value = constantValue(entry.value) { entries.append((key, value)) }
    }
    if table.entries.isEmpty {
      error(.invalidValue, "table `\(name)` has no entries", at: table.name.span)
    }
    card.tables[name] = .init(
      name: name, keyType: keyType ?? .error, valueType: valueType ?? .error, entries: entries,
      span: table.name.span)
  }

  mutating func declarePayers(_ declarations: [Declaration]) {
    var blocks = 0
    for case .payers(let block) in declarations {
      blocks += 1
      if blocks > 1 {
        error(
          .duplicateClause, "the card has more than one `payers` block", at: block.span,
          help: "list every payer in one block")
      }
      var total: Decimal = 0
      var allValid = true
      for payer in block.payers {
        if card.payers.contains(where: { $0.id == payer.id.name }) {
          duplicate("payer", payer.id, first: card.payers.first { $0.id == payer.id.name }!.span)
          continue
        }
        let share = percentValue(payer.share, what: "a payer's share")
        total += share ?? 0
        allValid = allValid && share != nil
        card.payers.append(
          .init(id: payer.id.name, title: payer.title, share: share ?? 0, span: payer.id.span))
      }
      if total != 100 && !block.payers.isEmpty && allValid {
        error(
          .sharesNotWhole, "payer shares add up to \(total)%, not 100%", at: block.span,
          help: "each payment is split between the payers, so their shares must total 100%")
      }
    }
    if blocks == 0 {
      error(
        .missingHeader, "the card declares no payers", at: SourceSpan(start: 0, end: 0),
        help: "add `payers { council \"The Council\" 100% }`")
    }
  }

  /// A percentage written where one is due; reports anything else.
  mutating func percentValue(_ expression: Expression, what: String) -> Decimal? {
    let type = typeOf(expression, scope: .constant)
    guard type.matches(.percent) else {
      var help = "write it as a percentage, such as `30%`"
      if type == .number, case .literal(.number(let value)) = expression.kind {
        help =
          value > 0 && value < 1
          ? "write `\(value * 100)%`: a fraction is not a percentage"
          : "write `\(value)%`: a bare number is not a percentage"
      }
      error(
        .typeMismatch, "\(what) must be a percentage, but this is \(type)",
        at: expression.span, help: help)
      return nil
    }
    guard case .percent(let value)? = requiredConstant(expression, type: type, what: what) else {
      return nil
    }
    if value <= 0 || value > 100 {
      error(.invalidValue, "\(what) must be more than 0% and at most 100%", at: expression.span)
    }
    return value
  }

  mutating func checkCaps(_ declarations: [Declaration]) {
    var seen: [String: SourceSpan] = [:]
    for case .caps(let block) in declarations {
      for cap in block.caps {
        let key: String
        switch cap.scope {
        case .contract: key = "contract"
        case .perParticipant: key = "per participant"
        case .payer(let payer):
          key = "payer \(payer.name)"
          if card.payers.contains(where: { $0.id == payer.name }) {
            reference(payer.span, .payer(payer.name))
          } else {
            unknown("payer", payer, candidates: card.payers.map(\.id))
          }
        }
        if let first = seen[key] {
          error(
            .duplicateClause, "the `\(key)` cap is given twice", at: cap.span,
            notes: [DiagnosticNote("first given here", at: first)])
        }
        seen[key] = cap.span
        if let amount = moneyValue(cap.amount, what: "a cap") {
          card.caps.append(.init(scope: cap.scope, amount: amount, span: cap.span))
        }
      }
    }
  }

  /// Money written where money is due, as a constant; reports anything else.
  mutating func moneyValue(_ expression: Expression, what: String) -> Money? {
    let type = typeOf(expression, scope: .constant)
    guard type.matches(.money) else {
      error(
        .typeMismatch, "\(what) must be an amount of money, but this is \(type)",
        at: expression.span,
        help: type == .percent || type == .number
          ? "write an amount such as `£1,500`" : nil)
      return nil
    }
    guard case .money(let money)? = requiredConstant(expression, type: type, what: what) else {
      return nil
    }
    if money.minorUnits < 0 {
      error(.invalidValue, "\(what) cannot be negative", at: expression.span)
    }
    return money
  }

  mutating func declareOutcomeIDs(_ declarations: [Declaration]) {
    for declaration in declarations {
      switch declaration {
      case .outcome(let outcome):
        if let first = outcomeSpans[outcome.id.name] {
          duplicate("outcome", outcome.id, first: first)
          continue
        }
        outcomeSpans[outcome.id.name] = outcome.id.span
        outcomeDeclarations[outcome.id.name] = outcome
      case .ladder(let ladder):
        if let first = outcomeSpans[ladder.id.name] {
          duplicate("ladder", ladder.id, first: first)
          continue
        }
        outcomeSpans[ladder.id.name] = ladder.id.span
        ladderDeclarations[ladder.id.name] = ladder
        for rung in ladder.rungs {
          let id = Checker.rungID(ladder: ladder.id.name, rung: rung)
          let span = rung.name?.span ?? rung.duration.span
          if let first = outcomeSpans[id] {
            duplicate("rung", Identifier(id, span: span), first: first)
            continue
          }
          outcomeSpans[id] = span
        }
      default: break
      }
    }
  }

  /// A rung's id: its `named` id, or the ladder id and the rung's duration or milestone:
  /// `accommodation_sustained_3_months`, `employment_sustained_6_5_weeks`, `he_year_1_year`,
  /// `earnings_1631` (£1,631), `course_25_percent`, `sessions_12`.
  public static func rungID(ladder: String, rung: LadderDeclaration.Rung) -> String {
    if let name = rung.name { return name.name }
    func number(_ value: Decimal) -> String {
      "\(value)".replacingOccurrences(of: ".", with: "_").replacingOccurrences(
        of: "-", with: "minus_")
    }
    switch rung.duration.kind {
    case .literal(.duration(let duration)):
      let unit =
        duration.amount == 1 ? String(duration.unit.rawValue.dropLast()) : duration.unit.rawValue
      return "\(ladder)_\(number(duration.amount))_\(unit)"
    case .literal(.money(let money)):
      let pence = money.minorUnits % 100
      return "\(ladder)_\(money.minorUnits / 100)"
        + (pence == 0 ? "" : "_\(pence < 10 ? "0" : "")\(pence)")
    case .literal(.percent(let value)): return "\(ladder)_\(number(value))_percent"
    case .literal(.number(let value)): return "\(ladder)_\(number(value))"
    default: return ladder + "_" + String(rung.duration.span.start)
    }
  }

}
