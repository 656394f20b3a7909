import Foundation
import RateCard

/// Reads one data value as the type its field declares. Returns the value, or a message
/// saying what is wrong with it. An empty field is `missing`.
/// How dates are written in a data file: ISO (`2021-01-31`, the default) or, when asked
/// for with `--date-format DD/MM/YYYY`, day first (`31/01/2021`); ISO dates are always read.
public enum DateFormat: String, Sendable, CaseIterable {
  case iso = "YYYY-MM-DD"
  case dayMonthYear = "DD/MM/YYYY"
}

public enum ValueParser {
  public static func parse(
    _ raw: String, as type: ValueType, currency: String, dates: DateFormat = .iso
  ) -> Result<Value, Problem> {
    let text = raw.trimmingSpaces
    if text.isEmpty { return .success(.missing) }
    switch type {
    case .text, .error: return .success(.text(text))
    case .number:
      guard let number = decimal(text) else {
        return .failure(Problem("\(quoted(text)) is not a number"))
      }
      return .success(.number(number))
    case .money: return money(text, currency: currency)
    case .percent:
      let digits = text.hasSuffix("%") ? String(text.dropLast()) : text
      guard let number = decimal(digits) else {
        return .failure(Problem("\(quoted(text)) is not a percentage"))
      }
      return .success(.percent(number))
    case .date:
      var iso = Substring(text)
      // ISO dates are unambiguous, so they are read whatever the file's date format.
      if dates == .dayMonthYear && CalendarDate(iso: iso) == nil {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4 else {
          return .failure(
            Problem("\(quoted(text)) is not a date (write DD/MM/YYYY, a day that exists)"))
        }
        iso = Substring("\(parts[2])-\(parts[1])-\(parts[0])")
      }
      guard let date = CalendarDate(iso: iso) else {
        return .failure(
          Problem("\(quoted(text)) is not a date (write YYYY-MM-DD, a day that exists)"))
      }
      return .success(.date(date.dayNumber))
    case .duration:
      let parts = text.split(separator: " ", omittingEmptySubsequences: true)
      guard parts.count == 2, let amount = decimal(String(parts[0])), amount >= 0,
        let unit = Duration.Unit(word: String(parts[1]))
      else { return .failure(Problem("\(quoted(text)) is not a duration (such as `13 weeks`)")) }
      return .success(.duration(Duration(amount: amount, unit: unit)))
    case .bool:
      switch text.lowercased() {
      case "yes", "y", "true", "1": return .success(.bool(true))
      case "no", "n", "false", "0": return .success(.bool(false))
      default: return .failure(Problem("\(quoted(text)) is not yes or no"))
      }
    case .enumeration(let choices):
      if let index = choices.cases.firstIndex(of: text) { return .success(.choice(index)) }
      let hint = FuzzyMatch.suggestion(for: text, in: choices.cases)
      return .failure(
        Problem(
          "\(quoted(text)) is not one of \(choices.cases.joined(separator: ", "))"
            + (hint.map { "; \($0)" } ?? "")))
    }
  }

  /// `parse` of a field given as its UTF-8 bytes, read in place from a data file. Plain ASCII
  /// text and ISO dates (nearly every field) are read from the bytes; any other field is made
  /// a `String` and read by `parse`, which the bytes' reading agrees with where it applies.
  public static func parse(
    bytes: UnsafeBufferPointer<UInt8>, as type: ValueType, currency: String,
    dates: DateFormat = .iso
  ) -> Result<Value, Problem> {
    // Beyond ASCII, trimming is decided on characters (see `trimmingSpaces`).
    if !bytes.contains(where: { $0 >= 0x80 }) {
      func blank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
      var start = 0
      var end = bytes.count
      while start < end && blank(bytes[start]) { start += 1 }
      while end > start && blank(bytes[end - 1]) { end -= 1 }
      let text = UnsafeBufferPointer(rebasing: bytes[start..<end])
      if text.isEmpty { return .success(.missing) }
      switch type {
      case .text, .error: return .success(.text(String(decoding: text, as: UTF8.self)))
      case .date:
        // ISO dates are read whatever the file's date format (as `parse` reads them).
        if let date = CalendarDate(isoBytes: text) { return .success(.date(date.dayNumber)) }
      default: break
      }
    }
    return parse(String(decoding: bytes, as: UTF8.self), as: type, currency: currency, dates: dates)
  }

  /// A value as quoted in a message: at most 40 characters, so a 100 MB field gives a short
  /// message.
  public static func quoted(_ text: String) -> String {
    text.count <= 40 ? "`\(text)`" : "`\(text.prefix(37))...` (\(text.utf8.count) bytes)"
  }

  public struct Problem: Error, Equatable {
    public var message: String
    init(_ message: String) { self.message = message }
  }

  /// Numbers in data are written with `.` whatever the machine's locale.
  static let posix = Locale(identifier: "en_US_POSIX")

  /// Plain decimal digits with an optional sign and fraction; nothing else.
  static func decimal(_ text: String) -> Decimal? {
    var digits = 0
    var dots = 0
    for (offset, character) in text.enumerated() {
      if character.isASCII && character.isNumber {
        digits += 1
      } else if character == "." {
        dots += 1
      } else if character == "-" && offset == 0 {
        continue
      } else {
        return nil
      }
    }
    guard digits > 0, digits <= 30, dots <= 1 else { return nil }
    return Decimal(string: text, locale: ValueParser.posix)
  }

  /// `341.75`, `£341.75`, `GBP 341.75`, `1,500`: exact, at most two decimals, not negative,
  /// thousands grouped correctly (`12,50` is refused, never read as 1,250).
  static func money(_ text: String, currency: String) -> Result<Value, Problem> {
    var body = Substring(text)
    if let symbol = Money.symbols.first(where: { body.hasPrefix($0.key) }) {
      guard symbol.value == currency else {
        return .failure(Problem("\(quoted(text)) is in \(symbol.value), not \(currency)"))
      }
      body = body.dropFirst(symbol.key.count)
    } else if body.count > 4, body.prefix(3).allSatisfy({ $0.isUppercase && $0.isASCII }),
      body.dropFirst(3).first == " "
    {
      guard body.prefix(3) == currency else {
        return .failure(Problem("\(quoted(text)) is in \(body.prefix(3)), not \(currency)"))
      }
      body = body.dropFirst(4)
    }
    if body.hasPrefix("-") { return .failure(Problem("\(quoted(text)) is a negative amount")) }
    // The one money reader, shared with the card lexer.
    switch MoneyText.minorUnits(body) {
    case .success(let units): return .success(.money(units))
    case .failure(let problem):
      return .failure(Problem("\(quoted(text)) \(problem.message) (\(problem.hint))"))
    }
  }
}
