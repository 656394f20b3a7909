import RateCard

/// Output built as UTF-8 bytes, handed on in chunks (`chunk`, checked by `flushIfFull`) when it
/// has somewhere to go (a file), so writing a ledger of millions of rows needs bounded memory
/// and builds no `String` per row.
///
/// The bytes are kept in a `ByteBuffer`: a row is twenty-odd small appends, and an array's
/// general append cost several times the copying.
public struct ByteOutput {
  private var buffer: ByteBuffer
  let sink: ((UnsafeRawBufferPointer) -> Void)?

  /// How many bytes are gathered.
  public var count: Int { buffer.count }

  /// Collects everything in `bytes`, with room for `capacity` bytes to start with.
  init(capacity: Int) {
    sink = nil
    buffer = ByteBuffer(capacity: capacity)
  }

  /// Collects everything in `bytes`; with a sink, passes each full chunk to it (the bytes may
  /// be read only during the call).
  public init(sink: ((UnsafeRawBufferPointer) -> Void)? = nil) {
    self.sink = sink
    buffer = ByteBuffer(capacity: sink == nil ? 4096 : ByteOutput.chunk + 4096)
  }

  /// The bytes gathered (a copy).
  public var bytes: [UInt8] { buffer.array }

  /// The bytes gathered, as text (decoded where they are).
  public var text: String { withBytes { String(decoding: $0, as: UTF8.self) } }

  /// The text `build` writes: the one way something worded into bytes is made a `String`.
  static func text(_ build: (inout ByteOutput) -> Void) -> String {
    var out = ByteOutput()
    build(&out)
    return out.text
  }

  /// Calls `body` with the bytes gathered, where they are.
  public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try buffer.withBytes(body)
  }

  @inline(__always) mutating func append(_ byte: UInt8) { buffer.append(byte) }

  mutating func append(bytes more: UnsafeBufferPointer<UInt8>) { buffer.append(bytes: more) }

  mutating func append(bytes more: [UInt8]) {
    more.withUnsafeBufferPointer { buffer.append(bytes: $0) }
  }

  /// A string's UTF-8 bytes, copied as one block (small strings too, which have no storage
  /// of their own to copy from).
  @inline(__always) public mutating func append(_ text: String) {
    text.withBytes { buffer.append(bytes: $0) }
  }

  /// `prefix`, then `bytes` between two `"`, in one append (JSON's text with nothing to
  /// escape, after its key): each append checks the buffer's room, and a row has a dozen.
  mutating func append(_ prefix: StaticString = "", quoted bytes: UnsafeBufferPointer<UInt8>) {
    prefix.withUTF8Buffer { prefix in
      buffer.append(count: prefix.count + bytes.count + 2) { start in
        ByteOutput.copy(prefix, to: start)
        start[prefix.count] = UInt8(ascii: "\"")
        ByteOutput.copy(bytes, to: start + prefix.count + 1)
        start[prefix.count + bytes.count + 1] = UInt8(ascii: "\"")
      }
    }
  }

  @inline(__always)
  private static func copy(
    _ bytes: UnsafeBufferPointer<UInt8>, to target: UnsafeMutablePointer<UInt8>
  ) {
    if let source = bytes.baseAddress { target.update(from: source, count: bytes.count) }
  }

  mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { buffer.append(bytes: $0) }
  }

  /// Empties the bytes gathered, keeping their room (a scratch buffer used row after row).
  mutating func clear() { buffer.removeAll(from: 0) }

  /// Takes back the bytes from `start` on (what was just worded, found not to be wanted).
  mutating func removeAll(from start: Int) { buffer.removeAll(from: start) }

  /// Texts with `separator` between them.
  mutating func append(list texts: [String], separator: String) {
    for (position, text) in texts.enumerated() {
      if position > 0 { append(separator) }
      append(text)
    }
  }

  /// `count` spaces.
  mutating func appendSpaces(_ count: Int) {
    guard count > 0 else { return }
    buffer.append(count: count) { $0.update(repeating: UInt8(ascii: " "), count: count) }
  }

  /// A whole number in decimal digits.
  mutating func append(integer value: Int64) {
    if value < 0 { append(UInt8(ascii: "-")) }
    appendDigits(value.magnitude, width: 1)
  }

  /// Digits of `value`, zero-padded to at least `width`.
  mutating func appendDigits(_ value: UInt64, width: Int) {
    let digits = Swift.max(ByteOutput.digitCount(value), width)
    buffer.append(count: digits) { ByteOutput.writeDigits(value, $0, digits) }
  }

  /// How many decimal digits `value` has (1 for 0).
  @inline(__always) static func digitCount(_ value: UInt64) -> Int {
    var digits = 1
    var rest = value
    while rest >= 10 {
      rest /= 10
      digits += 1
    }
    return digits
  }

  /// The last `digits` decimal digits of `value`, zero-padded, at `start`.
  @inline(__always)
  static func writeDigits(_ value: UInt64, _ start: UnsafeMutablePointer<UInt8>, _ digits: Int) {
    var rest = value
    var position = digits - 1
    while position >= 0 {
      start[position] = UInt8(ascii: "0") + UInt8(rest % 10)
      rest /= 10
      position -= 1
    }
  }

  /// Amounts for machines: `1500.00` (see `LedgerWriter.decimal`), after `prefix`, in one
  /// append: a row has several amounts, and each append checks the buffer's room.
  mutating func append(_ prefix: StaticString = "", amount units: Int64) {
    prefix.withUTF8Buffer { append(prefix: $0, amount: units) }
  }

  /// `append(_:amount:)` after bytes rather than a literal (a JSON payer's key).
  mutating func append(prefix: UnsafeBufferPointer<UInt8>, amount units: Int64) {
    let sign = units < 0 ? 1 : 0
    let (whole, cents) = units.magnitude.quotientAndRemainder(dividingBy: 100)
    let digits = ByteOutput.digitCount(whole)
    buffer.append(count: prefix.count + sign + digits + 3) { target in
      ByteOutput.copy(prefix, to: target)
      let start = target + prefix.count
      start[0] = UInt8(ascii: "-")  // overwritten by the first digit when not negative
      ByteOutput.writeDigits(whole, start + sign, digits)
      start[sign + digits] = UInt8(ascii: ".")
      ByteOutput.writeDigits(cents, start + sign + digits + 1, 2)
    }
  }

  /// `2021-03-31` (see `CalendarDate.writeISO`), or nothing for no date.
  mutating func append(date day: DayNumber?) {
    guard let day else { return }
    CalendarDate(dayNumber: day).writeISO { append($0) }
  }

  /// How many bytes are handed on at once: small enough to stay in a core's cache between
  /// being worded and being copied out by the kernel.
  static let chunk = 1 << 17

  /// Passes a full chunk to the sink, if there is one.
  mutating func flushIfFull() {
    if buffer.count >= ByteOutput.chunk { flush() }
  }

  /// Passes whatever is left to the sink.
  public mutating func finish() {
    if buffer.count > 0 { flush() }
  }

  private mutating func flush() {
    guard let sink else { return }
    buffer.withBytes { sink(UnsafeRawBufferPointer($0)) }
    buffer.removeAll(from: 0)
  }
}
