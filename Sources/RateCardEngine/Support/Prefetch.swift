/// Asks the processor to start bringing memory into its cache before it is read. The pass that
/// decides claims in evaluation order reads each claim's record, its participant's record and
/// that participant's history at places scattered over hundreds of megabytes; each was a miss
/// in the cache that the core sat out, a claim at a time. Asked for a few claims ahead, the
/// loads overlap the work on the claims between.
///
/// A hint only: it never faults and changes no result, so a wrong address costs nothing but
/// the hint. (LLVM's own prefetch, which every target has; the standard library offers none.)
enum Prefetch {
  /// The bytes from `address` on, a cache line at a time, for reading.
  @inline(__always)
  static func read(_ address: UnsafeRawPointer, bytes: Int) {
    var offset = 0
    while offset < bytes {
      llvmPrefetch(address + offset, 0, 3, 1)
      offset += 64
    }
  }

  /// The `T` at `address`, for reading.
  @inline(__always)
  static func read<T>(_ address: UnsafePointer<T>) {
    read(UnsafeRawPointer(address), bytes: MemoryLayout<T>.size)
  }

  /// Stripe `stripe` of `width` elements of `array` (one participant's slots in a table of
  /// every participant's, say), for reading; nothing when the array has no such stripe.
  @inline(__always)
  static func read<T>(stripe: Int, width: Int, of array: [T]) {
    array.withUnsafeBufferPointer { elements in
      guard width > 0, stripe >= 0, (stripe + 1) * width <= elements.count else { return }
      read(
        UnsafeRawPointer(elements.baseAddress! + stripe * width),
        bytes: width * MemoryLayout<T>.stride)
    }
  }
}

/// `llvm.prefetch(address, rw, locality, cache)`: rw 0 reads, locality 3 keeps it close, cache
/// 1 is the data cache.
@_silgen_name("llvm.prefetch.p0")
private func llvmPrefetch(
  _ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ cache: Int32)
