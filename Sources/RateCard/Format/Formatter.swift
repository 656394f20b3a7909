/// Rewrites a card in canonical layout: two-space indentation, one declaration per paragraph,
/// one clause per line, literals in their standard spelling (`£1,500`, `13 weeks`). Comments
/// are kept where they were, and a blank line between clauses is kept as one blank line.
public struct Formatter {
  private let source: SourceFile
  private let comments: [Comment]
  private var nextComment = 0
  private var output = ""
  private var indentLevel = 0
  /// Source line of the last thing written, to keep paragraph breaks inside blocks.
  private var lastLine = 0
  private var atBlockStart = true
  /// Blank lines between clauses follow the source; off for a card assembled from several
  /// places (a version with revisions applied), where source lines say nothing.
  private var keepBlankLines = true

  init(source: SourceFile, file: CardFile) {
    self.source = source
    self.comments = file.comments.sorted { $0.span.start < $1.span.start }
  }

  /// Formats a source file; nil when it has syntax errors (they must be fixed first).
  public static func format(_ source: SourceFile) -> String? {
    let (file, diagnostics) = Parser.parse(source)
    guard !diagnostics.contains(where: { $0.severity == .error }) else { return nil }
    return format(file, source: source)
  }

  public static func format(_ file: CardFile, source: SourceFile, keepBlankLines: Bool = true)
    -> String
  {
    var formatter = Formatter(source: source, file: file)
    formatter.keepBlankLines = keepBlankLines
    for (index, declaration) in file.declarations.enumerated() {
      // Constants written on consecutive lines stay together; everything else is a paragraph.
      if index > 0, !formatter.adjacentConstants(file.declarations[index - 1], declaration) {
        formatter.output += "\n"
      }
      formatter.atBlockStart = true
      formatter.declaration(declaration)
    }
    formatter.leadingComments(before: Int.max)
    while formatter.output.hasSuffix("\n\n") { formatter.output.removeLast() }
    return formatter.output
  }

  private func adjacentConstants(_ previous: Declaration, _ next: Declaration) -> Bool {
    guard case .constant = previous, case .constant = next else { return false }
    let gap = source.bytes[min(previous.span.end, next.span.start)..<next.span.start]
    return gap.filter { $0 == UInt8(ascii: "\n") }.count <= 1
  }

  // MARK: Layout primitives

  private var indent: String { String(repeating: "  ", count: indentLevel) }

  private mutating func paragraphBreak(atLine line: Int) {
    if keepBlankLines && !atBlockStart && line > lastLine + 1 && !output.hasSuffix("\n\n") {
      output += "\n"
    }
    atBlockStart = false
  }

  private mutating func leadingComments(before offset: Int) {
    while nextComment < comments.count, comments[nextComment].span.start < offset {
      let comment = comments[nextComment]
      paragraphBreak(atLine: comment.line)
      output += indent + comment.text + "\n"
      lastLine = comment.line
      nextComment += 1
    }
  }

  /// End-of-line comments on the given source line, to append after the written line.
  private mutating func trailingComments(onLine line: Int, before limit: Int = .max) -> String {
    var text = ""
    while nextComment < comments.count, comments[nextComment].trailing,
      comments[nextComment].line == line, comments[nextComment].span.start < limit
    {
      text += "  " + comments[nextComment].text
      nextComment += 1
    }
    return text
  }

  private func line(of offset: Int) -> Int { source.location(of: offset).line }

  /// Writes one line for a node spanning `span`, with its comments.
  private mutating func emit(_ text: String, span: SourceSpan) {
    leadingComments(before: span.start)
    paragraphBreak(atLine: line(of: span.start))
    let endLine = line(of: span.end)
    output += indent + text + trailingComments(onLine: endLine) + "\n"
    lastLine = endLine
  }

  /// Writes `header {`, the body, and `}`, keeping comments inside the block.
  /// `firstChild` is where the block's first item starts: a comment after it on the header's
  /// line belongs to that item, not to the header.
  private mutating func block(
    _ header: String, span: SourceSpan, firstChild: Int?, body: (inout Formatter) -> Void
  ) {
    leadingComments(before: span.start)
    paragraphBreak(atLine: line(of: span.start))
    let startLine = line(of: span.start)
    output +=
      indent + header + " {" + trailingComments(onLine: startLine, before: firstChild ?? .max)
      + "\n"
    lastLine = startLine
    indentLevel += 1
    atBlockStart = true
    body(&self)
    leadingComments(before: span.end)
    indentLevel -= 1
    let endLine = line(of: span.end)
    output += indent + "}" + trailingComments(onLine: endLine) + "\n"
    lastLine = endLine
    atBlockStart = false
  }

  // MARK: Declarations

