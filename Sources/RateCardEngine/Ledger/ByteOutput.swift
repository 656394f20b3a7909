import RateCard

/// Output built as UTF-8 bytes, handed on in chunks of about a megabyte when it has somewhere
/// to go (a file), so writing a ledger of millions of rows needs bounded memory and builds no
/// `String` per row.
public struct ByteOutput {
  public private(set) var bytes: [UInt8] = []
  let sink: (([UInt8]) -> Void)?

  /// Collects everything in `bytes`; with a sink, passes each full chunk to it.
  public init(sink: (([UInt8]) -> Void)? = nil) {
    self.sink = sink
    bytes.reserveCapacity(sink == nil ? 4096 : 1 << 20 + 4096)
  }

  @inline(__always) mutating func append(_ byte: UInt8) { bytes.append(byte) }

  @inline(__always) public mutating func append(_ text: String) {
    bytes.append(contentsOf: text.utf8)
  }

  mutating func append(bytes more: [UInt8]) { bytes.append(contentsOf: more) }

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
    let start = bytes.count
    var rest = value
    var count = 0
    repeat {
      bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
      rest /= 10
      count += 1
    } while rest > 0
    while count < width {
      bytes.append(UInt8(ascii: "0"))
      count += 1
    }
    bytes[start..<bytes.count].reverse()
  }

  /// Amounts for machines: `1500.00` (see `LedgerWriter.decimal`).
  mutating func append(amount units: Int64) {
    if units < 0 { bytes.append(UInt8(ascii: "-")) }
    appendDigits(units.magnitude / 100, width: 1)
    bytes.append(UInt8(ascii: "."))
    appendDigits(units.magnitude % 100, width: 2)
  }

  /// `2021-03-31`, or nothing for no date.
  mutating func append(date day: DayNumber?) {
    guard let day else { return }
    let date = CalendarDate(dayNumber: day)
    appendDigits(UInt64(max(0, date.year)), width: 4)
    bytes.append(UInt8(ascii: "-"))
    appendDigits(UInt64(date.month), width: 2)
    bytes.append(UInt8(ascii: "-"))
    appendDigits(UInt64(date.day), width: 2)
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
