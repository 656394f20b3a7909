// Money totals over millions of hostile rows must never trap: these stop at the extremes.

extension Int64 {
  /// Addition that stops at the largest value instead of trapping.
  public func saturatingAdd(_ other: Int64) -> Int64 {
    let (sum, overflow) = addingReportingOverflow(other)
    guard overflow else { return sum }
    return other > 0 ? .max : .min
  }

  /// Subtraction that stops at the extremes instead of trapping.
  public func saturatingSubtract(_ other: Int64) -> Int64 {
    let (difference, overflow) = subtractingReportingOverflow(other)
    guard overflow else { return difference }
    return other > 0 ? .min : .max
  }
}
