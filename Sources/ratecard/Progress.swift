import Foundation
import RateCardEngine

/// Draws `ProgressBar` lines on standard error when it is a terminal and the run is long;
/// silent otherwise, so pipes and scripts see nothing.
final class Progress: @unchecked Sendable {
  let total: Int
  let unit: String
  let enabled: Bool
  let start = Date()
  /// Guards what follows: two evaluations at once (impact) report to one bar.
  private let lock = NSLock()
  private var lastDrawn = Date.distantPast
  private var done: [Int: Int] = [:]

  init(total: Int, unit: String, minimum: Int = ProgressBar.minimumItems) {
    self.total = total
    self.unit = unit
    enabled = isatty(2) == 1 && total >= minimum
  }

  func update(_ count: Int) { update(part: 0, count) }

  /// How far one of several pieces of work running at once has got.
  func update(part: Int, _ count: Int) {
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    done[part] = count
    let sum = done.values.reduce(0, +)
    guard Date().timeIntervalSince(lastDrawn) > 0.2 || sum >= total else { return }
    lastDrawn = Date()
    let line = ProgressBar.line(
      done: sum, total: total, unit: unit, seconds: Date().timeIntervalSince(start))
    Output.standardError("\r" + line + "   ")
  }

  func finish() {
    guard enabled else { return }
    Output.standardError("\r" + String(repeating: " ", count: 100) + "\r")
  }
}
