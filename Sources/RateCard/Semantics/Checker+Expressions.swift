import Foundation

/// Where an expression appears decides which names it may use.
enum ExpressionScope {
  /// Constants, tables, payer shares, caps: literals and other constants only.
  case constant
  /// Outcome clauses: participant and claim fields too.
  case rule
}

extension Checker {
  /// Infers the type of an expression, reporting every mistake once. `expecting` lets a bare
  /// name such as `high` resolve to a value of a `one of` field.
  mutating func typeOf(
    _ expression: Expression, expecting: ValueType? = nil, scope: ExpressionScope
  ) -> ValueType {
    switch expression.kind {
    case .invalid:
      return .error
    case .literal(let literal):
      return typeOf(literal, at: expression.span)
    case .parenthesized(let inner):
      return typeOf(inner, expecting: expecting, scope: scope)
    case .name(let identifier):
      return typeOfName(identifier, expecting: expecting)
    case .field(let subject, let field):
      return typeOfField(subject: subject, field: field, scope: scope)
    case .unary(.not, let operand):
      requireType(.bool, operand, scope: scope, context: "`not` needs a yes/no value")
      return .bool
    case .unary(.negate, let operand):
      let type = typeOf(operand, scope: scope)
      if ![.number, .money, .percent, .duration, .error].contains(type) {
        error(.typeMismatch, "cannot negate a \(type)", at: expression.span)
        return .error
      }
      return type
    case .binary(let op, let left, let right):
      return typeOfBinary(op, left, right, span: expression.span, scope: scope)
    case .lookup(let tableName, let key):
      guard let table = tableDeclarations[tableName.name] else {
        unknown("table", tableName, candidates: tableDeclarations.keys)
        _ = typeOf(key, scope: scope)
        return .error
      }
      usedTables.insert(tableName.name)
      reference(tableName.span, .table(tableName.name))
      let keyType = typeOf(key, scope: scope)
      checkTableCoverage(table, keyType: keyType, keySpan: key.span)
      return card.tables[tableName.name]?.valueType ?? .error
    case .membership(let value, let members):
      let type = typeOf(value, scope: scope)
      for member in members {
        let memberType = typeOf(member, expecting: type, scope: scope)
        if !type.matches(memberType) {
          mismatch(type, memberType, at: member.span, context: "in `in (...)`")
        }
      }
      return .bool
    case .isSet(let value, _):
      guard case .field = value.kind else {
        error(
          .typeMismatch, "`is set` applies to a field, such as `claim.discharged_on is set`",
          at: value.span)
        return .bool
      }
      _ = typeOf(value, scope: scope)
      return .bool
    }
  }

  func typeOf(_ literal: Literal) -> ValueType {
    switch literal {
    case .number: return .number
    case .money: return .money
    case .percent: return .percent
    case .date: return .date
    case .duration: return .duration
    case .text: return .text
    case .bool: return .bool
    }
  }

  mutating func typeOf(_ literal: Literal, at span: SourceSpan) -> ValueType {
    if case .duration(let duration) = literal, duration.unit == .months || duration.unit == .years,
      duration.amount != duration.amount.rounded()
    {
      error(
        .invalidValue, "a fractional number of \(duration.unit.rawValue) has no calendar meaning",
        at: span, help: "write it in weeks or days, such as `6.5 weeks`")
    }
    if case .money(let money) = literal, money.currency != card.currency {
      error(
        .currencyMismatch,
        "this amount is in \(money.currency) but the card's currency is \(card.currency)",
        at: span, help: "write amounts in the card's currency")
    }
    return typeOf(literal)
  }

  mutating func typeOfName(_ identifier: Identifier, expecting: ValueType?) -> ValueType {
    let name = identifier.name
    if case .enumeration(let type)? = expecting, type.cases.contains(name) {
      reference(identifier.span, .enumCase(type: type.name, value: name))
      return .enumeration(type)
    }
    if constantDeclarations[name] != nil {
      usedConstants.insert(name)
      reference(identifier.span, .constant(name))
      return resolveConstant(name)?.type ?? .error
    }
    // The other side of a comparison is already wrong: a second error here would repeat it.
    if expecting == .error { return .error }
    if tableDeclarations[name] != nil {
      error(
        .typeMismatch, "`\(name)` is a table; look a value up with `\(name)[key]`",
        at: identifier.span)
      return .error
    }
    if case .enumeration(let type)? = expecting {
      error(
        .unknownName, "`\(name)` is not a value of `\(type.name)`", at: identifier.span,
        help: FuzzyMatch.suggestion(for: name, in: type.cases)
          ?? "its values are \(type.cases.joined(separator: ", "))")
      return .error
    }
    var candidates = Array(constantDeclarations.keys)
    if ["participant", "claim"].contains(where: { FuzzyMatch.editDistance($0, name) <= 2 }) {
      candidates += ["participant", "claim"]
    }
    let help =
      FuzzyMatch.suggestion(for: name, in: candidates)
      ?? "fields are written `participant.NAME` or `claim.NAME`; other names must be constants"
    error(.unknownName, "unknown name `\(name)`", at: identifier.span, help: help)
    return .error
  }

