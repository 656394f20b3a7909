/// A calendar date with no time of day and no time zone: outcomes are achieved on a day.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int

  /// Returns nil for dates that do not exist, such as 2021-02-30.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD` exactly.
  public init?(iso text: Substring) {
    var text = text
    guard let date = text.withUTF8({ CalendarDate(isoBytes: $0) }) else { return nil }
    self = date
  }

  /// Parses `YYYY-MM-DD` exactly, from its UTF-8 bytes (a data file's field, in place).
  public init?(isoBytes bytes: UnsafeBufferPointer<UInt8>) {
    // Exactly `YYYY-MM-DD` in ASCII digits (no sign, no spaces).
    guard bytes.count == 10 else { return nil }
    var fields = (0, 0, 0)
    var count = 0
    for byte in bytes {
      switch count {
      case 4, 7:
        guard byte == UInt8(ascii: "-") else { return nil }
      case 0..<10:
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
        let digit = Int(byte - UInt8(ascii: "0"))
        if count < 4 {
          fields.0 = fields.0 * 10 + digit
        } else if count < 7 {
          fields.1 = fields.1 * 10 + digit
        } else {
          fields.2 = fields.2 * 10 + digit
        }
      default: return nil
      }
      count += 1
    }
    guard count == 10 else { return nil }
    self.init(year: fields.0, month: fields.1, day: fields.2)
  }

  public static func isLeap(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  public var description: String {
    var bytes: [UInt8] = []
    writeISO(into: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `YYYY-MM-DD` as bytes: the one way a date is written (ledgers write it straight into
  /// their output, with no string per row).
  public func writeISO(into bytes: inout [UInt8]) {
    writeISO { bytes.append($0) }
  }

  /// `writeISO`, byte by byte to `put`.
  public func writeISO(_ put: (UInt8) -> Void) {
    func digits(_ value: Int, _ width: Int) {
      var divisor = 1
      for _ in 1..<width { divisor *= 10 }
      var rest = value
      while divisor > 0 {
        put(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
        rest %= divisor
        divisor /= 10
      }
    }
    digits(year, 4)
    put(UInt8(ascii: "-"))
    digits(month, 2)
    put(UInt8(ascii: "-"))
    digits(day, 2)
  }
}
