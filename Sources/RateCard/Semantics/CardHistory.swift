/// One version of a card: the original terms, or the card as a revision left it. Every
/// version is a complete card, checked as a whole (docs/change-panels.md).
public struct CheckedVersion: Sendable {
  public var label: String
  /// nil for the original terms, which apply from the start of the term.
  public var effective: CalendarDate?
  public var approvedBy: String?
  public var rationale: String?
  /// The complete card in force: the original declarations with every revision up to this one
  /// applied (no `revision` or `envelope` blocks).
  public var file: CardFile
  public var card: CheckedCard
  /// The revision that made this version (nil for the original).
  public var revision: RevisionDeclaration?
  /// Renames stated by this revision, old id to new id.
  public var renames: [String: String] = [:]
}

/// Applies revisions to card files. Pure: the checker reports what goes wrong.
enum CardHistory {
  /// The families of clauses a `change` block replaces as a whole, and the word `drop` uses.
  static func family(_ kind: ClauseKind) -> String {
    switch kind {
    case .group: return "group"
    case .price: return "price"
    case .payers: return "payers"
    case .capCount(_, let perParticipant):
      return "cap claims" + (perParticipant ? " per participant" : "")
    case .capAmount(_, let perParticipant):
      return "cap" + (perParticipant ? " per participant" : "")
    case .limit: return "limit"
    case .requires: return "requires"
    case .requiresPrevious: return "previous"
    case .when: return "when"
    case .unless: return "unless"
    case .onlyAfter: return "only after"
    case .withinTerm: return "within term"
    case .within: return "within"
    case .atLeastAfter: return "at least"
    case .evidence: return "evidence"
    case .exception(let rule): return "exception " + rule.name.name
    case .onlyByException(let name, _): return "exception " + name.name
    case .versionedBy: return "versioned"
    case .restarts: return "restarts"
    }
  }

  /// What `drop WORD` removes.
  static let dropWords: [String: Set<String>] = [
    "group": ["group"], "payers": ["payers"],
    "cap": ["cap", "cap claims", "cap per participant", "cap claims per participant"],
    "limit": ["limit"],
    "requires": ["requires", "previous"], "when": ["when"], "unless": ["unless"],
    "timing": ["only after", "within term", "within", "at least"], "versioned": ["versioned"],
  ]

  /// The base clauses with the families the change gives replaced, and the dropped ones gone.
  static func merge(_ base: [Clause], _ changes: [Clause], drop: Set<String>) -> [Clause] {
    let replaced = Set(changes.map { family($0.kind) }).union(drop)
    return base.filter { !replaced.contains(family($0.kind)) } + changes
  }

  /// A cap's scope by name (identifiers compare their spans too).
  static func key(_ scope: CapsDeclaration.Scope) -> String {
    switch scope {
    case .contract: return "contract"
    case .perParticipant: return "per participant"
    case .payer(let payer): return "payer " + payer.name
    }
  }

  static func outcomeIDs(of declaration: Declaration) -> [String] {
    switch declaration {
    case .outcome(let outcome): return [outcome.id.name]
    case .ladder(let ladder):
      return [ladder.id.name]
        + ladder.rungs.map { Checker.rungID(ladder: ladder.id.name, rung: $0) }
    default: return []
    }
  }

  /// Renames an outcome id where the card names it: its declaration, `requires` and anchors.
  static func rename(_ old: String, to new: Identifier, in declarations: [Declaration])
    -> [Declaration]
  {
    func swap(_ identifier: Identifier) -> Identifier {
      identifier.name == old ? Identifier(new.name, span: identifier.span) : identifier
    }
    func swap(_ anchor: Anchor) -> Anchor {
      if case .named(let name) = anchor { return .named(swap(name)) }
      return anchor
    }
    func swap(_ clauses: [Clause]) -> [Clause] {
      clauses.map { clause in
        var clause = clause
        switch clause.kind {
        case .requires(var requirement):
          requirement.names = requirement.names.map(swap)
          clause.kind = .requires(requirement)
        case .onlyAfter(let anchor): clause.kind = .onlyAfter(swap(anchor))
        case .within(let duration, let anchor): clause.kind = .within(duration, swap(anchor))
        case .atLeastAfter(let duration, let anchor, let until):
          clause.kind = .atLeastAfter(duration, swap(anchor), orUntil: until)
        default: break
        }
        return clause
      }
    }
    return declarations.map { declaration in
      switch declaration {
      case .outcome(var outcome):
        if outcome.id.name == old { outcome.id = Identifier(new.name, span: new.span) }
        outcome.clauses = swap(outcome.clauses)
        return .outcome(outcome)
      case .ladder(var ladder):
        if ladder.id.name == old { ladder.id = Identifier(new.name, span: new.span) }
        ladder.anchor = swap(ladder.anchor)
        ladder.clauses = swap(ladder.clauses)
        return .ladder(ladder)
      default: return declaration
      }
    }
  }
}

