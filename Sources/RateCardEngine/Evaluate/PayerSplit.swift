import Foundation

/// The payers of a claim and their shares, also kept as whole numbers over one denominator so
/// that splitting an amount is integer arithmetic (built once when the card is compiled).
public struct PayerShares: Sendable {
  public var entries: [(payer: Int, share: Decimal)]
  /// Each share is `numerators[i] / denominator` of the amount; the denominator is 100 × 10^k
  /// for the fewest decimal places k that make every percentage whole.
  let numerators: [Int64]
  let denominator: Int64

  public init(_ entries: [(payer: Int, share: Decimal)]) {
    self.entries = entries
    var scale = 0
    while scale < 12, !entries.allSatisfy({ PayerShares.isWhole($0.share, places: scale) }) {
      scale += 1
    }
    var power: Int64 = 1
    for _ in 0..<scale { power *= 10 }
    numerators = entries.map { PayerShares.whole($0.share, places: scale) }
    denominator = 100 * power
  }

  static func scaled(_ value: Decimal, places: Int) -> Decimal {
    var copy = value
    var result = Decimal()
    _ = NSDecimalMultiplyByPowerOf10(&result, &copy, Int16(places), .plain)
    return result
  }

  static func isWhole(_ value: Decimal, places: Int) -> Bool {
    var exact = scaled(value, places: places)
    var rounded = Decimal()
    NSDecimalRound(&rounded, &exact, 0, .down)
    return rounded == exact
  }

  static func whole(_ value: Decimal, places: Int) -> Int64 {
    var exact = scaled(value, places: places)
    var rounded = Decimal()
    NSDecimalRound(&rounded, &exact, 0, .down)
    return NSDecimalNumber(decimal: rounded).int64Value
  }

  /// Whether `split` divides every amount the same way by these shares as by `other`.
  func splitsAlike(_ other: PayerShares) -> Bool {
    denominator == other.denominator && numerators == other.numerators
  }

  /// Whether the shares are those of the card's `payers` payers, in the card's order.
  func inCardOrder(payers: Int) -> Bool {
    entries.count == payers && entries.indices.allSatisfy { entries[$0].payer == $0 }
  }

  /// The largest amount whose part for payer `position` could still be within `headroom`: a
  /// part is within a penny of amount × share, so amount ≤ (headroom + 1) × 100 / share. Nil
  /// for a zero share.
  func ceiling(position: Int, headroom: Int64) -> Int64? {
    let numerator = Int128(numerators[position])
    guard numerator > 0 else { return nil }
    let value = (Int128(headroom) + 1) * Int128(denominator) / numerator
    return value > Int128(Int64.max) ? .max : Int64(value)
  }
}

/// Splits an amount between payers exactly to the penny, by the largest-remainder method:
/// each payer first gets its share rounded towards zero, then the pennies left over go one
/// each to the payers with the largest remainders (ties to the payer declared first). The
/// parts always add up to the amount.
public enum PayerSplit {
  public static func split(_ amount: Int64, shares: [Decimal]) -> [Int64] {
    split(amount, shares: PayerShares(shares.enumerated().map { ($0, $1) }))
  }

  public static func split(_ amount: Int64, shares: PayerShares) -> [Int64] {
    let count = shares.numerators.count
    guard count > 0 else { return [] }
    var parts = [Int64](repeating: 0, count: count)
    var given: Int64 = 0
    let denominator = Int128(shares.denominator)
    for index in 0..<count {
      // Swift's division truncates towards zero, as the rule says.
      parts[index] = Int64(Int128(amount) * Int128(shares.numerators[index]) / denominator)
      given = given.saturatingAdd(parts[index])
    }
    var left = amount - given
    // Most amounts split exactly: the remainders are worked out only for the pennies left.
    guard left != 0 else { return parts }
    let remainders = (0..<count).map { index in
      let exact = Int128(amount) * Int128(shares.numerators[index])
      let remainder = exact - exact / denominator * denominator
      return remainder < 0 ? -remainder : remainder
    }
    let order = (0..<count).sorted {
      remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1
    }
    var position = 0
    while left != 0 {
      let step: Int64 = left > 0 ? 1 : -1
      parts[order[position % count]] += step
      left -= step
      position += 1
    }
    return parts
  }
}

extension PayerSplit {
  /// The splits last made, by amount and shares. Most paid claims are paid one of a few
  /// prices: a row given a split already made shares it (a count), where a new one would be
  /// allocated, and later freed, often by another core.
  struct Recent {
    private var kept: [(amount: Int64, shares: PayerShares, parts: [Int64])] = []
    private var next = 0
    static let size = 16

    mutating func split(_ amount: Int64, shares: PayerShares) -> [Int64] {
      for index in kept.indices
      where kept[index].amount == amount && kept[index].shares.splitsAlike(shares) {
        return kept[index].parts
      }
      let parts = PayerSplit.split(amount, shares: shares)
      if kept.count < Recent.size {
        kept.append((amount, shares, parts))
      } else {
        kept[next] = (amount, shares, parts)
        next = (next + 1) % Recent.size
      }
      return parts
    }
  }
}

extension Sequence where Element == Int64 {
  public func saturatingSum() -> Int64 { reduce(0) { $0.saturatingAdd($1) } }
}
