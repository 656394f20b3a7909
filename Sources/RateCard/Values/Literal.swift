import Foundation

/// A literal value written in a card.
public enum Literal: Sendable, Hashable {
  case number(Decimal)
  case money(Money)
  /// A percentage as written: `30%` is stored as 30.
  case percent(Decimal)
  case date(CalendarDate)
  case duration(Duration)
  case text(String)
  case bool(Bool)

  /// How the literal is written back by the formatter.
  public var source: String {
    switch self {
    case .number(let value): return Literal.grouped(value)
    case .money(let money): return money.formatted
    case .percent(let value): return "\(value)%"
    case .date(let date): return date.description
    case .duration(let duration): return duration.description
    case .text(let text): return Literal.quoted(text)
    case .bool(let value): return value ? "yes" : "no"
    }
  }

  static func grouped(_ value: Decimal) -> String {
    let text = "\(value)"
    guard value >= 1000 || value <= -1000 else { return text }
    let negative = text.hasPrefix("-")
    let unsigned = negative ? String(text.dropFirst()) : text
    let parts = unsigned.split(separator: ".", maxSplits: 1)
    var digits = String(parts[0])
    var grouped = ""
    while digits.count > 3 {
      grouped = "," + digits.suffix(3) + grouped
      digits = String(digits.dropLast(3))
    }
    let fraction = parts.count > 1 ? "." + parts[1] : ""
    return (negative ? "-" : "") + digits + grouped + fraction
  }

  static func quoted(_ text: String) -> String {
    var out = "\""
    for character in text {
      switch character {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default: out.append(character)
      }
    }
    return out + "\""
  }
}