extension Checker {
  /// Checks a file with revisions: the original terms, then each revision applied in turn,
  /// each version checked as a whole card. Errors found only in a later version carry a note
  /// naming the revision.
  static func checkHistory(
    source: SourceFile, file: CardFile, syntaxErrors: [SourceSpan]
  ) -> (versions: [CheckedVersion], diagnostics: [Diagnostic]) {
    let revisions = file.declarations.compactMap { declaration -> RevisionDeclaration? in
      if case .revision(let revision) = declaration { return revision }
      return nil
    }
    let baseDeclarations = file.declarations.filter {
      switch $0 {
      case .revision, .envelope: return false
      default: return true
      }
    }
    // Inline tests are checked once, against the original card, and may claim any outcome
    // some version has; revised versions are checked without them.
    var laterOutcomes: Set<String> = []
    for revision in revisions {
      for change in revision.changes {
        if case .add(let declaration) = change.kind {
          laterOutcomes.formUnion(CardHistory.outcomeIDs(of: declaration))
        }
        if case .rename(_, let new) = change.kind { laterOutcomes.insert(new.name) }
      }
    }
    func check(_ declarations: [Declaration], tests: Bool) -> Checker {
      let kept =
        tests
        ? declarations
        : declarations.filter {
          if case .test = $0 { false } else { true }
        }
      var checker = Checker(
        source: source, file: CardFile(declarations: kept, comments: file.comments))
      checker.syntaxErrors = syntaxErrors
      if tests { checker.laterOutcomes = laterOutcomes }
      checker.run()
      return checker
    }
    let base = check(baseDeclarations, tests: true)
    var diagnostics = base.diagnostics
    var seen = Set(diagnostics.map(Checker.identity))
    let baseLabel = base.card.version ?? "original"
    var versions = [
      CheckedVersion(
        label: baseLabel, effective: nil, approvedBy: nil, rationale: nil,
        file: CardFile(declarations: baseDeclarations, comments: []), card: base.card)
    ]
    var laterUses: Set<String> = []
    var labels: [String: SourceSpan] = [baseLabel: SourceSpan(start: 0, end: 0)]
    for revision in revisions {
      var reporter = Checker(source: source, file: CardFile(declarations: [], comments: []))
      let previous = versions[versions.count - 1]
      reporter.checkRevisionHeader(
        revision, previous: previous, term: base.card.term, labels: labels)
      labels[revision.label] = revision.labelSpan
      var version = reporter.apply(revision, to: previous)
      diagnostics += reporter.diagnostics
      let checked = check(version.file.declarations, tests: false)
      for diagnostic in checked.diagnostics where diagnostic.severity == .error {
        guard seen.insert(Checker.identity(diagnostic)).inserted else { continue }
        var noted = diagnostic
        noted.notes.append(
          DiagnosticNote("in the card as revised by `\(revision.label)`", at: revision.labelSpan))
        diagnostics.append(noted)
      }
      seen.formUnion(checked.diagnostics.map(Checker.identity))
      laterUses.formUnion(checked.usedEvidence)
      laterUses.formUnion(checked.usedFields.map { String($0.split(separator: ".").last ?? "") })
      version.card = checked.card
      versions.append(version)
    }
    // Evidence and fields unused in the original terms but used by a revision are not unused.
    if !laterUses.isEmpty {
      diagnostics.removeAll { diagnostic in
        diagnostic.code == .unused
          && laterUses.contains { diagnostic.message.contains("`\($0)` is declared") }
      }
    }
    var envelopeChecker = Checker(source: source, file: file)
    envelopeChecker.checkEnvelope(file, versions: versions)
    diagnostics += envelopeChecker.diagnostics
    return (versions, diagnostics)
  }

  static func identity(_ diagnostic: Diagnostic) -> String {
    "\(diagnostic.code.rawValue)|\(diagnostic.span.start)|\(diagnostic.span.end)|\(diagnostic.message)"
  }

  mutating func checkRevisionHeader(
    _ revision: RevisionDeclaration, previous: CheckedVersion, term: ClosedRange<CalendarDate>?,
    labels: [String: SourceSpan]
  ) {
    if let first = labels[revision.label] {
      duplicate("revision", Identifier(revision.label, span: revision.labelSpan), first: first)
    }
    if let term, !term.contains(revision.effective) {
      error(
        .invalidValue,
        "revision `\(revision.label)` takes effect on \(revision.effective), outside the term \(term.lowerBound) to \(term.upperBound)",
        at: revision.effectiveSpan, help: "a revision takes effect during the contract's term")
    }
    if let earlier = previous.effective, revision.effective <= earlier {
      error(
        .invalidValue,
        "revision `\(revision.label)` takes effect on \(revision.effective), not after the revision before it (`\(previous.label)`, \(earlier))",
        at: revision.effectiveSpan, help: "list revisions in the order they take effect",
        notes: previous.revision.map {
          [DiagnosticNote("the revision before it", at: $0.effectiveSpan)]
        } ?? [])
    }
  }

