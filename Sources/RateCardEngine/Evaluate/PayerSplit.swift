import Foundation

/// Splits an amount between payers exactly to the penny, by the largest-remainder method:
/// each payer first gets its share rounded down, then the pennies left over go one each to
/// the payers with the largest remainders (ties to the payer declared first). The parts
/// always add up to the amount.
public enum PayerSplit {
  public static func split(_ amount: Int64, shares: [Decimal]) -> [Int64] {
    guard !shares.isEmpty else { return [] }
    var parts: [Int64] = []
    var remainders: [(index: Int, remainder: Decimal)] = []
    for (index, share) in shares.enumerated() {
      var exact = Decimal(amount) * share / 100
      var floor = Decimal()
      NSDecimalRound(&floor, &exact, 0, amount >= 0 ? .down : .up)
      parts.append(NSDecimalNumber(decimal: floor).int64Value)
      remainders.append((index, (exact - floor).magnitude))
    }
    var left = amount - parts.reduce(0, +)
    let order = remainders.sorted {
      $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index
    }
    var position = 0
    while left != 0 && !order.isEmpty {
      let step: Int64 = left > 0 ? 1 : -1
      parts[order[position % order.count].index] += step
      left -= step
      position += 1
    }
    return parts
  }
}

extension Sequence where Element == Int64 {
  public func saturatingSum() -> Int64 { reduce(0) { $0.saturatingAdd($1) } }
}
