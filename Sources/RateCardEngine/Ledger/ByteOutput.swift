import RateCard

/// Output built as UTF-8 bytes, handed on in chunks of about a megabyte when it has somewhere
/// to go (a file), so writing a ledger of millions of rows needs bounded memory and builds no
/// `String` per row.
///
/// The bytes are kept in a buffer of its own rather than an array: a row is twenty-odd small
/// appends, and an array's general append cost several times the copying. A copy of a
/// `ByteOutput` shares the buffer until either changes it.
public struct ByteOutput {
  private final class Buffer {
    var base: UnsafeMutablePointer<UInt8>
    var capacity: Int

    init(capacity: Int) {
      self.capacity = Swift.max(capacity, 16)
      base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }
  }

  private var buffer: Buffer
  /// How many bytes are gathered.
  public private(set) var count = 0
  let sink: ((UnsafeRawBufferPointer) -> Void)?

  /// Collects everything in `bytes`, with room for `capacity` bytes to start with.
  init(capacity: Int) {
    sink = nil
    buffer = Buffer(capacity: capacity)
  }

  /// Collects everything in `bytes`; with a sink, passes each full chunk to it (the bytes may
  /// be read only during the call).
  public init(sink: ((UnsafeRawBufferPointer) -> Void)? = nil) {
    self.sink = sink
    buffer = Buffer(capacity: sink == nil ? 4096 : 1 << 20 + 4096)
  }

  /// The bytes gathered (a copy).
  public var bytes: [UInt8] { withBytes { Array($0) } }

  /// Calls `body` with the bytes gathered, where they are.
  public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try body(UnsafeBufferPointer(start: buffer.base, count: count))
  }

  /// Where the next `extra` bytes go: room made, and the buffer made this value's own.
  @inline(__always) private mutating func room(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
    if !isKnownUniquelyReferenced(&buffer) || count + extra > buffer.capacity {
      grow(extra)
    }
    return buffer.base + count
  }

  private mutating func grow(_ extra: Int) {
    let needed = count + extra
    let larger = Buffer(capacity: Swift.max(needed, buffer.capacity * 2))
    larger.base.update(from: buffer.base, count: count)
    buffer = larger
  }

  @inline(__always) mutating func append(_ byte: UInt8) {
    room(1).pointee = byte
    count += 1
  }

  mutating func append(bytes more: UnsafeBufferPointer<UInt8>) {
    guard let source = more.baseAddress, !more.isEmpty else { return }
    room(more.count).update(from: source, count: more.count)
    count += more.count
  }

  mutating func append(bytes more: [UInt8]) {
    more.withUnsafeBufferPointer { append(bytes: $0) }
  }

  /// A string's UTF-8 bytes, copied as one block (small strings too, which have no storage
  /// of their own to copy from).
  @inline(__always) public mutating func append(_ text: String) {
    text.withBytes { append(bytes: $0) }
  }

  mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { append(bytes: $0) }
  }

  /// Empties the bytes gathered, keeping their room (a scratch buffer used row after row).
  mutating func clear() { count = 0 }

  /// Texts with `separator` between them.
  mutating func append(list texts: [String], separator: String) {
    for (position, text) in texts.enumerated() {
      if position > 0 { append(separator) }
      append(text)
    }
  }

  /// A whole number in decimal digits.
  mutating func append(integer value: Int64) {
    if value < 0 { append(UInt8(ascii: "-")) }
    appendDigits(value.magnitude, width: 1)
  }

  /// Digits of `value`, zero-padded to at least `width`.
  mutating func appendDigits(_ value: UInt64, width: Int) {
    var digits = 1
    var rest = value
    while rest >= 10 {
      rest /= 10
      digits += 1
    }
    digits = Swift.max(digits, width)
    let start = room(digits)
    var position = digits - 1
    rest = value
    while position >= 0 {
      start[position] = UInt8(ascii: "0") + UInt8(rest % 10)
      rest /= 10
      position -= 1
    }
    count += digits
  }

  /// Amounts for machines: `1500.00` (see `LedgerWriter.decimal`).
  mutating func append(amount units: Int64) {
    if units < 0 { append(UInt8(ascii: "-")) }
    appendDigits(units.magnitude / 100, width: 1)
    append(UInt8(ascii: "."))
    appendDigits(units.magnitude % 100, width: 2)
  }

  /// `2021-03-31` (see `CalendarDate.writeISO`), or nothing for no date.
  mutating func append(date day: DayNumber?) {
    guard let day else { return }
    CalendarDate(dayNumber: day).writeISO { append($0) }
  }

  /// Passes a full chunk to the sink, if there is one.
  mutating func flushIfFull() {
    guard sink != nil, count >= 1 << 20 else { return }
    flush()
  }

  /// Passes whatever is left to the sink.
  public mutating func finish() {
    guard sink != nil, count > 0 else { return }
    flush()
  }

  private mutating func flush() {
    guard let sink else { return }
    sink(UnsafeRawBufferPointer(start: buffer.base, count: count))
    count = 0
  }
}
