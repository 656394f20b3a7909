/// The kinds of token. Words are all `identifier`: keywords are contextual, so a field may be
/// called `start` or `group` without clashing with the language.
public enum TokenKind: Sendable, Equatable {
  case identifier
  case string
  case number
  case money
  case percent
  case date
  case leftBrace
  case rightBrace
  case leftParen
  case rightParen
  case leftBracket
  case rightBracket
  case comma
  case colon
  case dot
  case equals
  case equalEqual
  case notEqual
  case less
  case lessEqual
  case greater
  case greaterEqual
  case plus
  case minus
  case star
  case slash
  case endOfFile

  /// How the token is spelled in messages.
  public var description: String {
    switch self {
    case .identifier: return "a name"
    case .string: return "a quoted text"
    case .number: return "a number"
    case .money: return "an amount of money"
    case .percent: return "a percentage"
    case .date: return "a date"
    case .leftBrace: return "`{`"
    case .rightBrace: return "`}`"
    case .leftParen: return "`(`"
    case .rightParen: return "`)`"
    case .leftBracket: return "`[`"
    case .rightBracket: return "`]`"
    case .comma: return "`,`"
    case .colon: return "`:`"
    case .dot: return "`.`"
    case .equals: return "`=`"
    case .equalEqual: return "`==`"
    case .notEqual: return "`!=`"
    case .less: return "`<`"
    case .lessEqual: return "`<=`"
    case .greater: return "`>`"
    case .greaterEqual: return "`>=`"
    case .plus: return "`+`"
    case .minus: return "`-`"
    case .star: return "`*`"
    case .slash: return "`/`"
    case .endOfFile: return "the end of the file"
    }
  }
}

/// One token with its text and span. `value` holds the decoded value of literals.
public struct Token: Sendable, Equatable {
  public var kind: TokenKind
  public var text: String
  public var span: SourceSpan
  public var value: Literal?

  public init(kind: TokenKind, text: String, span: SourceSpan, value: Literal? = nil) {
    self.kind = kind
    self.text = text
    self.span = span
    self.value = value
  }
}

/// A `#` comment, kept so the formatter can put it back.
public struct Comment: Sendable, Equatable {
  public var text: String
  public var span: SourceSpan
  public var line: Int
  /// True when code precedes the comment on its line (an end-of-line comment).
  public var trailing: Bool
}
