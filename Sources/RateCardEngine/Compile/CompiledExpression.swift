import Foundation
import RateCard

/// An expression with every name resolved: fields are indices into a record, constants and
/// enum values are values, tables are dictionaries. Evaluating it never looks a name up.
public indirect enum CompiledExpression: Sendable {
  case constant(Value)
  case participantField(Int)
  case claimField(Int)
  case not(CompiledExpression)
  case negate(CompiledExpression)
  case binary(BinaryOperator, CompiledExpression, CompiledExpression)
  case lookup([Value: Value], CompiledExpression)
  case membership(CompiledExpression, [CompiledExpression])
  case isSet(CompiledExpression, negated: Bool)

  /// Evaluates against one participant and one claim. A comparison with an empty value is
  /// false; arithmetic with an empty value is empty.
  public func evaluate(_ participant: [Value], _ claim: [Value]) -> Value {
    switch self {
    case .constant(let value): return value
    case .participantField(let index): return participant[index]
    case .claimField(let index): return claim[index]
    case .not(let inner): return .bool(!inner.evaluate(participant, claim).isTrue)
    case .negate(let inner):
      switch inner.evaluate(participant, claim) {
      case .number(let value): return .number(-value)
      case .money(let value): return .money(-value)
      case .percent(let value): return .percent(-value)
      default: return .missing
      }
    case .binary(let op, let left, let right):
      return CompiledExpression.apply(op, left, right, participant, claim)
    case .lookup(let table, let key):
      return table[key.evaluate(participant, claim)] ?? .missing
    case .membership(let value, let members):
      let actual = value.evaluate(participant, claim)
      if actual.isMissing { return .bool(false) }
      return .bool(members.contains { $0.evaluate(participant, claim) == actual })
    case .isSet(let inner, let negated):
      return .bool(inner.evaluate(participant, claim).isMissing == negated)
    }
  }

  static func apply(
    _ op: BinaryOperator, _ left: CompiledExpression, _ right: CompiledExpression,
    _ participant: [Value], _ claim: [Value]
  ) -> Value {
    switch op {
    case .and:
      return .bool(
        left.evaluate(participant, claim).isTrue && right.evaluate(participant, claim).isTrue)
    case .or:
      return .bool(
        left.evaluate(participant, claim).isTrue || right.evaluate(participant, claim).isTrue)
    default: break
    }
    let a = left.evaluate(participant, claim)
    let b = right.evaluate(participant, claim)
    if a.isMissing || b.isMissing { return op.isComparison ? .bool(false) : .missing }
    switch op {
    case .equal: return .bool(a == b)
    case .notEqual: return .bool(a != b)
    case .less, .lessEqual, .greater, .greaterEqual:
      guard let order = Value.compare(a, b) else { return .bool(false) }
      switch op {
      case .less: return .bool(order < 0)
      case .lessEqual: return .bool(order <= 0)
      case .greater: return .bool(order > 0)
      default: return .bool(order >= 0)
      }
    default: return arithmetic(op, a, b)
    }
  }

  /// The arithmetic the checker allows (see Checker.arithmetic); money stays in minor units
  /// and a product with a fraction of a penny rounds half away from zero.
  static func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value {
    switch (op, a, b) {
    case (.add, .number(let x), .number(let y)): return .number(x + y)
    case (.subtract, .number(let x), .number(let y)): return .number(x - y)
    case (.multiply, .number(let x), .number(let y)): return .number(x * y)
    case (.divide, .number(let x), .number(let y)): return y == 0 ? .missing : .number(x / y)
    case (.add, .money(let x), .money(let y)): return money(Decimal(x) + Decimal(y))
    case (.subtract, .money(let x), .money(let y)): return money(Decimal(x) - Decimal(y))
    case (.multiply, .money(let x), .number(let y)), (.multiply, .number(let y), .money(let x)):
      return money(Decimal(x) * y)
    case (.divide, .money(let x), .number(let y)):
      return y == 0 ? .missing : money(Decimal(x) / y)
    case (.multiply, .money(let x), .percent(let y)), (.multiply, .percent(let y), .money(let x)):
      return money(Decimal(x) * y / 100)
    case (.divide, .money(let x), .money(let y)):
      return y == 0 ? .missing : .number(Decimal(x) / Decimal(y))
    case (.add, .percent(let x), .percent(let y)): return .percent(x + y)
    case (.subtract, .percent(let x), .percent(let y)): return .percent(x - y)
    case (.add, .date(let day), .duration(let duration)):
      return CalendarArithmetic.add(duration, to: day).map(Value.date) ?? .missing
    case (.subtract, .date(let day), .duration(let duration)):
      return CalendarArithmetic.add(duration, to: day, sign: -1).map(Value.date) ?? .missing
    case (.add, .duration(let x), .duration(let y)) where x.unit == y.unit:
      return .duration(Duration(amount: x.amount + y.amount, unit: x.unit))
    case (.multiply, .duration(let x), .number(let y)),
      (.multiply, .number(let y), .duration(let x)):
      return .duration(Duration(amount: x.amount * y, unit: x.unit))
    default: return .missing
    }
  }

  /// Money is at most £10 trillion either way (as in a card); a result beyond that is empty
  /// (so the claim is rejected as `invalid_data`), never an overflow.
  public static let largestMinorUnits: Int64 = 1_000_000_000_000_000

  /// Rounds to whole minor units, half away from zero.
  static func money(_ value: Decimal) -> Value {
    var copy = value
    var rounded = Decimal()
    NSDecimalRound(&rounded, &copy, 0, .plain)
    guard rounded.magnitude <= Decimal(largestMinorUnits) else { return .missing }
    return .money(NSDecimalNumber(decimal: rounded).int64Value)
  }
}

extension Value {
  /// Whether a condition holds: only `yes` does (an empty value does not).
  public var isTrue: Bool { self == .bool(true) }
}
