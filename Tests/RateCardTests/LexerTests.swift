import Foundation
import Testing

@testable import RateCard

@Suite struct LexerTests {
  func lex(_ text: String) -> Lexer.Output {
    Lexer.tokenize(SourceFile(path: "t", text: text))
  }

  func kinds(_ text: String) -> [TokenKind] { lex(text).tokens.map(\.kind).dropLast() }

  @Test func moneyIsExactMinorUnits() {
    let tokens = lex("£1,500 £341.75 £0.05 €12").tokens
    #expect(tokens[0].value == .money(Money(minorUnits: 150_000, currency: "GBP")))
    #expect(tokens[1].value == .money(Money(minorUnits: 34_175, currency: "GBP")))
    #expect(tokens[2].value == .money(Money(minorUnits: 5, currency: "GBP")))
    #expect(tokens[3].value == .money(Money(minorUnits: 1200, currency: "EUR")))
  }

  @Test func moneyWithMoreThanTwoDecimalsIsRefused() {
    // Never silently rounded or truncated: `£3.500` is not £3.50, `£1.005` is not "too large".
    for text in ["£1.005", "£3.500", "£3.505", "GBP 3.500"] {
      let diagnostics = Parser.parse(SourceFile(path: "t", text: "const x = \(text)")).1
      #expect(diagnostics.map(\.code) == [.invalidNumber], "\(text)")
      #expect(diagnostics.first?.message == "this amount has more than two decimal places")
    }
  }

  @Test func thousandsGroupsNeedExactlyThreeDigitsAndNoSpace() {
    #expect(lex("1,500").tokens[0].value == .number(1500))
    // `1, 500` is a list of two numbers; `1,50` is a number then a comma then a number.
    #expect(kinds("1, 500") == [.number, .comma, .number])
    #expect(kinds("1,50") == [.number, .comma, .number])
  }

  @Test func percentagesDatesAndText() {
    let tokens = lex("30% 6.5% 2020-10-01 \"Life \\\"Chances\\\" Fund\"").tokens
    #expect(tokens[0].value == .percent(30))
    #expect(tokens[1].value == .percent(Decimal(string: "6.5")!))
    #expect(tokens[2].value == .date(CalendarDate(year: 2020, month: 10, day: 1)!))
    #expect(tokens[3].value == .text("Life \"Chances\" Fund"))
  }

  @Test func impossibleDatesAreDiagnosedWithTheirPosition() {
    let output = lex("when x >= 2021-02-30")
    #expect(output.diagnostics.count == 1)
    #expect(output.diagnostics[0].code == .invalidDate)
    #expect(output.diagnostics[0].span == SourceSpan(start: 10, end: 20))
    // 29 February exists in leap years only.
    #expect(lex("2024-02-29").diagnostics.isEmpty)
    #expect(lex("2023-02-29").diagnostics.map(\.code) == [.invalidDate])
  }

  @Test func commentsAreKeptAndMarkedWhenTrailing() {
    let output = lex("# heading\nprice £500  # published\n")
    #expect(output.comments.map(\.text) == ["# heading", "# published"])
    #expect(output.comments.map(\.trailing) == [false, true])
    #expect(output.comments.map(\.line) == [1, 2])
  }

  @Test func operators() {
    #expect(
      kinds("== != <= >= < > + - * / = : . , ( ) [ ] { }") == [
        .equalEqual, .notEqual, .lessEqual, .greaterEqual, .less, .greater, .plus, .minus, .star,
        .slash, .equals, .colon, .dot, .comma, .leftParen, .rightParen, .leftBracket,
        .rightBracket, .leftBrace, .rightBrace,
      ])
  }

  @Test func byteOrderMarkCRLFAndTabsAreAccepted() {
    let output = Lexer.tokenize(
      SourceFile(path: "t", bytes: [0xEF, 0xBB, 0xBF] + Array("price\t£5\r\nwhen\r\n".utf8)))
    #expect(output.diagnostics.isEmpty)
    #expect(output.tokens.map(\.text) == ["price", "£5", "when", ""])
  }

  @Test func badCharactersAreReportedAndSkipped() {
    let output = lex("price ; £5 @")
    #expect(output.diagnostics.map(\.code) == [.invalidCharacter, .invalidCharacter])
    #expect(output.tokens.map(\.text) == ["price", "£5", ""])
  }

  @Test func invalidUTF8IsReportedPerByte() {
    let output = Lexer.tokenize(SourceFile(path: "t", bytes: [0x61, 0xFF, 0x62]))
    #expect(output.diagnostics.map(\.code) == [.invalidUTF8])
    #expect(output.diagnostics[0].span.start == 1)
  }

  @Test func unterminatedTextStopsAtTheLineEnd() {
    let output = lex("\"open\nprice")
    #expect(output.diagnostics.map(\.code) == [.unterminatedString])
    #expect(output.tokens.map(\.kind) == [.string, .identifier, .endOfFile])
  }

  @Test func hugeNumbersAreADiagnosticNotATrap() {
    let output = lex("£99999999999999999999999 123456789012345678")
    #expect(output.diagnostics.map(\.code) == [.numberTooLarge, .numberTooLarge])
  }

  @Test func columnsCountCharactersNotBytes() {
    let source = SourceFile(path: "t", text: "price £500 x")
    // `x` is the 12th character although `£` takes two bytes.
    #expect(source.location(of: 12).column == 12)
    #expect(source.location(of: 12).line == 1)
  }
}
