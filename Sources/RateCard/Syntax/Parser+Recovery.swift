extension Parser {
  static let declarationWords: Set<String> = [
    "card", "payers", "caps", "participant", "claim", "evidence", "const", "table", "outcome",
    "ladder", "test", "audit", "revision", "envelope", "group", "suspension",
  ]

  static let clauseWords: Set<String> = [
    "group", "price", "payers", "cap", "once", "at", "repeatable", "requires", "when", "unless",
    "only", "within", "evidence", "exception", "versioned", "restarts",
  ]

  /// Words new users reach for, and the clause they meant.
  static let clauseSynonyms: [String: String] = [
    "max": "did you mean `cap`? (`cap £192,000`)",
    "maximum": "did you mean `cap`? (`cap £192,000`)",
    "limit": "did you mean `cap` (a budget) or `at most 2 per participant` (a claim limit)?",
    "up": "write `at most 3 per participant`",
    "cost": "did you mean `price`?", "pays": "did you mean `price`?",
    "if": "did you mean `when`?", "except": "did you mean `unless`?",
    "require": "did you mean `requires`?", "needs": "did you mean `requires`?",
    "proof": "did you mean `evidence`?",
  ]

  /// A word that starts a new clause or declaration on a new line ends the clause before it:
  /// `price` with nothing after it must not swallow the `evidence` line below.
  var atLineStartKeyword: Bool {
    guard at(.identifier), firstOnLine[index], peek().kind != .dot, peek().kind != .leftBracket
    else { return false }
    return Parser.clauseWords.contains(current.text)
      || Parser.declarationWords.contains(current.text)
      || ["participant", "claim", "expect"].contains(current.text)
  }

  var atColumnOne: Bool {
    let start = current.span.start
    return start == 0 || source.bytes[start - 1] == UInt8(ascii: "\n")
  }

  /// Reports a value missing at the end of a line, pointing just after the previous token.
  mutating func missingValue(_ what: String) -> SyntaxError {
    let at = SourceSpan(start: previous.span.end, end: previous.span.end + 1)
    report(
      Diagnostic(
        .error, .expectedToken,
        "expected \(what) after `\(previous.text)`, found the end of the line",
        at: at, help: "a clause is written on one line"))
    return SyntaxError()
  }

  /// Skips to the next token that can start a declaration at the top level.
  mutating func recoverAtTopLevel() {
    var balance = 0
    while !atEnd {
      switch current.kind {
      case .leftBrace: balance += 1
      case .rightBrace: balance = max(0, balance - 1)
      case .identifier where balance == 0 && firstOnLine[index] && atColumnOne:
        // Declarations start at the left margin; an indented word is a clause.
        if Parser.declarationWords.contains(current.text) && index > 0 { return }
      default: break
      }
      advance()
    }
  }

  /// Inside a block: skips to the next line (items are one per line), or to the `}` that
  /// closes the block (not consumed). `start` is where the failed item began, so the item's
  /// own first token is never taken as the place to resume.
  mutating func recoverInBlock(itemStart start: Int) {
    var balance = 0
    while !atEnd {
      switch current.kind {
      case .leftBrace: balance += 1
      case .rightBrace:
        if balance == 0 { return }
        balance -= 1
      default:
        if balance == 0 && firstOnLine[index] && index > start { return }
      }
      advance()
    }
  }

  /// Parses `{ item* }` calling `item` for each entry; recovers inside the block on errors.
  mutating func parseBlock(
    _ context: String,
    item: (inout Parser) throws(SyntaxError) -> Void
  ) throws(SyntaxError) -> SourceSpan {
    let open = try expect(.leftBrace, context)
    while !at(.rightBrace) && !atEnd {
      let before = index
      do {
        try nested { (parser: inout Parser) throws(SyntaxError) in try item(&parser) }
      } catch {
        recoverInBlock(itemStart: before)
      }
      if index == before { advance() }
    }
    let close = try expect(.rightBrace, "to close the block opened at line \(line(of: open))")
    return open.span.through(close.span)
  }

  func line(of token: Token) -> Int { source.location(of: token.span.start).line }
}
