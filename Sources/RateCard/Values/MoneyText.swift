import Foundation

/// The one reader of amounts of money written as text, for cards and for data alike:
/// `1500`, `1,500`, `341.75`, `1,500.50`. Digits may be grouped in thousands (a first group
/// of one to three digits, then groups of exactly three after each comma); at most two
/// decimal places; below 10 trillion. The currency symbol or code is the caller's business.
public enum MoneyText {
  public enum Problem: Error, Equatable, Sendable {
    case notAnAmount
    /// A comma that is not a thousands separator, such as `12,50` or `1,2,3,4`.
    case badGrouping
    case tooManyDecimals
    case tooLarge

    public var message: String {
      switch self {
      case .notAnAmount: return "is not an amount of money"
      case .badGrouping: return "has a comma that does not separate thousands"
      case .tooManyDecimals: return "has more than two decimal places"
      case .tooLarge: return "is too large (amounts are below 10 trillion)"
      }
    }

    public var hint: String {
      switch self {
      case .notAnAmount: return "write an amount such as 341.75 or 1,500"
      case .badGrouping: return "write pence after a point: 12.50; group thousands as 1,500"
      case .tooManyDecimals: return "amounts are in whole pence: at most two decimal places"
      case .tooLarge: return "amounts must fit in whole pence below 10 trillion"
      }
    }
  }

  /// Whole units may have at most 13 digits (below 10 trillion).
  public static let maximumWholeDigits = 13

  /// The amount in minor units (pence), or what is wrong with it.
  public static func minorUnits(_ text: some StringProtocol) -> Result<Int64, Problem> {
    var whole: Int64 = 0
    var wholeDigits = 0
    var groupDigits = 0
    var grouped = false
    var fraction: Int64 = 0
    var fractionDigits = 0
    var inFraction = false
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        let digit = Int64(byte - UInt8(ascii: "0"))
        if inFraction {
          fractionDigits += 1
          if fractionDigits > 2 { return .failure(.tooManyDecimals) }
          fraction = fraction * 10 + digit
        } else {
          wholeDigits += 1
          groupDigits += 1
          if wholeDigits > maximumWholeDigits { return .failure(.tooLarge) }
          whole = whole * 10 + digit
        }
      case UInt8(ascii: ","):
        // The group before a comma: 1 to 3 digits first, exactly 3 after an earlier comma.
        if inFraction || groupDigits == 0 || groupDigits > 3 || (grouped && groupDigits != 3) {
          return .failure(.badGrouping)
        }
        grouped = true
        groupDigits = 0
      case UInt8(ascii: "."):
        if inFraction || wholeDigits == 0 { return .failure(.notAnAmount) }
        if grouped && groupDigits != 3 { return .failure(.badGrouping) }
        inFraction = true
      default:
        return .failure(.notAnAmount)
      }
    }
    if wholeDigits == 0 || (inFraction && fractionDigits == 0) { return .failure(.notAnAmount) }
    if !inFraction && grouped && groupDigits != 3 { return .failure(.badGrouping) }
    if fractionDigits == 1 { fraction *= 10 }
    return .success(whole * 100 + fraction)
  }
}
