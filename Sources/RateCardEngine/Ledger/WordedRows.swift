/// Ledger rows worded into bytes by the threads that decide them, so the thread writing the
/// ledger only copies bytes, in order. Wording a row is about a third of its work; done by
/// one writing thread, it was the slowest of the three, and it read every row where another
/// core had just written it, counts and all.
///
/// Each worker words its rows into its own buffer for the row's block; the buffers of a few
/// blocks are kept at once, like the rows (see `Evaluator.RowStorage`). A worker words into a
/// block's buffer only while the block is its to write, and the writing thread reads it only
/// once every worker has passed the block: the two never touch a buffer at the same time.
final class RowWords: @unchecked Sendable {
  let stream: LedgerStream
  let workers: Int
  let block: Int
  /// Blocks whose buffers are held at once.
  let slots: Int
  /// By worker and block slot: `worker * slots + block % slots`.
  private let buffers: UnsafeMutablePointer<ByteOutput>
  /// By row slot (`Evaluator.RowStorage.slot`): where the row's bytes end in its buffer.
  private let ends: UnsafeMutablePointer<Int32>
  let capacity: Int
  /// By ledger position: the worker that decided and worded the row.
  let owners: [UInt8]

  init(stream: LedgerStream, workers: Int, block: Int, slots: Int, owners: [UInt8]) {
    precondition(workers <= Int(UInt8.max), "a worker's number fits a byte")
    self.stream = stream
    self.workers = workers
    self.block = block
    self.slots = slots
    self.owners = owners
    capacity = min(owners.count, slots * block)
    buffers = .allocate(capacity: workers * slots)
    for index in 0..<workers * slots {
      (buffers + index).initialize(to: ByteOutput(capacity: 0))
    }
    ends = .allocate(capacity: max(1, capacity))
  }

  deinit {
    buffers.deinitialize(count: workers * slots)
    buffers.deallocate()
    ends.deallocate()
  }

  /// One worker's wording: its buffer for the block it is in, and the messages and dates it
  /// has worded already.
  struct Worker {
    let number: Int
    var block = -1
    var worded = LedgerStream.Worded()
    init(_ number: Int) { self.number = number }
  }

  /// Words the row at ledger position `position`, just decided by `worker`, held at `entry`.
  func word(_ entry: UnsafePointer<LedgerEntry>, position: Int, by worker: inout Worker) {
    let blockIndex = position / block
    let buffer = buffers + worker.number * slots + blockIndex % slots
    if blockIndex != worker.block {
      // What the buffer held was read when its block was handed on.
      worker.block = blockIndex
      buffer.pointee.clear()
    }
    stream.row(
      UnsafeBufferPointer(start: entry, count: 1), 0, first: position, &buffer.pointee,
      &worker.worded)
    ends[position % capacity] = Int32(buffer.pointee.count)
  }

  /// The worded rows of block `index`, once every worker has passed it.
  func rows(ofBlock index: Int) -> WordedRows {
    WordedRows(words: self, block: index)
  }

  /// Copies the rows of block `index` to `out` in ledger order.
  fileprivate func copy(block index: Int, to out: inout ByteOutput) {
    let first = index * block
    let last = min(owners.count, first + block)
    guard first < last else { return }
    let base = buffers + index % slots
    // Where each worker's next row starts in its buffer.
    var starts = [Int](repeating: 0, count: workers)
    owners.withUnsafeBufferPointer { owners in
      var position = first
      while position < last {
        // A run of rows by one worker is one copy.
        let worker = Int(owners[position])
        var end = position + 1
        while end < last && Int(owners[end]) == worker { end += 1 }
        let stop = Int(ends[(end - 1) % capacity])
        let start = starts[worker]
        starts[worker] = stop
        (base + worker * slots).pointee.withBytes { bytes in
          out.append(bytes: UnsafeBufferPointer(rebasing: bytes[start..<stop]))
        }
        position = end
      }
    }
  }
}

/// A block of ledger rows as worded by the threads that decided them (see `RowWords`), to be
/// copied to the output in order while the block is being handed on.
public struct WordedRows {
  fileprivate let words: RowWords
  fileprivate let block: Int

  /// Appends the block's rows, in ledger order: the bytes `LedgerStream.rows` writes.
  public func copy(to out: inout ByteOutput) {
    words.copy(block: block, to: &out)
  }
}
