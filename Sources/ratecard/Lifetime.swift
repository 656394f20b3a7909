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
    guard let trim = cFunction("malloc_trim") else { return }
    typealias Trim = @convention(c) (Int) -> Int32
    _ = unsafeBitCast(trim, to: Trim.self)(0)
  }

  /// Has the C library give blocks of a megabyte or more (a piece of a table, the records'
  /// arrays) their own pages, handed back to the operating system when freed. By default the
  /// GNU C library raises that threshold each time such a block is freed, up to 32 MB, so the
  /// claims' table, let go piece by piece while it is typed, stayed resident beside the typed
  /// records until the typing ended. Does nothing where the C library has no `mallopt`.
  static func freeLargeBlocksAtOnce() {
    guard let option = cFunction("mallopt") else { return }
    typealias Option = @convention(c) (Int32, Int32) -> Int32
    let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in malloc.h
    _ = unsafeBitCast(option, to: Option.self)(mmapThreshold, 1 << 20)
  }

  /// A function of the C library looked up at run time (the GNU C library's tuning functions
  /// are not in every C library), or nil.
  private static func cFunction(_ name: String) -> UnsafeMutableRawPointer? {
    dlopen(nil, RTLD_NOW).flatMap { dlsym($0, name) }
  }
}
