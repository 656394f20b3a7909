import RateCard

/// Output built as UTF-8 bytes, handed on in chunks of about a megabyte when it has somewhere
/// to go (a file), so writing a ledger of millions of rows needs bounded memory and builds no
/// `String` per row.
public struct ByteOutput {
  public private(set) var bytes: [UInt8] = []
  let sink: (([UInt8]) -> Void)?

  /// Collects everything in `bytes`, with room for `capacity` bytes to start with.
  init(capacity: Int) {
    sink = nil
    bytes.reserveCapacity(capacity)
  }

  /// Collects everything in `bytes`; with a sink, passes each full chunk to it.
  public init(sink: (([UInt8]) -> Void)? = nil) {
    self.sink = sink
    bytes.reserveCapacity(sink == nil ? 4096 : 1 << 20 + 4096)
  }

  @inline(__always) mutating func append(_ byte: UInt8) { bytes.append(byte) }

  /// A string's UTF-8 bytes, copied as one block (small strings too, which have no storage
  /// of their own to copy from).
  @inline(__always) public mutating func append(_ text: String) {
    text.withBytes { bytes.append(contentsOf: $0) }
  }

  /// Empties the bytes gathered, keeping their room (a scratch buffer used row after row).
  mutating func clear() { bytes.removeAll(keepingCapacity: true) }

  /// Texts with `separator` between them.
  mutating func append(list texts: [String], separator: String) {
    for (position, text) in texts.enumerated() {
      if position > 0 { append(separator) }
      append(text)
    }
  }

  mutating func append(bytes more: [UInt8]) { bytes.append(contentsOf: more) }

  mutating func append(bytes more: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: more) }

  mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  /// A whole number in decimal digits.
  mutating func append(integer value: Int64) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    appendDigits(value.magnitude, width: 1)
  }

  /// Digits of `value`, zero-padded to at least `width`.
  mutating func appendDigits(_ value: UInt64, width: Int) {
    var count = 1
    var rest = value
    while rest >= 10 {
      rest /= 10
      count += 1
    }
    count = max(count, width)
    let start = bytes.count
    for _ in 0..<count { bytes.append(UInt8(ascii: "0")) }
    bytes.withUnsafeMutableBufferPointer { buffer in
      var position = start + count - 1
      rest = value
      while rest > 0 {
        buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
        position -= 1
      }
    }
  }

  /// Amounts for machines: `1500.00` (see `LedgerWriter.decimal`).
  mutating func append(amount units: Int64) {
    if units < 0 { bytes.append(UInt8(ascii: "-")) }
    appendDigits(units.magnitude / 100, width: 1)
    bytes.append(UInt8(ascii: "."))
    appendDigits(units.magnitude % 100, width: 2)
  }

  /// `2021-03-31` (see `CalendarDate.writeISO`), or nothing for no date.
  mutating func append(date day: DayNumber?) {
    guard let day else { return }
    CalendarDate(dayNumber: day).writeISO(into: &bytes)
  }

  /// Passes a full chunk to the sink, if there is one.
  mutating func flushIfFull() {
    guard let sink, bytes.count >= 1 << 20 else { return }
    sink(bytes)
    bytes.removeAll(keepingCapacity: true)
  }

  /// Passes whatever is left to the sink.
  public mutating func finish() {
    guard let sink, !bytes.isEmpty else { return }
    sink(bytes)
    bytes.removeAll(keepingCapacity: true)
  }
}