  private mutating func declaration(_ declaration: Declaration) {
    switch declaration {
    case .card(let header):
      block(
        "card " + Literal.quoted(header.title), span: header.span,
        firstChild: header.items.first?.span.start
      ) { f in
        for item in header.items {
          let text: String
          switch item.kind {
          case .currency(let code): text = "currency " + code.name
          case .term(let from, let to): text = "term \(from) to \(to)"
          case .version(let label): text = "version " + Literal.quoted(label)
          }
          f.emit(text, span: item.span)
        }
      }
    case .payers(let payers):
      block("payers", span: payers.span, firstChild: payers.payers.first?.span.start) { f in
        for payer in payers.payers {
          f.emit(
            payer.id.name + " " + Literal.quoted(payer.title) + " "
              + ExpressionPrinter.print(payer.share), span: payer.span)
        }
      }
    case .caps(let caps):
      block("caps", span: caps.span, firstChild: caps.caps.first?.span.start) { f in
        for cap in caps.caps {
          let scope: String
          switch cap.scope {
          case .contract: scope = "contract"
          case .perParticipant: scope = "per participant"
          case .payer(let payer): scope = "payer " + payer.name
          }
          f.emit(scope + " " + ExpressionPrinter.print(cap.amount), span: cap.span)
        }
      }
    case .fields(let fields):
      block(
        fields.subject.rawValue + " fields", span: fields.span,
        firstChild: fields.fields.first?.span.start
      ) { f in
        for field in fields.fields {
          f.emit(
            field.name.name + " " + Formatter.print(field.type)
              + (field.optional ? " optional" : ""), span: field.span)
        }
      }
    case .evidence(let catalogue):
      block("evidence", span: catalogue.span, firstChild: catalogue.kinds.first?.span.start) { f in
        for kind in catalogue.kinds {
          f.emit(
            kind.id.name + " " + Literal.quoted(kind.title) + " " + kind.strength.name,
            span: kind.span)
        }
      }
    case .constant(let constant):
      emit(
        "const " + constant.name.name + " = " + ExpressionPrinter.print(constant.value),
        span: constant.span)
    case .table(let table):
      block(
        "table " + table.name.name, span: table.span, firstChild: table.entries.first?.span.start
      ) { f in
        for entry in table.entries {
          f.emit(
            ExpressionPrinter.print(entry.key) + ": " + ExpressionPrinter.print(entry.value),
            span: entry.span)
        }
      }
    case .outcome(let outcome):
      block(
        "outcome " + outcome.id.name + " " + Literal.quoted(outcome.title), span: outcome.span,
        firstChild: outcome.clauses.first?.span.start
      ) { f in
        f.clauses(outcome.clauses)
      }
    case .ladder(let ladder):
      let header =
        "ladder " + ladder.id.name + " " + Literal.quoted(ladder.title) + " from "
        + ExpressionPrinter.print(ladder.anchor)
        + (ladder.measure.map { " measured by " + ExpressionPrinter.print($0) } ?? "")
      let first = (ladder.rungs.map(\.span.start) + ladder.clauses.map(\.span.start)).min()
      block(header, span: ladder.span, firstChild: first) { f in
        // Rungs and clauses keep their order in the source.
        var items: [(Int, Either)] = ladder.rungs.map { ($0.span.start, .rung($0)) }
        items += ladder.clauses.map { ($0.span.start, .clause($0)) }
        for (_, item) in items.sorted(by: { $0.0 < $1.0 }) {
          switch item {
          case .rung(let rung): f.rung(rung)
          case .clause(let clause): f.clause(clause)
          }
        }
      }
    case .audit(let audit):
      block("audit", span: audit.span, firstChild: audit.items.first?.span.start) { f in
        for item in audit.items {
          f.emit(ExpressionPrinter.print(item.kind), span: item.span)
        }
      }
    case .test(let test):
      block(
        "test " + Literal.quoted(test.name), span: test.span,
        firstChild: test.items.first?.span.start
      ) { f in
        for item in test.items { f.testItem(item) }
      }
    case .suspension(let suspension):
      block(
        "suspension " + Literal.quoted(suspension.title)
          + " \(suspension.from) to \(suspension.to)",
        span: suspension.span, firstChild: nil
      ) { f in
        if !suspension.outcomes.isEmpty {
          f.emit(
            "outcomes " + suspension.outcomes.map(\.name).joined(separator: ", "),
            span: suspension.outcomes[0].span)
        }
        if let price = suspension.price {
          f.emit("price " + ExpressionPrinter.print(price), span: price.span)
        }
      }
    case .group(let group):
      block(
        "group " + Literal.quoted(group.title), span: group.span,
        firstChild: group.clauses.first?.span.start
      ) { f in f.clauses(group.clauses) }
    case .envelope(let envelope):
      block("envelope", span: envelope.span, firstChild: envelope.rules.first?.span.start) { f in
        for rule in envelope.rules { f.emit(ExpressionPrinter.print(rule.kind), span: rule.span) }
      }
    case .revision(let revision):
      let header =
        "revision " + Literal.quoted(revision.label) + " effective \(revision.effective)"
      block(header, span: revision.span, firstChild: nil) { f in
        if let approvedBy = revision.approvedBy {
          f.emit("approved by " + Literal.quoted(approvedBy), span: revision.labelSpan)
        }
        if let rationale = revision.rationale {
          f.emit("rationale " + Literal.quoted(rationale), span: revision.labelSpan)
        }
        for change in revision.changes { f.change(change) }
      }
    }
  }

