import Foundation

/// Where the time of a run goes, phase by phase, printed on standard error when the
/// environment sets `RATECARD_TIMINGS=1` (docs/performance.md). Off, it costs one check.
enum Timings {
  static let enabled = ProcessInfo.processInfo.environment["RATECARD_TIMINGS"] == "1"
  nonisolated(unsafe) static var last = Date()

  /// Ends a phase: prints its name and how long it took since the previous one ended.
  static func phase(_ name: String) {
    guard enabled else { return }
    let now = Date()
    let seconds = now.timeIntervalSince(last)
    last = now
    Output.standardError("timing: \(name) \(String(format: "%.3f", seconds)) s\n")
  }

  /// Starts the clock (the first phase is measured from here).
  static func start() {
    guard enabled else { return }
    last = Date()
  }
}