  mutating func typeOfField(subject: Identifier, field: Identifier, scope: ExpressionScope)
    -> ValueType
  {
    guard let kind = FieldsDeclaration.Subject(rawValue: subject.name) else {
      if tableDeclarations[subject.name] != nil {
        error(
          .typeMismatch, "look up a table with `\(subject.name)[key]`, not `.`", at: subject.span)
      } else {
        unknown("record", subject, candidates: ["participant", "claim"])
      }
      return .error
    }
    guard scope == .rule else {
      error(
        .notConstant, "`\(subject.name).\(field.name)` varies by claim; it cannot be used here",
        at: subject.span.through(field.span),
        help: "constants, tables, shares and caps must be fixed values")
      return .error
    }
    let fields = kind == .participant ? card.participantFields : card.claimFields
    guard let info = fields[field.name] else {
      let other = kind == .participant ? card.claimFields : card.participantFields
      let otherSubject = kind == .participant ? "claim" : "participant"
      let help =
        FuzzyMatch.suggestion(for: field.name, in: fields.keys)
        ?? (other[field.name] != nil
          ? "`\(field.name)` is a \(otherSubject) field: write `\(otherSubject).\(field.name)`"
          : "declare it in `\(kind.rawValue) fields { ... }`")
      error(
        .unknownName, "unknown \(kind.rawValue) field `\(field.name)`", at: field.span, help: help)
      return .error
    }
    usedFields.insert("\(kind.rawValue).\(field.name)")
    reference(field.span, .field(kind, field.name))
    return info.type
  }

  mutating func typeOfBinary(
    _ op: BinaryOperator, _ left: Expression, _ right: Expression, span: SourceSpan,
    scope: ExpressionScope
  ) -> ValueType {
    switch op {
    case .and, .or:
      requireType(.bool, left, scope: scope, context: "`\(op.rawValue)` joins yes/no conditions")
      requireType(.bool, right, scope: scope, context: "`\(op.rawValue)` joins yes/no conditions")
      return .bool
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
      let (leftType, rightType) = typesOfPair(left, right, scope: scope)
      if !leftType.matches(rightType) {
        var number: Decimal?
        for side in [left, right] {
          if case .literal(.number(let value)) = side.kind { number = value }
        }
        mismatch(leftType, rightType, at: span, context: "cannot compare", number: number)
      } else if op != .equal && op != .notEqual && !leftType.isOrdered {
        error(
          .typeMismatch, "\(leftType) values have no order, so `\(op.rawValue)` does not apply",
          at: span, help: "use `==` or `!=`")
      }
      return .bool
    case .add, .subtract, .multiply, .divide:
      let leftType = typeOf(left, scope: scope)
      let rightType = typeOf(right, scope: scope)
      if leftType == .error || rightType == .error { return .error }
      if let result = Checker.arithmetic(op, leftType, rightType) { return result }
      error(
        .typeMismatch, "cannot apply `\(op.rawValue)` to \(leftType) and \(rightType)", at: span,
        help: Checker.arithmeticHelp(op, leftType, rightType))
      return .error
    }
  }

  /// The arithmetic the language allows; everything else is a type error.
  static func arithmetic(_ op: BinaryOperator, _ left: ValueType, _ right: ValueType)
    -> ValueType?
  {
    switch (op, left, right) {
    case (.add, .number, .number), (.subtract, .number, .number), (.multiply, .number, .number),
      (.divide, .number, .number):
      return .number
    case (.add, .money, .money), (.subtract, .money, .money), (.multiply, .money, .number),
      (.multiply, .number, .money), (.divide, .money, .number), (.multiply, .money, .percent),
      (.multiply, .percent, .money):
      return .money
    case (.divide, .money, .money): return .number
    case (.add, .percent, .percent), (.subtract, .percent, .percent): return .percent
    case (.add, .date, .duration), (.subtract, .date, .duration): return .date
    case (.add, .duration, .duration), (.multiply, .duration, .number),
      (.multiply, .number, .duration):
      return .duration
    default: return nil
    }
  }

  static func arithmeticHelp(_ op: BinaryOperator, _ left: ValueType, _ right: ValueType)
    -> String?
  {
    if (left == .money && right == .number) || (left == .number && right == .money) {
      return "write the number as money, such as `£341.75`"
    }
    if left == .date && right == .date {
      return "compare dates with a duration instead: `claim.achieved_on >= start + 3 months`"
    }
    return nil
  }

