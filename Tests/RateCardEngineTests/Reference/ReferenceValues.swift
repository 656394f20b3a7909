import Foundation
import RateCard

// The reference model's own values, dates and data reading, written from docs/language.md and
// docs/evaluation.md. Nothing here calls the engine (or the shared `Value`, `MoneyText`,
// `CalendarArithmetic` or `ConstantFolder`): it is a second, deliberately plain reading of
// the documents, so that a mistake in one is caught by the other.

/// A value in the reference model. Money is pence; a date is days since 1970-01-01; a `one of`
/// value keeps its name and the list it belongs to.
enum RValue: Equatable {
  case empty
  case number(Decimal)
  case pence(Decimal)
  case percent(Decimal)
  case day(Int)
  case duration(Decimal, String)
  case text(String)
  case flag(Bool)
  case choice(String, [String])

  var holds: Bool { self == .flag(true) }
}

enum RCalendar {
  static func isLeap(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  static func daysIn(_ year: Int, _ month: Int) -> Int {
    [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  }

  /// Days from 0001-01-01 to 1 January of `year`: 365 a year plus the leap days before it.
  static func daysBefore(year: Int) -> Int {
    let y = year - 1
    return y * 365 + y / 4 - y / 100 + y / 400
  }

  /// Days since 1970-01-01, counted year by year and month by month.
  static func day(_ year: Int, _ month: Int, _ day: Int) -> Int {
    var days = daysBefore(year: year) - daysBefore(year: 1970)
    for earlier in 1..<month { days += daysIn(year, earlier) }
    return days + day - 1
  }

  static func parts(_ day: Int) -> (Int, Int, Int) {
    var year = 1970 + day / 366
    while RCalendar.day(year + 1, 1, 1) <= day { year += 1 }
    while RCalendar.day(year, 1, 1) > day { year -= 1 }
    var left = day - RCalendar.day(year, 1, 1)
    var month = 1
    while left >= daysIn(year, month) {
      left -= daysIn(year, month)
      month += 1
    }
    return (year, month, left + 1)
  }

  /// `YYYY-MM-DD`, a day that exists.
  static func parse(_ text: String) -> Int? {
    let bytes = Array(text.utf8)
    guard bytes.count == 10, bytes[4] == 45, bytes[7] == 45 else { return nil }
    let digits = [0, 1, 2, 3, 5, 6, 8, 9]
    guard digits.allSatisfy({ bytes[$0] >= 48 && bytes[$0] <= 57 }) else { return nil }
    let number = { (range: [Int]) in range.reduce(0) { $0 * 10 + Int(bytes[$1] - 48) } }
    let (y, m, d) = (number([0, 1, 2, 3]), number([5, 6]), number([8, 9]))
    guard y >= 1, (1...12).contains(m), d >= 1, d <= daysIn(y, m) else { return nil }
    return day(y, m, d)
  }

  /// docs/language.md, "Durations and month arithmetic": days and weeks exact with fractions
  /// of a day rounded up; months keep the day of the month, clamped to the month's last day;
  /// years are 12 months; a fractional month has no answer.
  static func add(_ amount: Decimal, _ unit: String, to start: Int, sign: Int = 1) -> Int? {
    switch unit {
    case "days", "weeks":
      var days = amount * (unit == "weeks" ? 7 : 1)
      var whole = Decimal()
      NSDecimalRound(&whole, &days, 0, .up)
      return start + sign * NSDecimalNumber(decimal: whole).intValue
    default:
      var months = amount * (unit == "years" ? 12 : 1)
      var whole = Decimal()
      NSDecimalRound(&whole, &months, 0, .plain)
      guard whole == months else { return nil }
      let (y, m, d) = parts(start)
      let total = y * 12 + (m - 1) + sign * NSDecimalNumber(decimal: whole).intValue
      let (year, month) = (total / 12, total % 12 + 1)
      guard year >= 1, year <= 9999 else { return nil }
      return day(year, month, min(d, daysIn(year, month)))
    }
  }
}

/// Reading data values by the field's type, as docs/evaluation.md "Data in" states.
enum RReader {
  static func trim(_ text: String) -> String {
    var scalars = Substring(text)
    while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
    return String(scalars)
  }

  static func plainDecimal(_ text: String) -> Decimal? {
    var body = Substring(text)
    if body.hasPrefix("-") { body = body.dropFirst() }
    let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
    guard pieces.count <= 2, pieces.allSatisfy({ $0.allSatisfy { $0 >= "0" && $0 <= "9" } }),
      pieces.map(\.count).reduce(0, +) > 0
    else { return nil }
    return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
  }

  /// `£1,500.50`, `GBP 12.00`, `341.75`: commas only between thousands, at most two decimals.
  static func pence(_ text: String, currency: String) -> Decimal? {
    var body = Substring(text)
    if body.hasPrefix("£") {
      guard currency == "GBP" else { return nil }
      body = body.dropFirst()
    } else if body.hasPrefix("€") || body.hasPrefix("$") {
      return nil
    } else if body.count > 4, body.prefix(3).allSatisfy({ $0.isASCII && $0.isUppercase }),
      body.dropFirst(3).first == " "
    {
      guard body.prefix(3) == currency else { return nil }
      body = body.dropFirst(4)
    }
    let halves = body.split(separator: ".", omittingEmptySubsequences: false)
    guard halves.count <= 2, let whole = halves.first, !whole.isEmpty else { return nil }
    let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
    guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= "0" && $0 <= "9" } }),
      groups[0].count <= (groups.count > 1 ? 3 : 13),
      groups.dropFirst().allSatisfy({ $0.count == 3 }), groups.map(\.count).reduce(0, +) <= 13
    else { return nil }
    var fraction = ""
    if halves.count == 2 {
      guard (1...2).contains(halves[1].count), halves[1].allSatisfy({ $0 >= "0" && $0 <= "9" })
      else { return nil }
      fraction = String(halves[1])
    }
    let digits = groups.joined() + (fraction + "00").prefix(2)
    return Decimal(string: String(digits))
  }

  static func value(_ raw: String, type: ValueType, currency: String) -> RValue? {
    let text = trim(raw)
    if text.isEmpty { return .empty }
    switch type {
    case .text, .error: return .text(text)
    case .number: return plainDecimal(text).map(RValue.number)
    case .money: return pence(text, currency: currency).map(RValue.pence)
    case .percent:
      return plainDecimal(text.hasSuffix("%") ? String(text.dropLast()) : text).map(
        RValue.percent)
    case .date: return RCalendar.parse(text).map(RValue.day)
    case .duration:
      let words = text.split(separator: " ")
      guard words.count == 2, let amount = plainDecimal(String(words[0])), amount >= 0 else {
        return nil
      }
      let units = [
        "day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "month": "months",
        "months": "months", "year": "years", "years": "years",
      ]
      return units[String(words[1])].map { .duration(amount, $0) }
    case .bool:
      switch text.lowercased() {
      case "yes", "y", "true", "1": return .flag(true)
      case "no", "n", "false", "0": return .flag(false)
      default: return nil
      }
    case .enumeration(let type):
      return type.cases.contains(text) ? .choice(text, type.cases) : nil
    }
  }

  /// RFC 4180 rows, for reading the golden ledgers' inputs without the engine's reader.
  static func csv(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text.unicodeScalars)[...]
    while let c = characters.popFirst() {
      if quoted {
        if c == "\"" {
          if characters.first == "\"" {
            field.unicodeScalars.append("\"")
            characters = characters.dropFirst()
          } else {
            quoted = false
          }
        } else {
          field.unicodeScalars.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        row.append(field)
        field = ""
      } else if c == "\n" || c == "\r" {
        if c == "\r", characters.first == "\n" { characters = characters.dropFirst() }
        row.append(field)
        rows.append(row)
        row = []
        field = ""
      } else {
        field.unicodeScalars.append(c)
      }
    }
    if !field.isEmpty || !row.isEmpty {
      row.append(field)
      rows.append(row)
    }
    return rows
  }
}
