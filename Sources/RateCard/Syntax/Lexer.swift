import Foundation

/// Turns source bytes into tokens and comments. It never stops at a bad character: it reports
/// it and carries on, so one run finds every problem.
public struct Lexer {
  public struct Output: Sendable {
    public var tokens: [Token]
    public var comments: [Comment]
    public var diagnostics: [Diagnostic]
  }

  static let posix = Locale(identifier: "en_US_POSIX")

  /// Longer numbers are reported rather than risking overflow in money arithmetic.
  static let maximumDigits = 15

  private let source: SourceFile
  private let bytes: [UInt8]
  private var position = 0
  private var tokens: [Token] = []
  private var comments: [Comment] = []
  private var diagnostics: [Diagnostic] = []
  /// Whether a token has been produced on the current line (to mark trailing comments).
  private var codeOnLine = false
  private var line = 1

  public init(source: SourceFile) {
    self.source = source
    self.bytes = source.bytes
  }

  public static func tokenize(_ source: SourceFile) -> Output {
    var lexer = Lexer(source: source)
    return lexer.run()
  }

  mutating func run() -> Output {
    // A UTF-8 byte-order mark is allowed at the start and ignored.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    while position < bytes.count {
      let byte = bytes[position]
      switch byte {
      case UInt8(ascii: "\n"):
        position += 1
        line += 1
        codeOnLine = false
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
        position += 1
      case UInt8(ascii: "#"):
        lexComment()
      default:
        codeOnLine = true
        lexToken(byte)
      }
    }
    tokens.append(
      Token(
        kind: .endOfFile, text: "", span: SourceSpan(start: bytes.count, end: bytes.count)))
    return Output(tokens: tokens, comments: comments, diagnostics: diagnostics)
  }

  private mutating func lexComment() {
    let start = position
    while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
    var end = position
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    let span = SourceSpan(start: start, end: end)
    comments.append(
      Comment(text: source.text(of: span), span: span, line: line, trailing: codeOnLine))
  }

  private mutating func lexToken(_ byte: UInt8) {
    let start = position
    if isIdentifierStart(byte) {
      while position < bytes.count, isIdentifierPart(bytes[position]) { position += 1 }
      add(.identifier, from: start)
      return
    }
    if isDigit(byte) {
      lexNumberOrDate()
      return
    }
    if byte == UInt8(ascii: "\"") {
      lexString()
      return
    }
    // Currency symbols: £ is C2 A3, € is E2 82 AC in UTF-8; $ is ASCII.
    if let (currency, width) = currencySymbol(at: position) {
      position += width
      guard position < bytes.count, isDigit(bytes[position]) else {
        report(.invalidNumber, "expected an amount after the currency symbol", from: start)
        return
      }
      // The amount runs over digits, and over commas and points followed by a digit; the
      // one money reader (shared with the data readers) decides whether it is well formed.
      let numberStart = position
      while position < bytes.count,
        isDigit(bytes[position])
          || ((bytes[position] == UInt8(ascii: ",") || bytes[position] == UInt8(ascii: "."))
            && position + 1 < bytes.count && isDigit(bytes[position + 1]))
      {
        position += 1
      }
      let span = SourceSpan(start: start, end: position)
      switch MoneyText.minorUnits(source.text(of: SourceSpan(start: numberStart, end: position))) {
      case .success(let units):
        let money = Money(minorUnits: units, currency: currency)
        tokens.append(
          Token(kind: .money, text: source.text(of: span), span: span, value: .money(money)))
      case .failure(let problem):
        report(
          problem == .tooLarge ? .numberTooLarge : .invalidNumber, "this amount \(problem.message)",
          from: start, help: problem.hint)
        add(.number, from: start)
      }
      return
    }
    position += 1
    let next: UInt8? = position < bytes.count ? bytes[position] : nil
    switch byte {
    case UInt8(ascii: "{"): add(.leftBrace, from: start)
    case UInt8(ascii: "}"): add(.rightBrace, from: start)
    case UInt8(ascii: "("): add(.leftParen, from: start)
    case UInt8(ascii: ")"): add(.rightParen, from: start)
    case UInt8(ascii: "["): add(.leftBracket, from: start)
    case UInt8(ascii: "]"): add(.rightBracket, from: start)
    case UInt8(ascii: ","): add(.comma, from: start)
    case UInt8(ascii: ":"): add(.colon, from: start)
    case UInt8(ascii: "."): add(.dot, from: start)
    case UInt8(ascii: "+"): add(.plus, from: start)
    case UInt8(ascii: "-"): add(.minus, from: start)
    case UInt8(ascii: "*"): add(.star, from: start)
    case UInt8(ascii: "/"): add(.slash, from: start)
    case UInt8(ascii: "="):
      if next == UInt8(ascii: "=") {
        position += 1
        add(.equalEqual, from: start)
      } else {
        add(.equals, from: start)
      }
    case UInt8(ascii: "!"):
      if next == UInt8(ascii: "=") {
        position += 1
        add(.notEqual, from: start)
      } else {
        report(
          .invalidCharacter, "unexpected character `!`", from: start,
          help: "write `not` for negation and `!=` for 'is not equal to'")
      }
    case UInt8(ascii: "<"):
      if next == UInt8(ascii: "=") {
        position += 1
        add(.lessEqual, from: start)
      } else {
        add(.less, from: start)
      }
    case UInt8(ascii: ">"):
      if next == UInt8(ascii: "=") {
        position += 1
        add(.greaterEqual, from: start)
      } else {
        add(.greater, from: start)
      }
    default:
      skipUnexpected(from: start)
    }
  }

  /// Skips one whole (possibly multi-byte) character and reports it once.
  private mutating func skipUnexpected(from start: Int) {
    let first = bytes[start]
    var width = 1
    if first >= 0xF0 {
      width = 4
    } else if first >= 0xE0 {
      width = 3
    } else if first >= 0xC0 {
      width = 2
    }
    let end = min(bytes.count, start + width)
    let valid = String(validating: bytes[start..<end], as: UTF8.self) != nil && first >= 0xC0
    position = valid ? end : start + 1
    if first >= 0x80 && !valid {
      report(
        .invalidUTF8, "this byte is not valid UTF-8", from: start,
        help: "save the card as UTF-8")
    } else {
      let shown = source.text(of: SourceSpan(start: start, end: position))
      report(.invalidCharacter, "unexpected character `\(shown)`", from: start)
    }
  }

  private mutating func lexString() {
    let start = position
    position += 1
    var value = [UInt8]()
    while position < bytes.count {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        position += 1
        let span = SourceSpan(start: start, end: position)
        tokens.append(
          Token(
            kind: .string, text: source.text(of: span), span: span,
            value: .text(String(decoding: value, as: UTF8.self))))
        return
      }
      if byte == UInt8(ascii: "\n") { break }
      if byte == UInt8(ascii: "\\"), position + 1 < bytes.count {
        let escaped = bytes[position + 1]
        switch escaped {
        case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
        case UInt8(ascii: "t"): value.append(UInt8(ascii: "\t"))
        default: value.append(escaped)
        }
        position += 2
        continue
      }
      value.append(byte)
      position += 1
    }
    report(
      .unterminatedString, "this text has no closing quote", from: start,
      help: "add `\"` at the end of the text; a text cannot span lines")
    let span = SourceSpan(start: start, end: position)
    tokens.append(
      Token(
        kind: .string, text: source.text(of: span), span: span,
        value: .text(String(decoding: value, as: UTF8.self))))
  }

  /// A date `YYYY-MM-DD`, a percentage `30%`, or a number `1,500.25` / `6.5`.
  private mutating func lexNumberOrDate() {
    let start = position
    if let end = dateEnd(at: start) {
      position = end
      let span = SourceSpan(start: start, end: end)
      let text = source.text(of: span)
      if let date = CalendarDate(iso: Substring(text)) {
        tokens.append(Token(kind: .date, text: text, span: span, value: .date(date)))
      } else {
        report(
          .invalidDate, "`\(text)` is not a date in the calendar", from: start,
          help: "dates are written YYYY-MM-DD and must exist (2021-02-28, not 2021-02-30)")
        tokens.append(Token(kind: .date, text: text, span: span, value: nil))
      }
      return
    }
    guard let value = scanNumber() else {
      report(.invalidNumber, "this is not a number", from: start)
      return
    }
    if position < bytes.count, bytes[position] == UInt8(ascii: "%") {
      position += 1
      add(.percent, from: start, value: .percent(value))
      return
    }
    if digitCount(in: start..<position) > Lexer.maximumDigits {
      tooLarge(from: start)
      return
    }
    add(.number, from: start, value: .number(value))
  }

  /// Scans digits with optional thousands groups (`1,500`: a comma followed by exactly three
  /// digits and no space) and an optional fraction.
  private mutating func scanNumber() -> Decimal? {
    var digits = ""
    while position < bytes.count {
      let byte = bytes[position]
      if isDigit(byte) {
        digits.append(Character(UnicodeScalar(byte)))
        position += 1
      } else if byte == UInt8(ascii: ","), isThousandsGroup(at: position + 1) {
        position += 1
      } else {
        break
      }
    }
    if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "."),
      isDigit(bytes[position + 1])
    {
      digits.append(".")
      position += 1
      while position < bytes.count, isDigit(bytes[position]) {
        digits.append(Character(UnicodeScalar(bytes[position])))
        position += 1
      }
    }
    return Decimal(string: digits, locale: Lexer.posix)
  }

  private func isThousandsGroup(at index: Int) -> Bool {
    guard index + 3 <= bytes.count else { return false }
    for offset in 0..<3 where !isDigit(bytes[index + offset]) { return false }
    return index + 3 == bytes.count || !isDigit(bytes[index + 3])
  }

  private func dateEnd(at start: Int) -> Int? {
    let shape: [Bool] = [true, true, true, true, false, true, true, false, true, true]
    guard start + shape.count <= bytes.count else { return nil }
    for (offset, wantDigit) in shape.enumerated() {
      let byte = bytes[start + offset]
      if wantDigit ? !isDigit(byte) : byte != UInt8(ascii: "-") { return nil }
    }
    let end = start + shape.count
    if end < bytes.count, isIdentifierPart(bytes[end]) { return nil }
    return end
  }

  private func digitCount(in range: Range<Int>) -> Int {
    var count = 0
    for index in range where isDigit(bytes[index]) { count += 1 }
    return count
  }

  private func currencySymbol(at index: Int) -> (String, Int)? {
    if bytes[index] == UInt8(ascii: "$") { return ("USD", 1) }
    if bytes[index] == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA3 {
      return ("GBP", 2)
    }
    if bytes[index] == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x82,
      bytes[index + 2] == 0xAC
    {
      return ("EUR", 3)
    }
    return nil
  }

  private mutating func tooLarge(from start: Int) {
    while position < bytes.count, isIdentifierPart(bytes[position]) || bytes[position] == 0x2E {
      position += 1
    }
    report(
      .numberTooLarge, "this number is too large (at most \(Lexer.maximumDigits) digits)",
      from: start, help: "amounts must fit in whole pence below £10 trillion")
    // Keep a valueless token so the parser sees a value here and does not cascade.
    add(.number, from: start)
  }

  private mutating func add(_ kind: TokenKind, from start: Int, value: Literal? = nil) {
    let span = SourceSpan(start: start, end: position)
    tokens.append(Token(kind: kind, text: source.text(of: span), span: span, value: value))
  }

  private mutating func report(
    _ code: DiagnosticCode, _ message: String, from start: Int, help: String? = nil
  ) {
    diagnostics.append(
      Diagnostic(
        .error, code, message, at: SourceSpan(start: start, end: max(position, start + 1)),
        help: help))
  }

  private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
  private func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
  }
  private func isIdentifierPart(_ byte: UInt8) -> Bool {
    isIdentifierStart(byte) || isDigit(byte)
  }
}
