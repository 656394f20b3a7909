import Foundation

/// Data a command has finished with but that lives until the process exits: freeing millions
/// of records one by one takes longer than the operating system takes to reclaim them all at
/// exit (0.44 s of 10.5 s at a million claims).
enum Lifetime {
  nonisolated(unsafe) static var kept: [Any] = []

  static func keepUntilExit(_ values: Any...) { kept += values }

  /// Hands memory freed so far back to the operating system. The GNU C library keeps what a
  /// thread frees in that thread's arena, where other threads do not reuse it: the claims'
  /// table, read on one thread and let go piece by piece on others, would stay resident for
  /// the rest of the run (about 40 MB at a million claims). Does nothing where the C library
  /// has no `malloc_trim`.
  static func giveBackFreedMemory() {
    guard let program = dlopen(nil, RTLD_NOW), let trim = dlsym(program, "malloc_trim") else {
      return
    }
    typealias Trim = @convention(c) (Int) -> Int32
    _ = unsafeBitCast(trim, to: Trim.self)(0)
  }
}
