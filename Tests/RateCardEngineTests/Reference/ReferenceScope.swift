import Foundation
import RateCard

/// Evaluates the syntax tree of an expression for one participant and one claim, as
/// docs/language.md "Expressions and types" states: a comparison with an empty value is false,
/// arithmetic with an empty value is empty, money rounds half away from zero to the penny.
struct Scope {
  let model: ReferenceModel
  let participant: [String: RValue]
  let claim: [String: RValue]

  func constant(_ name: String) -> RValue {
    guard let declaration = model.constants[name] else { return .empty }
    return value(declaration.value)
  }

  /// The `one of` values the other side of a comparison (or a membership test) reads.
  func choices(_ expression: RateCard.Expression) -> [String]? {
    switch expression.kind {
    case .field(let subject, let field):
      let fields =
        subject.name == "participant" ? model.card.participantFields : model.card.claimFields
      if case .enumeration(let type)? = fields[field.name]?.type { return type.cases }
      return nil
    case .parenthesized(let inner): return choices(inner)
    default: return nil
    }
  }

  func value(_ expression: RateCard.Expression, choices expected: [String]? = nil) -> RValue {
    switch expression.kind {
    case .invalid: return .empty
    case .literal(let literal):
      switch literal {
      case .number(let n): return .number(n)
      case .money(let m): return .pence(Decimal(m.minorUnits))
      case .percent(let p): return .percent(p)
      case .date(let d): return .day(d.referenceDay)
      case .duration(let d): return .duration(d.amount, d.unit.rawValue)
      case .text(let t): return .text(t)
      case .bool(let b): return .flag(b)
      }
    case .parenthesized(let inner): return value(inner, choices: expected)
    case .name(let name):
      if let expected, expected.contains(name.name) { return .choice(name.name, expected) }
      if model.constants[name.name] != nil { return constant(name.name) }
      return .text(name.name)
    case .field(let subject, let field):
      return (subject.name == "participant" ? participant : claim)[field.name] ?? .empty
    case .unary(.not, let inner): return .flag(!value(inner).holds)
    case .unary(.negate, let inner):
      switch value(inner) {
      case .number(let n): return .number(-n)
      case .pence(let p): return .pence(-p)
      case .percent(let p): return .percent(-p)
      case .duration(let a, let u): return .duration(-a, u)
      default: return .empty
      }
    case .binary(let op, let left, let right):
      if op == .and { return .flag(value(left).holds && value(right).holds) }
      if op == .or { return .flag(value(left).holds || value(right).holds) }
      let shared = op.isComparison ? (choices(left) ?? choices(right)) : nil
      return Scope.apply(op, value(left, choices: shared), value(right, choices: shared))
    case .lookup(let table, let key):
      let keyValue = value(key)
      for entry in model.tables[table.name]?.entries ?? [] {
        let entryKey: RValue
        switch entry.key.kind {
        case .name(let name): entryKey = .text(name.name)
        default: entryKey = value(entry.key)
        }
        if Scope.same(entryKey, keyValue) { return value(entry.value) }
      }
      return .empty
    case .membership(let subject, let members):
      let actual = value(subject)
      if actual == .empty { return .flag(false) }
      let expected = choices(subject)
      return .flag(members.contains { Scope.same(value($0, choices: expected), actual) })
    case .isSet(let inner, let negated): return .flag((value(inner) == .empty) == negated)
    }
  }

  /// Equality, where a `one of` value equals its own name.
  static func same(_ a: RValue, _ b: RValue) -> Bool {
    switch (a, b) {
    case (.choice(let x, _), .text(let y)), (.text(let y), .choice(let x, _)): return x == y
    case (.choice(let x, _), .choice(let y, _)): return x == y
    default: return a == b
    }
  }

  static func order(_ a: RValue, _ b: RValue) -> Int? {
    func compare<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
    switch (a, b) {
    case (.number(let x), .number(let y)), (.pence(let x), .pence(let y)),
      (.percent(let x), .percent(let y)):
      return compare(x, y)
    case (.day(let x), .day(let y)): return compare(x, y)
    case (.choice(let x, let cases), .choice(let y, _)):
      return compare(cases.firstIndex(of: x) ?? 0, cases.firstIndex(of: y) ?? 0)
    case (.text(let x), .text(let y)): return compare(x, y)
    case (.flag(let x), .flag(let y)): return compare(x ? 1 : 0, y ? 1 : 0)
    case (.duration(let x, let u), .duration(let y, let v)):
      if u == v { return compare(x, y) }
      let days: [String: Decimal] = [
        "days": 1, "weeks": 7, "months": Decimal(string: "30.4375")!,
        "years": Decimal(string: "365.25")!,
      ]
      return compare(x * days[u]!, y * days[v]!)
    default: return nil
    }
  }

  static func roundPence(_ value: Decimal) -> RValue {
    var copy = value
    var rounded = Decimal()
    NSDecimalRound(&rounded, &copy, 0, .plain)
    return rounded.magnitude > Decimal(string: "1000000000000000")! ? .empty : .pence(rounded)
  }

  static func apply(_ op: BinaryOperator, _ a: RValue, _ b: RValue) -> RValue {
    if a == .empty || b == .empty { return op.isComparison ? .flag(false) : .empty }
    switch op {
    case .equal: return .flag(same(a, b))
    case .notEqual: return .flag(!same(a, b))
    case .less: return .flag(order(a, b).map { $0 < 0 } ?? false)
    case .lessEqual: return .flag(order(a, b).map { $0 <= 0 } ?? false)
    case .greater: return .flag(order(a, b).map { $0 > 0 } ?? false)
    case .greaterEqual: return .flag(order(a, b).map { $0 >= 0 } ?? false)
    default: break
    }
    switch (op, a, b) {
    case (.add, .number(let x), .number(let y)): return .number(x + y)
    case (.subtract, .number(let x), .number(let y)): return .number(x - y)
    case (.multiply, .number(let x), .number(let y)): return .number(x * y)
    case (.divide, .number(let x), .number(let y)): return y == 0 ? .empty : .number(x / y)
    case (.add, .pence(let x), .pence(let y)): return roundPence(x + y)
    case (.subtract, .pence(let x), .pence(let y)): return roundPence(x - y)
    case (.multiply, .pence(let x), .number(let y)), (.multiply, .number(let y), .pence(let x)):
      return roundPence(x * y)
    case (.divide, .pence(let x), .number(let y)): return y == 0 ? .empty : roundPence(x / y)
    case (.multiply, .pence(let x), .percent(let y)), (.multiply, .percent(let y), .pence(let x)):
      return roundPence(x * y / 100)
    case (.divide, .pence(let x), .pence(let y)): return y == 0 ? .empty : .number(x / y)
    case (.add, .percent(let x), .percent(let y)): return .percent(x + y)
    case (.subtract, .percent(let x), .percent(let y)): return .percent(x - y)
    case (.add, .day(let d), .duration(let amount, let unit)):
      return RCalendar.add(amount, unit, to: d).map(RValue.day) ?? .empty
    case (.subtract, .day(let d), .duration(let amount, let unit)):
      return RCalendar.add(amount, unit, to: d, sign: -1).map(RValue.day) ?? .empty
    case (.add, .duration(let x, let u), .duration(let y, let v)) where u == v:
      return .duration(x + y, u)
    case (.multiply, .duration(let x, let u), .number(let y)),
      (.multiply, .number(let y), .duration(let x, let u)):
      return .duration(x * y, u)
    default: return .empty
    }
  }
}
