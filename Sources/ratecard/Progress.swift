import Foundation
import RateCardEngine

/// Draws `ProgressBar` lines on standard error when it is a terminal and the run is long;
/// silent otherwise, so pipes and scripts see nothing.
final class Progress {
  let total: Int
  let unit: String
  let enabled: Bool
  let start = Date()
  var lastDrawn = Date.distantPast

  init(total: Int, unit: String, minimum: Int = ProgressBar.minimumItems) {
    self.total = total
    self.unit = unit
    enabled = isatty(2) == 1 && total >= minimum
  }

  func update(_ done: Int) {
    guard enabled, Date().timeIntervalSince(lastDrawn) > 0.2 || done >= total else { return }
    lastDrawn = Date()
    let line = ProgressBar.line(
      done: done, total: total, unit: unit, seconds: Date().timeIntervalSince(start))
    Output.standardError("\r" + line + "   ")
  }

  func finish() {
    guard enabled else { return }
    Output.standardError("\r" + String(repeating: " ", count: 100) + "\r")
  }
}