  /// Infers both sides of a comparison, letting a bare enum value on either side take its
  /// type from the other.
  mutating func typesOfPair(_ left: Expression, _ right: Expression, scope: ExpressionScope)
    -> (ValueType, ValueType)
  {
    if case .name(let identifier) = left.kind, constantDeclarations[identifier.name] == nil {
      let rightType = typeOf(right, scope: scope)
      return (typeOf(left, expecting: rightType, scope: scope), rightType)
    }
    let leftType = typeOf(left, scope: scope)
    return (leftType, typeOf(right, expecting: leftType, scope: scope))
  }

  mutating func requireType(
    _ expected: ValueType, _ expression: Expression, scope: ExpressionScope, context: String
  ) {
    let actual = typeOf(expression, expecting: expected, scope: scope)
    if !actual.matches(expected) {
      error(
        .typeMismatch, "expected \(expected) here, but this is \(actual)", at: expression.span,
        help: context)
    }
  }

  mutating func mismatch(
    _ left: ValueType, _ right: ValueType, at span: SourceSpan, context: String,
    number: Decimal? = nil
  ) {
    var help: String?
    if (left == .money && right == .number) || (left == .number && right == .money) {
      help = "money is not a plain number: write amounts with a currency, such as `£341.75`"
    } else if Set([left, right]) == [.percent, .number] {
      help = "write the number as a percentage: `\(number.map { "\($0)" } ?? "25")%`"
    } else if left == .percent || right == .percent {
      help = "a percentage is not an amount; multiply it by money to get one"
    }
    error(.typeMismatch, "\(context) \(left) with \(right)", at: span, help: help)
  }

  /// A lookup keyed by a `one of` field must have an entry for every value, so a lookup can
  /// never miss at evaluation time.
  mutating func checkTableCoverage(
    _ table: TableDeclaration, keyType: ValueType, keySpan: SourceSpan
  ) {
    guard let info = card.tables[table.name.name] else { return }
    switch keyType {
    case .enumeration(let type):
      var keys: Set<String> = []
      for entry in table.entries {
        guard case .name(let identifier) = entry.key.kind else { continue }
        keys.insert(identifier.name)
        if !type.cases.contains(identifier.name) {
          error(
            .unknownName,
            "table `\(table.name.name)` has a key `\(identifier.name)` that is not a value of `\(type.name)`",
            at: identifier.span, help: FuzzyMatch.suggestion(for: identifier.name, in: type.cases))
        }
      }
      let missing = type.cases.filter { !keys.contains($0) }
      if !missing.isEmpty {
        error(
          .incompleteTable,
          "table `\(table.name.name)` has no entry for \(missing.map { "`\($0)`" }.joined(separator: ", "))",
          at: keySpan, help: "add an entry for every value of `\(type.name)`",
          notes: [DiagnosticNote("the table is declared here", at: table.name.span)])
      }
    case .number:
      if info.keyType != .number && info.keyType != .error {
        error(
          .typeMismatch, "table `\(table.name.name)` has name keys, but this key is a number",
          at: keySpan)
      }
    case .error: break
    default:
      if info.keyType == .number {
        error(
          .typeMismatch, "table `\(table.name.name)` has number keys, but this key is \(keyType)",
          at: keySpan)
      }
    }
  }

  /// The value of an expression made only of literals and constants, or nil. Constants it
  /// names are resolved first (on demand, so they may be declared in any order); the folding
  /// itself is the one `ConstantFolder`.
  mutating func constantValue(_ expression: Expression) -> Literal? {
    resolveConstants(in: expression)
    return ConstantFolder(card: card).fold(expression)?.literal(currency: card.currency)
  }

  /// The value of a clause that must be fixed (a cap, a share, a count). Reports an
  /// expression of the right type whose value cannot be worked out, so nothing is dropped.
  mutating func requiredConstant(_ expression: Expression, type: ValueType, what: String)
    -> Literal?
  {
    guard type != .error else { return nil }
    if let value = constantValue(expression) { return value }
    error(
      .notConstant, "\(what) must be a fixed value, but this cannot be worked out from the card",
      at: expression.span,
      help: "write a literal such as `£1,500`, or arithmetic on literals and constants")
    return nil
  }

  mutating func resolveConstants(in expression: Expression) {
    switch expression.kind {
    case .name(let identifier):
      if constantDeclarations[identifier.name] != nil,
        !constantsInProgress.contains(identifier.name)
      {
        _ = resolveConstant(identifier.name)
      }
    case .parenthesized(let inner), .unary(_, let inner), .isSet(let inner, _):
      resolveConstants(in: inner)
    case .binary(_, let left, let right):
      resolveConstants(in: left)
      resolveConstants(in: right)
    case .lookup(_, let key): resolveConstants(in: key)
    case .membership(let value, let members):
      resolveConstants(in: value)
      for member in members { resolveConstants(in: member) }
    case .literal, .field, .invalid: break
    }
  }
}

extension Decimal {
  /// The nearest whole number, halves away from zero.
  func rounded() -> Decimal {
    var copy = self
    var result = Decimal()
    NSDecimalRound(&result, &copy, 0, .plain)
    return result
  }
}
