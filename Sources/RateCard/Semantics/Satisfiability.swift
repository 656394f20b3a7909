import Foundation

/// Decides whether a set of conditions can ever hold together, for "this outcome can never be
/// paid" errors and for exceptions that may overlap. It understands comparisons of a field
/// with a constant, `in`, `is set`, `not`, `and` and `or`; anything else is treated as "may
/// hold", so it never calls a satisfiable condition impossible.
struct Satisfiability {
  /// A comparison of one field with a constant.
  enum Atom: Hashable {
    case compare(field: String, op: BinaryOperator, value: Value)
    case oneOf(field: String, values: Set<Value>)
    case isSet(field: String, Bool)
  }

  enum Value: Hashable {
    case number(Decimal)
    case symbol(String)
  }

  /// A conjunction of atoms; a formula is a disjunction of these.
  typealias Conjunction = [Atom]

  /// Past this many alternatives the analysis gives up and answers "may hold".
  static let maximumBranches = 256

  /// Resolves constant names to values (supplied by the checker).
  let constant: (String) -> Literal?

  func canHold(_ conditions: [Expression]) -> Bool {
    var branches: [Conjunction]? = [[]]
    for condition in conditions {
      branches = and(branches, dnf(condition, positive: true))
    }
    guard let branches else { return true }
    return branches.contains { consistent($0) }
  }

  private func and(_ a: [Conjunction]?, _ b: [Conjunction]?) -> [Conjunction]? {
    guard let a, let b else { return a ?? b }
    guard a.count * b.count <= Satisfiability.maximumBranches else { return nil }
    return a.flatMap { left in b.map { left + $0 } }
  }

  /// Disjunctive normal form; nil means "too complex or not understood: may hold".
  private func dnf(_ expression: Expression, positive: Bool) -> [Conjunction]? {
    switch expression.kind {
    case .parenthesized(let inner):
      return dnf(inner, positive: positive)
    case .unary(.not, let inner):
      return dnf(inner, positive: !positive)
    case .binary(.and, let left, let right), .binary(.or, let left, let right):
      guard case .binary(let op, _, _) = expression.kind else { return nil }
      let l = dnf(left, positive: positive)
      let r = dnf(right, positive: positive)
      // not (a and b) is (not a) or (not b); not (a or b) is (not a) and (not b).
      if (op == .and) == positive { return and(l, r) }
      guard let l, let r, l.count + r.count <= Satisfiability.maximumBranches else { return nil }
      return l + r
    case .binary(let op, let left, let right) where op.isComparison:
      if let field = fieldName(left), let value = value(right) {
        return comparison(field, op, value, positive: positive)
      }
      if let field = fieldName(right), let value = value(left) {
        return comparison(field, op.mirrored, value, positive: positive)
      }
      return nil
    case .membership(let left, let members):
      guard let field = fieldName(left) else { return nil }
      var values: Set<Value> = []
      for member in members {
        guard let value = value(member) else { return nil }
        values.insert(value)
      }
      if positive { return [[.oneOf(field: field, values: values)]] }
      return [[.isSet(field: field, false)]]
        + [values.map { .compare(field: field, op: .notEqual, value: $0) }]
    case .isSet(let inner, let negated):
      guard let field = fieldName(inner) else { return nil }
      return [[.isSet(field: field, negated != positive)]]
    case .field:
      // A yes/no field on its own means "is yes".
      guard let field = fieldName(expression) else { return nil }
      return comparison(field, .equal, .symbol("yes"), positive: positive)
    default:
      return nil
    }
  }

  /// A comparison with a missing value is false, so its negation also holds when unset.
  private func comparison(_ field: String, _ op: BinaryOperator, _ value: Value, positive: Bool)
    -> [Conjunction]
  {
    if positive { return [[.compare(field: field, op: op, value: value)]] }
    return [[.isSet(field: field, false)], [.compare(field: field, op: op.negated, value: value)]]
  }

  private func fieldName(_ expression: Expression) -> String? {
    switch expression.kind {
    case .field(let subject, let field): return subject.name + "." + field.name
    case .parenthesized(let inner): return fieldName(inner)
    default: return nil
    }
  }

