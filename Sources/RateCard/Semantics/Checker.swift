import Foundation

/// Checks a parsed card: resolves names, checks types, and catches the mistakes that would
/// otherwise be found only when someone is paid wrongly. Collects every finding in one run.
public struct Checker {
  let source: SourceFile
  var card: CheckedCard
  var diagnostics: [Diagnostic] = []

  // Declarations seen, for duplicate and unknown-name checks.
  var constantDeclarations: [String: ConstantDeclaration] = [:]
  var constantsInProgress: Set<String> = []
  var tableDeclarations: [String: TableDeclaration] = [:]
  var outcomeDeclarations: [String: OutcomeDeclaration] = [:]
  var ladderDeclarations: [String: LadderDeclaration] = [:]
  /// Where each outcome-level id was declared (outcomes, ladders and rungs share one space).
  var outcomeSpans: [String: SourceSpan] = [:]
  var usedEvidence: Set<String> = []
  var usedFields: Set<String> = []
  var usedConstants: Set<String> = []
  var usedTables: Set<String> = []
  var prerequisites: [Prerequisite] = []
  /// Outcomes a later revision adds: inline tests may claim them.
  var laterOutcomes: Set<String> = []
  /// Where the parser found errors: "missing" findings inside them would only repeat them.
  var syntaxErrors: [SourceSpan] = []

  func hasSyntaxError(in span: SourceSpan) -> Bool {
    syntaxErrors.contains { $0.start >= span.start && $0.start <= span.end }
  }

  init(source: SourceFile, file: CardFile) {
    self.source = source
    self.card = CheckedCard(file: file)
  }

  /// Parses and checks a source file in one step.
  public static func check(_ source: SourceFile) -> CheckResult {
    let (file, syntaxDiagnostics) = Parser.parse(source)
    let (versions, diagnostics) = checkHistory(
      source: source, file: file,
      syntaxErrors: syntaxDiagnostics.filter { $0.severity == .error }.map(\.span))
    let all = (syntaxDiagnostics + diagnostics).sorted {
      ($0.span.start, $0.severity) < ($1.span.start, $1.severity)
    }
    return CheckResult(card: versions[0].card, diagnostics: all, versions: versions)
  }

  mutating func run() {
    let declarations = card.file.declarations
    checkHeader(declarations)
    declareFields(declarations)
    declareEvidence(declarations)
    declareConstantsAndTables(declarations)
    declarePayers(declarations)
    declareOutcomeIDs(declarations)
    for name in constantDeclarations.keys.sorted() { _ = resolveConstant(name) }
    for name in tableDeclarations.keys.sorted() { checkTable(name) }
    checkCaps(declarations)
    for declaration in declarations {
      switch declaration {
      case .outcome(let outcome): checkOutcome(outcome)
      case .ladder(let ladder): checkLadder(ladder)
      default: break
      }
    }
    checkGroups(declarations)
    checkSuspensions(declarations)
    checkPerParticipantCap()
    checkPrerequisiteCycles()
    checkEvidenceStrengthAcrossLadders()
    for declaration in declarations {
      if case .test(let test) = declaration { checkTest(test) }
    }
    checkAudit(declarations)
    warnUnused()
  }

  // MARK: Reporting

  mutating func error(
    _ code: DiagnosticCode, _ message: String, at span: SourceSpan, help: String? = nil,
    notes: [DiagnosticNote] = []
  ) {
    diagnostics.append(Diagnostic(.error, code, message, at: span, help: help, notes: notes))
  }

  mutating func warning(
    _ code: DiagnosticCode, _ message: String, at span: SourceSpan, help: String? = nil,
    notes: [DiagnosticNote] = []
  ) {
    diagnostics.append(Diagnostic(.warning, code, message, at: span, help: help, notes: notes))
  }

  mutating func unknown(
    _ what: String, _ identifier: Identifier, candidates: some Sequence<String>,
    help fallback: String? = nil
  ) {
    error(
      .unknownName, "unknown \(what) `\(identifier.name)`", at: identifier.span,
      help: FuzzyMatch.suggestion(for: identifier.name, in: candidates) ?? fallback)
  }

  /// Reports a second declaration of a name with a note pointing at the first.
  mutating func duplicate(_ what: String, _ identifier: Identifier, first: SourceSpan) {
    let line = source.location(of: first.start).line
    error(
      .duplicateName, "\(what) `\(identifier.name)` is declared more than once",
      at: identifier.span, help: "rename one of them or remove the repeat",
      notes: [DiagnosticNote("first declared here, on line \(line)", at: first)])
  }

  mutating func reference(_ span: SourceSpan, _ symbol: CheckedCard.Symbol) {
    card.references.append(CheckedCard.Reference(span: span, symbol: symbol))
  }
}