  private mutating func change(_ change: RevisionDeclaration.Change) {
    switch change.kind {
    case .change(let id, let clauses, let drops):
      block("change " + id.name, span: change.span, firstChild: clauses.first?.span.start) { f in
        for drop in drops { f.emit("drop " + drop.name, span: drop.span) }
        f.clauses(clauses)
      }
    case .add(let declaration):
      leadingComments(before: change.span.start)
      let before = output.count
      self.declaration(declaration)
      // The declaration was written with its own keyword: put `add ` before it.
      let start = output.index(output.startIndex, offsetBy: before)
      let firstLetter = output[start...].firstIndex { $0 != " " && $0 != "\n" } ?? start
      output.insert(contentsOf: "add ", at: firstLetter)
    case .retire(let id): emit("retire " + id.name, span: change.span)
    case .rename(let old, let new): emit("rename \(old.name) to \(new.name)", span: change.span)
    case .caps(let caps): declaration(.caps(caps))
    }
  }

  private enum Either {
    case rung(LadderDeclaration.Rung)
    case clause(Clause)
  }

  private static func print(_ type: TypeReference) -> String {
    switch type.kind {
    case .text: return "text"
    case .number: return "number"
    case .money: return "money"
    case .date: return "date"
    case .duration: return "duration"
    case .percent: return "percent"
    case .yesNo: return "yes/no"
    case .oneOf(let cases): return "one of " + cases.map(\.name).joined(separator: ", ")
    }
  }

  private mutating func rung(_ rung: LadderDeclaration.Rung) {
    let text =
      ExpressionPrinter.print(rung.duration) + " " + ExpressionPrinter.print(rung.price)
      + (rung.name.map { " named " + $0.name } ?? "")
    if rung.clauses.isEmpty {
      emit(text, span: rung.span)
    } else {
      block(text, span: rung.span, firstChild: rung.clauses.first?.span.start) { f in
        f.clauses(rung.clauses)
      }
    }
  }

  private mutating func clauses(_ clauses: [Clause]) {
    for clause in clauses { self.clause(clause) }
  }

  private mutating func clause(_ clause: Clause) {
    if case .exception(let rule) = clause.kind {
      block(
        ExpressionPrinter.print(clause.kind), span: clause.span,
        firstChild: rule.clauses.first?.span.start
      ) { f in
        f.clauses(rule.clauses)
      }
    } else {
      emit(ExpressionPrinter.print(clause.kind), span: clause.span)
    }
  }

  private mutating func testItem(_ item: TestDeclaration.Item) {
    let text: String
    switch item.kind {
    case .participant(let id, let values):
      text = "participant " + id.name + " " + Formatter.print(values)
    case .claim(let id, let participant, let outcome, let date, let evidence, let values):
      var line =
        "claim " + id.name + " for " + participant.name + " " + outcome.name + " on "
        + ExpressionPrinter.print(date)
      if !evidence.isEmpty { line += " evidence " + evidence.map(\.name).joined(separator: ", ") }
      if !values.isEmpty { line += " " + Formatter.print(values) }
      text = line
    case .expectClaim(let claim, let status, let amount, let reasons):
      var line = "expect " + claim.name + " " + status.name
      if let amount { line += " " + ExpressionPrinter.print(amount) }
      if !reasons.isEmpty { line += " because " + reasons.map(\.name).joined(separator: ", ") }
      text = line
    case .expectTotal(let amount): text = "expect total " + ExpressionPrinter.print(amount)
    case .expectPayer(let payer, let amount):
      text = "expect payer " + payer.name + " " + ExpressionPrinter.print(amount)
    }
    emit(text, span: item.span)
  }

  private static func print(_ values: [TestDeclaration.FieldValue]) -> String {
    "{ "
      + values.map { $0.name.name + ": " + ExpressionPrinter.print($0.value) }.joined(
        separator: ", ")
      + " }"
  }
}