  private func value(_ expression: Expression) -> Value? {
    switch expression.kind {
    case .literal(let literal): return Satisfiability.value(of: literal)
    case .parenthesized(let inner): return value(inner)
    case .name(let identifier):
      if let literal = constant(identifier.name) { return Satisfiability.value(of: literal) }
      return .symbol(identifier.name)
    case .unary(.negate, let inner):
      if case .number(let number)? = value(inner) { return .number(-number) }
      return nil
    default: return nil
    }
  }

  static func value(of literal: Literal) -> Value {
    switch literal {
    case .number(let value), .percent(let value): return .number(value)
    case .money(let money): return .number(Decimal(money.minorUnits))
    case .date(let date):
      return .number(Decimal(date.year * 10000 + date.month * 100 + date.day))
    case .duration(let duration): return .number(duration.approximateDays)
    case .text(let text): return .symbol("\"" + text)
    case .bool(let value): return .symbol(value ? "yes" : "no")
    }
  }

  private struct Bounds {
    var lower: (Decimal, inclusive: Bool)?
    var upper: (Decimal, inclusive: Bool)?
    var equal: Value?
    var excluded: Set<Value> = []
    var allowed: Set<Value>?
    var set: Bool?
  }

  private func consistent(_ conjunction: Conjunction) -> Bool {
    var bounds: [String: Bounds] = [:]
    for atom in conjunction {
      switch atom {
      case .isSet(let field, let value):
        if let existing = bounds[field]?.set, existing != value { return false }
        bounds[field, default: Bounds()].set = value
      case .oneOf(let field, let values):
        var entry = bounds[field, default: Bounds()]
        if entry.set == false { return false }
        entry.set = true
        entry.allowed = entry.allowed.map { $0.intersection(values) } ?? values
        bounds[field] = entry
      case .compare(let field, let op, let value):
        var entry = bounds[field, default: Bounds()]
        if entry.set == false { return false }
        entry.set = true
        switch op {
        case .equal:
          if let existing = entry.equal, existing != value { return false }
          entry.equal = value
        case .notEqual:
          entry.excluded.insert(value)
        case .less, .lessEqual, .greater, .greaterEqual:
          guard case .number(let number) = value else { break }
          let inclusive = op == .lessEqual || op == .greaterEqual
          if op == .less || op == .lessEqual {
            if let upper = entry.upper, upper.0 < number || (upper.0 == number && !inclusive) {
              break
            }
            entry.upper = (number, inclusive)
          } else {
            if let lower = entry.lower, lower.0 > number || (lower.0 == number && !inclusive) {
              break
            }
            entry.lower = (number, inclusive)
          }
        default: break
        }
        bounds[field] = entry
      }
    }
    return bounds.values.allSatisfy(feasible)
  }

  private func feasible(_ bounds: Bounds) -> Bool {
    if let lower = bounds.lower, let upper = bounds.upper {
      if lower.0 > upper.0 { return false }
      if lower.0 == upper.0 && !(lower.inclusive && upper.inclusive) { return false }
    }
    if let allowed = bounds.allowed {
      let remaining = allowed.subtracting(bounds.excluded)
      if remaining.isEmpty { return false }
      if let equal = bounds.equal, !remaining.contains(equal) { return false }
    }
    if let equal = bounds.equal {
      if bounds.excluded.contains(equal) { return false }
      if case .number(let number) = equal {
        if let lower = bounds.lower, number < lower.0 || (number == lower.0 && !lower.inclusive) {
          return false
        }
        if let upper = bounds.upper, number > upper.0 || (number == upper.0 && !upper.inclusive) {
          return false
        }
      }
    }
    return true
  }
}

extension BinaryOperator {
  /// `a < b` is `b > a`.
  var mirrored: BinaryOperator {
    switch self {
    case .less: return .greater
    case .lessEqual: return .greaterEqual
    case .greater: return .less
    case .greaterEqual: return .lessEqual
    default: return self
    }
  }

  /// `not (a < b)` is `a >= b` (for values that are set).
  var negated: BinaryOperator {
    switch self {
    case .equal: return .notEqual
    case .notEqual: return .equal
    case .less: return .greaterEqual
    case .lessEqual: return .greater
    case .greater: return .lessEqual
    case .greaterEqual: return .less
    default: return self
    }
  }
}
