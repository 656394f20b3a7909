/// How serious a finding is. Errors stop a card from being used; warnings do not.
public enum Severity: String, Sendable, Codable, Comparable {
  case error
  case warning
  case note

  private var rank: Int {
    switch self {
    case .error: return 0
    case .warning: return 1
    case .note: return 2
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A related place shown under a diagnostic, such as the first declaration of a duplicate.
public struct DiagnosticNote: Sendable, Equatable {
  public var message: String
  public var span: SourceSpan?

  public init(_ message: String, at span: SourceSpan? = nil) {
    self.message = message
    self.span = span
  }
}

/// One finding about a card: a stable code a tool can match on, a message a person reads,
/// where it is, and a help line saying what to do about it.
public struct Diagnostic: Sendable, Equatable {
  public var severity: Severity
  public var code: DiagnosticCode
  public var message: String
  public var span: SourceSpan
  public var help: String?
  public var notes: [DiagnosticNote]

  public init(
    _ severity: Severity, _ code: DiagnosticCode, _ message: String, at span: SourceSpan,
    help: String? = nil, notes: [DiagnosticNote] = []
  ) {
    self.severity = severity
    self.code = code
    self.message = Diagnostic.bounded(message)
    self.span = span
    self.help = help
    self.notes = notes
  }
}

extension Diagnostic {
  /// Messages quote names and values from the input; a huge one is cut so a hostile input
  /// cannot produce a huge message.
  public static let longestMessage = 400

  public static func bounded(_ message: String) -> String {
    guard message.utf8.count > longestMessage else { return message }
    return String(message.prefix(longestMessage)) + "…"
  }
}

/// Stable identifiers for every kind of diagnostic; the JSON output carries them.
public enum DiagnosticCode: String, Sendable, Codable, CaseIterable {
  // Lexing and parsing
  case invalidCharacter = "invalid-character"
  case unterminatedString = "unterminated-string"
  case invalidDate = "invalid-date"
  case invalidNumber = "invalid-number"
  case numberTooLarge = "number-too-large"
  case expectedToken = "expected-token"
  case unexpectedToken = "unexpected-token"
  case nestingTooDeep = "nesting-too-deep"
  case invalidUTF8 = "invalid-utf8"
  // Names
  case unknownName = "unknown-name"
  case duplicateName = "duplicate-name"
  case reservedName = "reserved-name"
  case cyclicDefinition = "cyclic-definition"
  // Types and values
  case typeMismatch = "type-mismatch"
  case currencyMismatch = "currency-mismatch"
  case invalidValue = "invalid-value"
  case notConstant = "not-constant"
  case outsideEnvelope = "outside-envelope"
  case ambiguousCap = "ambiguous-cap"
  // Card structure
  case missingHeader = "missing-header"
  case duplicateClause = "duplicate-clause"
  case sharesNotWhole = "shares-not-100"
  case rungsNotIncreasing = "rungs-not-increasing"
  case capBelowPrice = "cap-below-price"
  case cyclicPrerequisite = "cyclic-prerequisite"
  case neverHolds = "condition-never-holds"
  case overlappingRules = "overlapping-rules"
  case incompleteTable = "incomplete-table"
  case invalidTest = "invalid-test"
  case missingPrice = "missing-price"
  case misplacedClause = "misplaced-clause"
  // Warnings
  case weakerEvidence = "weaker-evidence"
  case noEvidenceRule = "no-evidence-rule"
  case unused = "unused"
}
