/// A recursive-descent parser with error recovery: on a syntax error it reports, skips to the
/// next place a clause or declaration can start, and goes on, so one run reports every error.
public struct Parser {
  /// Deeper nesting than this is refused with a diagnostic rather than risking the stack.
  public static let maximumNesting = 64

  var tokens: [Token]
  var index = 0
  var diagnostics: [Diagnostic] = []
  var depth = 0
  /// Whether each token is the first on its line: recovery resumes at such tokens.
  let firstOnLine: [Bool]
  let source: SourceFile

  init(source: SourceFile, tokens: [Token]) {
    self.source = source
    self.tokens = tokens
    var flags = [Bool](repeating: false, count: tokens.count)
    var previousEnd = 0
    for (position, token) in tokens.enumerated() {
      let gap = source.bytes[min(previousEnd, token.span.start)..<token.span.start]
      flags[position] = position == 0 || gap.contains(UInt8(ascii: "\n"))
      previousEnd = token.span.end
    }
    self.firstOnLine = flags
  }

  /// Lexes and parses a whole file.
  public static func parse(_ source: SourceFile) -> (CardFile, [Diagnostic]) {
    let lexed = Lexer.tokenize(source)
    var parser = Parser(source: source, tokens: lexed.tokens)
    let declarations = parser.parseFile()
    let file = CardFile(declarations: declarations, comments: lexed.comments)
    return (file, lexed.diagnostics + parser.diagnostics)
  }

  // MARK: Token cursor

  var current: Token { tokens[index] }
  var previous: Token { tokens[max(0, index - 1)] }

  func peek(_ offset: Int = 1) -> Token {
    tokens[min(index + offset, tokens.count - 1)]
  }

  var atEnd: Bool { current.kind == .endOfFile }

  func at(_ kind: TokenKind) -> Bool { current.kind == kind }

  func atWord(_ word: String) -> Bool {
    current.kind == .identifier && current.text == word
  }

  func peekWord(_ offset: Int, _ word: String) -> Bool {
    let token = peek(offset)
    return token.kind == .identifier && token.text == word
  }

  @discardableResult
  mutating func advance() -> Token {
    let token = current
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  mutating func accept(_ kind: TokenKind) -> Token? {
    at(kind) ? advance() : nil
  }

  mutating func acceptWord(_ word: String) -> Bool {
    guard atWord(word) else { return false }
    advance()
    return true
  }

  /// Consumes a token of `kind` or reports what was expected; throws to unwind to recovery.
  @discardableResult
  mutating func expect(_ kind: TokenKind, _ context: String) throws(SyntaxError) -> Token {
    if let token = accept(kind) { return token }
    throw fail("expected \(kind.description) \(context)")
  }

  mutating func expectWord(_ word: String, _ context: String) throws(SyntaxError) {
    if acceptWord(word) { return }
    throw fail("expected `\(word)` \(context)")
  }

  mutating func expectIdentifier(_ context: String) throws(SyntaxError) -> Identifier {
    guard at(.identifier) else { throw fail("expected a name \(context)") }
    let token = advance()
    return Identifier(token.text, span: token.span)
  }

  mutating func expectString(_ context: String) throws(SyntaxError) -> String {
    guard at(.string), case .text(let text)? = current.value else {
      throw fail("expected a quoted title \(context)")
    }
    advance()
    return text
  }

  /// Records a diagnostic at the current token and returns an error to throw.
  mutating func fail(_ message: String, help: String? = nil) -> SyntaxError {
    let found = atEnd ? "the end of the file" : "`\(current.text)`"
    let code: DiagnosticCode = message.hasPrefix("expected") ? .expectedToken : .unexpectedToken
    let text = message.hasPrefix("expected") ? "\(message), found \(found)" : message
    report(Diagnostic(.error, code, text, at: current.span, help: help))
    return SyntaxError()
  }

  mutating func report(_ diagnostic: Diagnostic) {
    // A cascade at one spot helps nobody: keep the first diagnostic per position.
    if let last = diagnostics.last, last.span.start == diagnostic.span.start,
      last.severity == .error
    {
      return
    }
    diagnostics.append(diagnostic)
  }

  /// Guards recursion; every nested construct enters and leaves through here.
  mutating func nested<T>(_ body: (inout Parser) throws(SyntaxError) -> T) throws(SyntaxError)
    -> T
  {
    depth += 1
    defer { depth -= 1 }
    if depth > Parser.maximumNesting {
      report(
        Diagnostic(
          .error, .nestingTooDeep,
          "nesting is deeper than \(Parser.maximumNesting) levels", at: current.span,
          help: "split the expression using `const` declarations"))
      skipNested()
      throw SyntaxError()
    }
    return try body(&self)
  }

  /// After a nesting error, skip the rest of the over-deep construct.
  mutating func skipNested() {
    var balance = 0
    while !atEnd {
      switch current.kind {
      case .leftParen, .leftBracket, .leftBrace: balance += 1
      case .rightParen, .rightBracket, .rightBrace:
        if balance == 0 { return }
        balance -= 1
      default:
        if balance == 0 && firstOnLine[index] { return }
      }
      advance()
    }
  }
}

/// Thrown to unwind to the nearest recovery point; the diagnostic is already recorded.
struct SyntaxError: Error {}