  /// The version a revision makes from the one before it; reports changes to outcomes that
  /// are not there.
  mutating func apply(_ revision: RevisionDeclaration, to previous: CheckedVersion)
    -> CheckedVersion
  {
    var declarations = previous.file.declarations
    var renames: [String: String] = [:]
    var known: [String] { declarations.flatMap(CardHistory.outcomeIDs) }
    func missing(_ id: Identifier, _ verb: String) {
      error(
        .unknownName,
        "revision `\(revision.label)` \(verb) `\(id.name)`, which is not in the version before it (`\(previous.label)`)",
        at: id.span, help: FuzzyMatch.suggestion(for: id.name, in: known))
    }
    for change in revision.changes {
      switch change.kind {
      case .change(let id, let clauses, let drops):
        // `drop WORD` removes a kind of clause, or the exception of that name.
        var drop: Set<String> = []
        for word in drops {
          drop.formUnion(CardHistory.dropWords[word.name] ?? ["exception " + word.name])
        }
        var targetClauses: [Clause] = []
        var found = false
        declarations = declarations.map { declaration in
          switch declaration {
          case .outcome(var outcome) where outcome.id.name == id.name:
            found = true
            targetClauses = outcome.clauses
            outcome.clauses = CardHistory.merge(outcome.clauses, clauses, drop: drop)
            return .outcome(outcome)
          case .ladder(var ladder):
            if ladder.id.name == id.name {
              found = true
              targetClauses = ladder.clauses
              ladder.clauses = CardHistory.merge(ladder.clauses, clauses, drop: drop)
              return .ladder(ladder)
            }
            for (index, rung) in ladder.rungs.enumerated()
            where Checker.rungID(ladder: ladder.id.name, rung: rung) == id.name {
              found = true
              targetClauses = rung.clauses
              var changed = rung
              for clause in clauses {
                if case .price(let price) = clause.kind { changed.price = price }
              }
              changed.clauses = CardHistory.merge(
                rung.clauses, clauses.filter { if case .price = $0.kind { false } else { true } },
                drop: drop)
              ladder.rungs[index] = changed
            }
            return .ladder(ladder)
          default: return declaration
          }
        }
        if !found { missing(id, "changes") }
        let families = Set(targetClauses.map { CardHistory.family($0.kind) })
        for word in drops where found && CardHistory.dropWords[word.name] == nil {
          guard !families.contains("exception " + word.name) else { continue }
          error(
            .unknownName,
            "`drop \(word.name)`: `\(id.name)` has no such kind of clause or exception",
            at: word.span,
            help: FuzzyMatch.suggestion(
              for: word.name,
              in: Array(CardHistory.dropWords.keys)
                + families.filter { $0.hasPrefix("exception ") }.map { String($0.dropFirst(10)) })
              ?? "drop one of: \(CardHistory.dropWords.keys.sorted().joined(separator: ", ")), or an exception by name"
          )
        }
      case .add(let declaration):
        for id in CardHistory.outcomeIDs(of: declaration) where known.contains(id) {
          error(
            .duplicateName,
            "revision `\(revision.label)` adds `\(id)`, which the version before it already has",
            at: declaration.span, help: "use `change \(id) { ... }` to revise it")
        }
        declarations.append(declaration)
      case .retire(let id):
        let before = declarations.count
        declarations.removeAll {
          switch $0 {
          case .outcome(let outcome): return outcome.id.name == id.name
          case .ladder(let ladder): return ladder.id.name == id.name
          default: return false
          }
        }
        if declarations.count == before { missing(id, "retires") }
      case .rename(let old, let new):
        if !known.contains(old.name) {
          missing(old, "renames")
        } else if known.contains(new.name) {
          error(
            .duplicateName,
            "revision `\(revision.label)` renames `\(old.name)` to `\(new.name)`, which is already taken",
            at: new.span)
        } else {
          declarations = CardHistory.rename(old.name, to: new, in: declarations)
          renames[old.name] = new.name
        }
      case .caps(let block):
        var replaced = false
        declarations = declarations.map { declaration in
          guard case .caps(var caps) = declaration, !replaced else { return declaration }
          replaced = true
          for cap in block.caps {
            caps.caps.removeAll { CardHistory.key($0.scope) == CardHistory.key(cap.scope) }
            caps.caps.append(cap)
          }
          return .caps(caps)
        }
        if !replaced { declarations.append(.caps(block)) }
      }
    }
    // The version's label is the revision's.
    declarations = declarations.map { declaration in
      guard case .card(var header) = declaration else { return declaration }
      header.items.removeAll { if case .version = $0.kind { true } else { false } }
      header.items.append(.init(kind: .version(revision.label), span: revision.labelSpan))
      return .card(header)
    }
    return CheckedVersion(
      label: revision.label, effective: revision.effective, approvedBy: revision.approvedBy,
      rationale: revision.rationale, file: CardFile(declarations: declarations, comments: []),
      card: previous.card, revision: revision, renames: renames)
  }
}
