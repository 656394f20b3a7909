import Foundation

// The one definition of what operators do to values. The checker folds constants with it and
// the engine evaluates claims with it, so a constant and the same expression computed per
// claim can never disagree.

extension Value {
  /// Whether a condition holds: only `yes` does (an empty value does not).
  public var isTrue: Bool { self == .bool(true) }

  /// Money is at most £10 trillion either way (as in a card); a result beyond that is empty
  /// (so the claim is rejected as `invalid_data`), never an overflow.
  public static let largestMinorUnits: Int64 = 1_000_000_000_000_000

  /// `a op b` for every operator but `and` and `or` (which short-circuit, so their callers
  /// evaluate them). A comparison with an empty value is false; arithmetic with an empty
  /// value is empty.
  public static func apply(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value {
    switch op {
    case .and: return .bool(a.isTrue && b.isTrue)
    case .or: return .bool(a.isTrue || b.isTrue)
    default: break
    }
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

  /// `-a`, or empty when `a` cannot be negated.
  public static func negate(_ a: Value) -> Value {
    switch a {
    case .number(let value): return .number(-value)
    case .money(let value): return value == .min ? .missing : .money(-value)
    case .percent(let value): return .percent(-value)
    case .duration(let value): return .duration(Duration(amount: -value.amount, unit: value.unit))
    default: return .missing
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
    case (.add, .money(let x), .money(let y)): return roundedMoney(Decimal(x) + Decimal(y))
    case (.subtract, .money(let x), .money(let y)): return roundedMoney(Decimal(x) - Decimal(y))
    case (.multiply, .money(let x), .number(let y)), (.multiply, .number(let y), .money(let x)):
      return roundedMoney(Decimal(x) * y)
    case (.divide, .money(let x), .number(let y)):
      return y == 0 ? .missing : roundedMoney(Decimal(x) / y)
    case (.multiply, .money(let x), .percent(let y)), (.multiply, .percent(let y), .money(let x)):
      return roundedMoney(Decimal(x) * y / 100)
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

  /// Rounds to whole minor units, half away from zero; empty beyond the largest amount.
  public static func roundedMoney(_ value: Decimal) -> Value {
    var copy = value
    var rounded = Decimal()
    NSDecimalRound(&rounded, &copy, 0, .plain)
    guard rounded.magnitude <= Decimal(largestMinorUnits) else { return .missing }
    return .money(NSDecimalNumber(decimal: rounded).int64Value)
  }

  /// Back to a literal, for a constant folded by the checker. `one of` values and empty
  /// values have no literal.
  public func literal(currency: String) -> Literal? {
    switch self {
    case .number(let value): return .number(value)
    case .money(let units): return .money(Money(minorUnits: units, currency: currency))
    case .percent(let value): return .percent(value)
    case .duration(let duration): return .duration(duration)
    case .bool(let value): return .bool(value)
    case .text(let text): return .text(text)
    case .date(let day): return .date(CalendarDate(dayNumber: day))
    case .choice, .missing: return nil
    }
  }
}
