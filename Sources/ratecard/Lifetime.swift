/// Data a command has finished with but that lives until the process exits: freeing millions
/// of records one by one takes longer than the operating system takes to reclaim them all at
/// exit (0.44 s of 10.5 s at a million claims).
enum Lifetime {
  nonisolated(unsafe) static var kept: [Any] = []

  static func keepUntilExit(_ values: Any...) { kept += values }
}
