/// A progress line for long runs at a terminal: a bar, the count, the rate and the time left.
/// Pure: the CLI decides whether standard error is a terminal and when to redraw.
public enum ProgressBar {
  /// Runs shorter than this many items finish before a bar would help.
  public static let minimumItems = 50_000

  public static func enabled(isTerminal: Bool, total: Int) -> Bool {
    isTerminal && total >= minimumItems
  }

  /// `[##########----------]  440,818 of 881,636 claims  70,000 a second  6 s left`
  public static func line(done: Int, total: Int, unit: String, seconds: Double, width: Int = 20)
    -> String
  {
    let fraction = total == 0 ? 1 : min(1, Double(done) / Double(total))
    let filled = Int(fraction * Double(width))
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    let rate = seconds > 0 ? Int(Double(done) / seconds) : 0
    var text = "[\(bar)]  \(grouped(done)) of \(grouped(total)) \(unit)"
    if rate > 0 {
      let left = Int((Double(total - done) / Double(rate)).rounded(.up))
      text += "  \(grouped(rate)) a second  \(left) s left"
    }
    return text
  }

  static func grouped(_ number: Int) -> String {
    var digits = String(number)
    var out = ""
    while digits.count > 3 {
      out = "," + digits.suffix(3) + out
      digits.removeLast(3)
    }
    return digits + out
  }
}
