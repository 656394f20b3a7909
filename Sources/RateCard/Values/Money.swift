/// An exact amount of money in minor units (pence for GBP). Never a floating-point value.
public struct Money: Sendable, Hashable, Comparable, Codable {
  public var minorUnits: Int64
  public var currency: String

  public init(minorUnits: Int64, currency: String) {
    self.minorUnits = minorUnits
    self.currency = currency
  }

  public static func < (lhs: Money, rhs: Money) -> Bool { lhs.minorUnits < rhs.minorUnits }

  /// Symbols a reader expects before an amount.
  public static let symbols: [String: String] = ["£": "GBP", "€": "EUR", "$": "USD"]

  /// `£1,500`, `£341.75`; currencies without a symbol print as `EUR 12.00`.
  public var formatted: String {
    let negative = minorUnits < 0
    let magnitude = minorUnits.magnitude
    let whole = magnitude / 100
    let pence = magnitude % 100
    var digits = String(whole)
    var grouped = ""
    while digits.count > 3 {
      grouped = "," + digits.suffix(3) + grouped
      digits = String(digits.dropLast(3))
    }
    grouped = digits + grouped
    let fraction = pence == 0 ? "" : "." + (pence < 10 ? "0" : "") + String(pence)
    let sign = negative ? "-" : ""
    if let symbol = Money.symbols.first(where: { $0.value == currency })?.key {
      return sign + symbol + grouped + fraction
    }
    return currency + " " + sign + grouped + fraction
  }
}
