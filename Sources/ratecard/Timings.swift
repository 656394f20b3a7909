import Foundation

/// Where the time of a run goes, phase by phase, printed on standard error when the
/// environment sets `RATECARD_TIMINGS=1` (docs/performance.md). Off, it costs one check.
enum Timings {
  static let enabled = ProcessInfo.processInfo.environment["RATECARD_TIMINGS"] == "1"
  nonisolated(unsafe) static var last = Date()

  /// Ends a phase: prints its name, how long it took since the previous one ended, and the
  /// peak memory of the run so far.
  static func phase(_ name: String) {
    guard enabled else { return }
    let now = Date()
    let seconds = now.timeIntervalSince(last)
    last = now
    // Both from one reading of the status: read apart, the memory held could grow past the
    // peak read a moment earlier (other threads are still allocating).
    let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    let peak = status.flatMap { megabytes("VmHWM:", in: $0) }.map { ", peak \($0) MB" } ?? ""
    let resident = status.flatMap { megabytes("VmRSS:", in: $0) }.map { ", now \($0) MB" } ?? ""
    Output.standardError("timing: \(name) \(String(format: "%.3f", seconds)) s\(peak)\(resident)\n")
  }

  /// A memory line of Linux's `/proc/self/status` (`VmHWM:` the peak resident memory so far,
  /// `VmRSS:` the memory held now), in MB; nil where it is not known.
  static func megabytes(_ field: String, in status: String) -> Int? {
    guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
      let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return nil }
    return kilobytes / 1024
  }

  /// Starts the clock (the first phase is measured from here).
  static func start() {
    guard enabled else { return }
    last = Date()
  }
}
