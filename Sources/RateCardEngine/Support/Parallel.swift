import Dispatch
import Foundation

/// Work that splits into independent parts, run on every core the machine has. Each part
/// writes only its own result, and results come back in the order of the parts, so the
/// outcome is the same as running the parts one after another.
public enum Parallel {
  /// `work(part)` for each part in `0..<parts`, run concurrently; the results in part order.
  public static func map<Result: Sendable>(
    parts: Int, _ work: @Sendable (Int) -> Result
  ) -> [Result] {
    guard parts > 1, cores > 1 else { return (0..<parts).map(work) }
    let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: parts)
    slots.initialize(repeating: nil)
    // The slots are emptied before they are freed: freeing alone would keep every result's
    // references (the data tables of a whole run) alive to the end of the process.
    defer {
      slots.deinitialize()
      slots.deallocate()
    }
    let results = Slots(slots)
    DispatchQueue.concurrentPerform(iterations: parts) { part in
      results.slots[part] = work(part)
    }
    return slots.map { $0! }
  }

  /// An array of `count` elements made in ranges on every core, written in place (no part
  /// arrays to join, so no second copy). `work` gets its range and must `emit` exactly one
  /// element per index in it, in order; what else it returns comes back in range order.
  public static func array<Element, Side: Sendable>(
    count: Int, _ work: @Sendable (Range<Int>, _ emit: (consuming Element) -> Void) -> Side
  ) -> ([Element], [Side]) {
    let parts = Parallel.balancedParts(for: count)
    return array(
      ranges: (0..<parts).map { part in (count * part / parts)..<(count * (part + 1) / parts) },
      work)
  }

  /// The same, with the parts' ranges chosen by the caller: they must follow each other from
  /// 0, and each is worked on by a thread of its own.
  public static func array<Element, Side: Sendable>(
    ranges: [Range<Int>],
    _ work: @Sendable (Range<Int>, _ emit: (consuming Element) -> Void) -> Side
  ) -> ([Element], [Side]) {
    precondition(
      zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }
        && (ranges.first?.lowerBound ?? 0) == 0, "ranges follow each other from 0")
    let count = ranges.last?.upperBound ?? 0
    var sides: [Side] = []
    let elements = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
      let target = Slots<Element>.Target(buffer.baseAddress)
      sides = map(parts: ranges.count) { part in
        let range = ranges[part]
        var next = range.lowerBound
        // Each element is moved into its place, not copied (a copy retains all it holds).
        let side = work(range) { (element: consuming Element) in
          precondition(next < range.upperBound, "one element per index")
          (target.base! + next).initialize(to: element)
          next += 1
        }
        precondition(next == range.upperBound, "one element per index")
        return side
      }
      initialized = count
    }
    return (elements, sides)
  }

  /// Two different pieces of work at once.
  public static func both<A: Sendable, B: Sendable>(
    _ first: @Sendable () -> A, _ second: @Sendable () -> B
  ) -> (A, B) {
    let results = map(parts: 2) { part -> Either<A, B> in
      part == 0 ? .first(first()) : .second(second())
    }
    guard case .first(let a) = results[0], case .second(let b) = results[1] else {
      preconditionFailure("each part returns its own kind")
    }
    return (a, b)
  }

  /// Two pieces of work that must run at the same time, because each waits for the other on
  /// the way: the second on a thread of its own, the first on this one. (`both` may run its
  /// two one after the other, which would leave the first waiting for ever.)
  public static func together<A: Sendable, B: Sendable>(
    _ first: () -> A, _ second: @escaping @Sendable () -> B
  ) -> (A, B) {
    let result = Slots<B>(.allocate(capacity: 1))
    defer { result.slots.deallocate() }
    result.slots.initialize(repeating: nil)
    let group = DispatchGroup()
    DispatchQueue(label: "ratecard.together").async(group: group) {
      result.slots[0] = second()
    }
    let a = first()
    group.wait()
    let b = result.slots[0]!
    result.slots.deinitialize()
    return (a, b)
  }

  /// How many parts to split work of `count` items into: one per core, and no part smaller
  /// than `minimum` items (small inputs are not worth a thread).
  public static func parts(for count: Int, minimum: Int = 50_000) -> Int {
    max(1, min(cores, count / max(1, minimum)))
  }

  /// The same, split four times finer when it is split at all: parts are handed to the cores
  /// as they come free, so a core that finishes early (or was kept waiting by the machine)
  /// takes the next part, where with one part each the other sat idle at the end.
  public static func balancedParts(for count: Int, minimum: Int = 50_000) -> Int {
    let parts = parts(for: count, minimum: minimum)
    return parts == 1 ? 1 : parts * 4
  }

  /// The cores to use: all of them, or `RATECARD_THREADS` (1 runs everything in one thread,
  /// which gives the same output: see docs/performance.md).
  public static let cores: Int = {
    let asked = ProcessInfo.processInfo.environment["RATECARD_THREADS"].flatMap { Int($0) }
    return max(1, asked ?? ProcessInfo.processInfo.activeProcessorCount)
  }()

  enum Either<A: Sendable, B: Sendable>: Sendable {
    case first(A)
    case second(B)
  }

  /// Each part writes a different slot, so the writes never meet.
  final class Slots<Result>: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<Result?>
    init(_ slots: UnsafeMutableBufferPointer<Result?>) { self.slots = slots }

    /// Where parts write their own ranges of one array.
    struct Target: @unchecked Sendable {
      let base: UnsafeMutablePointer<Result>?
      init(_ base: UnsafeMutablePointer<Result>?) { self.base = base }
    }
  }
}
