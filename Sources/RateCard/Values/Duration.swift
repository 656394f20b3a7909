import Foundation

/// A length of time as the card states it: `13 weeks`, `6.5 weeks`, `3 months`. The unit is
/// kept because months are not a fixed number of days (see docs/language.md, "Durations").
public struct Duration: Sendable, Hashable, Codable, CustomStringConvertible {
  public enum Unit: String, Sendable, Hashable, Codable, CaseIterable {
    case days
    case weeks
    case months
    case years

    /// Accepts singular and plural spellings.
    public init?(word: String) {
      switch word {
      case "day", "days": self = .days
      case "week", "weeks": self = .weeks
      case "month", "months": self = .months
      case "year", "years": self = .years
      default: return nil
      }
    }

    /// Approximate length in days, used only to order durations of different units.
    var approximateDays: Decimal {
      switch self {
      case .days: return 1
      case .weeks: return 7
      case .months: return Decimal(string: "30.4375")!
      case .years: return Decimal(string: "365.25")!
      }
    }
  }

  public var amount: Decimal
  public var unit: Unit

  public init(amount: Decimal, unit: Unit) {
    self.amount = amount
    self.unit = unit
  }

  /// Used to check that ladder rungs increase; exact when both durations share a unit.
  public var approximateDays: Decimal { amount * unit.approximateDays }

  public var description: String {
    let number = "\(amount)"
    let word = amount == 1 ? String(unit.rawValue.dropLast()) : unit.rawValue
    return number + " " + word
  }
}
