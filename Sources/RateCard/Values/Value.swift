import Foundation

/// A value while evaluating claims. Money is integer minor units; dates are day numbers;
/// `one of` values are their position in the declared list. `missing` is an empty field.
public enum Value: Hashable, Sendable {
  case missing
  case number(Decimal)
  case money(Int64)
  case percent(Decimal)
  case date(DayNumber)
  case duration(Duration)
  case text(String)
  case bool(Bool)
  case choice(Int)

  public init(_ literal: Literal) {
    switch literal {
    case .number(let value): self = .number(value)
    case .money(let money): self = .money(money.minorUnits)
    case .percent(let value): self = .percent(value)
    case .date(let date): self = .date(date.dayNumber)
    case .duration(let duration): self = .duration(duration)
    case .text(let text): self = .text(text)
    case .bool(let value): self = .bool(value)
    }
  }

  /// Matched, not compared: `== .missing` ran the derived comparison of every case, with the
  /// payload copied and let go (five times for each claim read).
  public var isMissing: Bool {
    if case .missing = self { return true }
    return false
  }

  /// How a value is shown in explanations. `choices` names `one of` values.
  public func shown(currency: String, choices: [String]? = nil) -> String {
    switch self {
    case .missing: return "(empty)"
    case .number(let value): return "\(value)"
    case .money(let units): return Money(minorUnits: units, currency: currency).formatted
    case .percent(let value): return "\(value)%"
    case .date(let day): return CalendarDate(dayNumber: day).description
    case .duration(let duration): return duration.description
    case .text(let text): return "\"\(text)\""
    case .bool(let value): return value ? "yes" : "no"
    case .choice(let index):
      return choices.flatMap { $0.indices.contains(index) ? $0[index] : nil } ?? "#\(index)"
    }
  }

  /// Orders two values of the same type; nil when either is missing or they differ in type.
  public static func compare(_ left: Value, _ right: Value) -> Int? {
    switch (left, right) {
    case (.number(let a), .number(let b)), (.percent(let a), .percent(let b)):
      return a < b ? -1 : (a == b ? 0 : 1)
    case (.money(let a), .money(let b)): return a < b ? -1 : (a == b ? 0 : 1)
    case (.date(let a), .date(let b)): return a < b ? -1 : (a == b ? 0 : 1)
    case (.choice(let a), .choice(let b)): return a < b ? -1 : (a == b ? 0 : 1)
    case (.text(let a), .text(let b)): return a < b ? -1 : (a == b ? 0 : 1)
    case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
    case (.duration(let a), .duration(let b)):
      if a.unit == b.unit { return a.amount < b.amount ? -1 : (a.amount == b.amount ? 0 : 1) }
      let x = a.approximateDays
      let y = b.approximateDays
      return x < y ? -1 : (x == y ? 0 : 1)
    default: return nil
    }
  }
}
