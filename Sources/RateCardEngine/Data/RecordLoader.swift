import Foundation
import RateCard

/// Turns data tables into typed participant and claim records, checking every value against
/// the card's schema. Every problem is reported with its row and column; a claim row always
/// becomes a claim record (with its problems), so the ledger accounts for every claim.
public enum RecordLoader {
  /// Participants and claims from their tables, with every issue: the rows' own problems
  /// and those that need both files (unknown participants and outcomes, reused claim ids).
  public static func load(
    participants participantTable: DataTable, claims claimTable: DataTable, card: CompiledCard,
    dates: DateFormat = .iso
  )
    -> (participants: [ParticipantRecord], claims: [ClaimRecord], issues: [DataIssue])
  {
    let loaded = records(
      participants: participantTable, claims: claimTable, card: card, dates: dates)
    return (loaded.participants, loaded.claims, loaded.issues)
  }

  /// Typed records, their problems, and each claim's participant (`ClaimIndex`).
  public struct Loaded: Sendable {
    public var participants: [ParticipantRecord]
    public var claims: [ClaimRecord]
    public var issues: [DataIssue]
    public var index: ClaimIndex
  }

  /// The tables are taken, not borrowed: each is let go as soon as it is typed (a table given
  /// by a caller that keeps it is not freed until the caller lets it go too).
  public static func records(
    participants participantTable: consuming DataTable, claims claimTable: consuming DataTable,
    card: CompiledCard, dates: DateFormat = .iso
  ) -> Loaded {
    records(participants: participantTable, claimPieces: [claimTable], card: card, dates: dates)
  }

  /// The same, with the claims read in pieces (`CSVReader.pieces`): each piece is let go as
  /// soon as it is typed, so the claims' text and their typed records are not all held at once.
  public static func records(
    participants participantTable: consuming DataTable, claimPieces: consuming [DataTable],
    card: CompiledCard, dates: DateFormat = .iso
  ) -> Loaded {
    let pieces = TablePieces(claimPieces)
    let participantsTaken = Taken(participantTable)
    // The two files are typed at the same time (each one's issues stay in its own order).
    let (participants, (claims, claimIssues)) = Parallel.both(
      { RecordLoader.typedParticipants(participantsTaken.take(), card: card, dates: dates) },
      { RecordLoader.claims(pieces: pieces, card: card, dates: dates) })
    return assembled(
      participants, claims, claimIssues, path: pieces.path, header: pieces.header, card: card)
  }

  /// The same, with the participants typed already (`typedParticipants`): the command line
  /// types them while the claims file is still being read.
  public static func records(
    participants: consuming TypedParticipants, claimPieces: consuming [DataTable],
    card: CompiledCard, dates: DateFormat = .iso
  ) -> Loaded {
    let pieces = TablePieces(claimPieces)
    let (claims, claimIssues, people) = RecordLoader.claims(
      pieces: pieces, card: card, dates: dates, participants: participants.numbered)
    return assembled(
      participants, claims, claimIssues, people: people, path: pieces.path, header: pieces.header,
      card: card)
  }

  /// The same, with the claims typed as their file was split (`PipelinedClaims`): `claims`
  /// is what its `typed(participants:)` returned.
  public static func records(
    participants: consuming TypedParticipants, pipelined: PipelinedClaims,
    claims: [ClaimRecord], card: CompiledCard
  ) -> Loaded {
    let (issues, people, path, header) = pipelined.finished()
    return assembled(
      participants, claims, issues, people: people, path: path, header: header, card: card)
  }

  /// Participants typed on their own: their records, their issues, and their ids numbered by
  /// position for `ClaimIndex`.
  public struct TypedParticipants: Sendable {
    let records: [ParticipantRecord]
    let issues: [DataIssue]
    let numbered: IDNumbering
  }

  public static func typedParticipants(
    _ table: consuming DataTable, card: CompiledCard, dates: DateFormat = .iso
  ) -> TypedParticipants {
    let (records, issues, numbered) = numberedParticipants(table, card: card, dates: dates)
    return TypedParticipants(records: records, issues: issues, numbered: numbered)
  }

  /// The claims' index and the checks that need both files, once both are typed.
  static func assembled(
    _ participants: consuming TypedParticipants, _ claims: [ClaimRecord],
    _ claimIssues: [DataIssue], people: [Int32]? = nil, path: String, header: [String],
    card: CompiledCard
  ) -> Loaded {
    let index = ClaimIndex(
      claims: claims, participants: participants.records, card: card,
      numbered: participants.numbered, people: people)
    // The cross-checks need only where the claims came from and their columns.
    let crossIssues = crossCheck(
      claims: claims, index: index, path: path, header: header, card: card)
    return Loaded(
      participants: participants.records, claims: claims,
      issues: participants.issues + claimIssues + crossIssues, index: index)
  }

  public static let participantColumns = ["participant_id", "provider", "referred_on"]
  public static let claimColumns = ["claim_id", "participant_id", "outcome", "achieved_on"]

  public static func participants(
    _ table: DataTable, card: CompiledCard, dates: DateFormat = .iso
  )
    -> ([ParticipantRecord], [DataIssue])
  {
    let (records, issues, _) = numberedParticipants(table, card: card, dates: dates)
    return (records, issues)
  }

  /// The participants, their issues, and their ids numbered by position (participant `n` has
  /// number `n`: a repeated id's row is skipped), for `ClaimIndex` to look claims up in.
  static func numberedParticipants(
    _ table: DataTable, card: CompiledCard, dates: DateFormat = .iso
  )
    -> ([ParticipantRecord], [DataIssue], IDNumbering)
  {
    var issues = table.issues
    let columns = layout(
      table, schema: card.participantSchema, required: participantColumns, extra: [], &issues)
    let absent = absentRequired(schema: card.participantSchema, columns)
    var records: [ParticipantRecord] = []
    records.reserveCapacity(table.rowCount)
    // Each id's number, and the row it was first on.
    var seen = IDNumbering(capacity: table.rowCount)
    var firstRows: [Int] = []
    // A programme has a handful of providers: participants of one share its name's text.
    var providers = IDNumbering()
    let idColumn = columns.first { $0.field == 0 }?.column
    for row in 0..<table.rowCount {
      if let idColumn, row + IDNumbering.ahead < table.rowCount {
        table.withField(row + IDNumbering.ahead, idColumn) { seen.prefetch(bytes: $0) }
      }
      let number = table.number(row)
      var values = FieldValues(missing: card.participantSchema.fields.count)
      var problems = rowProblems(row, table)
      // A provider named before is found by its bytes, with no string made for it.
      let known = read(
        row, columns, absent: absent, schema: card.participantSchema, card: card, table: table,
        dates: dates, into: &values, &problems, &issues, interning: (1, providers))
      if known == nil, case .text(let provider) = values[1] {
        let number = Int(providers.number(provider).number)
        values[1] = .text(providers.ids[number])
      }
      guard case .text(let id) = values[0] else {
        issues.append(
          DataIssue(
            .error, path: table.path, row: number, columnName: "participant_id",
            "the participant has no id; the row is skipped"))
        continue
      }
      let (idNumber, isNew) = seen.number(id)
      if isNew {
        firstRows.append(number)
      } else {
        let first = firstRows[Int(idNumber)]
        issues.append(
          DataIssue(
            .error, path: table.path, row: number, columnName: "participant_id",
            "participant \(id) already appears on row \(first); this row is ignored"))
        continue
      }
      records.append(
        ParticipantRecord(id: id, values: consume values, row: number, problems: problems))
    }
    return (records, issues, seen)
  }

  public static func claims(_ table: DataTable, card: CompiledCard, dates: DateFormat = .iso)
    -> ([ClaimRecord], [DataIssue])
  {
    claims(pieces: TablePieces([table]), card: card, dates: dates)
  }

  /// Claims from a table in pieces, in row order; each piece is taken by the thread that
  /// types it, and let go once typed.
  static func claims(pieces: TablePieces, card: CompiledCard, dates: DateFormat)
    -> ([ClaimRecord], [DataIssue])
  {
    let (records, issues, _) = claims(pieces: pieces, card: card, dates: dates, participants: nil)
    return (records, issues)
  }

  /// The same, with the participants' ids numbered already (`typedParticipants`): each claim's
  /// participant is found as its row is typed, from the field's bytes, and the claim takes
  /// that participant's text of the id. `people` is then each claim's participant position
  /// (-1 for none), as `ClaimIndex` would find it; nil without `participants`.
  static func claims(
    pieces: TablePieces, card: CompiledCard, dates: DateFormat, participants: IDNumbering?
  ) -> (records: [ClaimRecord], issues: [DataIssue], people: [Int32]?) {
    var issues = pieces.issues
    let layout = ClaimColumns(path: pieces.path, header: pieces.header, card: card, &issues)
    // Rows are typed independently, so they are split between the cores (whole pieces to each,
    // when there are several); records and issues come out in row order, as one pass would
    // give them.
    let (records, sides) = Parallel.array(ranges: pieces.ranges()) {
      range, emit -> (issues: [DataIssue], people: [Int32]) in
      var issues: [DataIssue] = []
      var people: [Int32] = []
      if participants != nil { people.reserveCapacity(range.count) }
      var evidenceCells = EvidenceCells()
      for (piece, rows, whole) in pieces.parts(of: range) {
        // A piece wholly in this range is taken, and let go once typed.
        let table = pieces.table(piece, taking: whole)
        typeClaims(
          rows, of: table, layout, participants: participants, evidenceCells: &evidenceCells,
          card: card, dates: dates, issues: &issues, people: &people, emit: emit)
      }
      return (issues, people)
    }
    return (
      records, issues + sides.map(\.issues).joined(),
      participants == nil ? nil : Array(sides.map(\.people).joined())
    )
  }

  /// What typing a claims table needs from its header, worked out once: where each field's
  /// column is, the required fields with none (each row reports them), and the columns the
  /// engine reads beside the card's fields. Missing and undeclared columns go to `issues`.
  struct ClaimColumns: Sendable {
    let columns: [(field: Int, column: Int)]
    let absent: [String]
    /// A claim of an outcome on the card shares the card's text of its id: one string for
    /// every claim of it, not one each.
    let outcomeIDs: IDNumbering
    let participantColumn: Int?
    let evidenceColumn: Int?

    init(path: String, header: [String], card: CompiledCard, _ issues: inout [DataIssue]) {
      let needsEvidence = card.outcomes.contains { outcome in
        outcome.base.evidence != nil || outcome.exceptions.contains { $0.rules.evidence != nil }
      }
      columns = RecordLoader.layout(
        DataTable(path: path, header: header, rows: [], issues: []),
        schema: card.claimSchema,
        required: RecordLoader.claimColumns + (needsEvidence ? ["evidence"] : []),
        extra: ["participant_id", "evidence"], &issues)
      absent = RecordLoader.absentRequired(schema: card.claimSchema, columns)
      outcomeIDs = card.outcomes.reduce(into: IDNumbering()) { _ = $0.number($1.id) }
      participantColumn = header.firstIndex(of: "participant_id")
      evidenceColumn = header.firstIndex(of: "evidence")
    }
  }

  /// Types `rows` of `table` in order, handing each claim to `emit`; with `participants`,
  /// each claim's participant (by position, -1 for none) is added to `people`.
  static func typeClaims(
    _ rows: Range<Int>, of table: DataTable, _ layout: ClaimColumns, participants: IDNumbering?,
    evidenceCells: inout EvidenceCells, card: CompiledCard, dates: DateFormat,
    issues: inout [DataIssue], people: inout [Int32], emit: (consuming ClaimRecord) -> Void
  ) {
    for row in rows {
      if let participants, let participantColumn = layout.participantColumn,
        row + IDNumbering.ahead < rows.upperBound
      {
        table.withField(row + IDNumbering.ahead, participantColumn) {
          participants.prefetch(bytes: $0)
        }
      }
      var person: Int32 = -1
      emit(
        claim(
          row, table: table, columns: layout.columns, absent: layout.absent,
          participantColumn: layout.participantColumn, participants: participants,
          person: &person, evidenceColumn: layout.evidenceColumn, outcomeIDs: layout.outcomeIDs,
          evidenceCells: &evidenceCells, card: card, dates: dates, &issues))
      if participants != nil { people.append(person) }
    }
  }

  /// `participants`, when given, numbers the participants' ids by position: `person` is set to
  /// the claim's participant's (or -1).
  static func claim(
    _ row: Int, table: DataTable, columns: [(field: Int, column: Int)], absent: [String],
    participantColumn: Int?, participants: IDNumbering? = nil, person: inout Int32,
    evidenceColumn: Int?, outcomeIDs: IDNumbering,
    evidenceCells: inout EvidenceCells, card: CompiledCard, dates: DateFormat,
    _ issues: inout [DataIssue]
  ) -> ClaimRecord {
    var values = FieldValues(missing: card.claimSchema.fields.count)
    var problems = rowProblems(row, table)
    let interned = read(
      row, columns, absent: absent, schema: card.claimSchema, card: card, table: table,
      dates: dates, into: &values, &problems, &issues, interning: (1, outcomeIDs))
    let id: String
    if case .text(let text) = values[0] {
      id = text
    } else {
      // The empty claim_id is already among the problems; name the claim by its row.
      id = "(row \(table.number(row)))"
    }
    let participant: String
    // A field that is exactly a participant's id (as nearly every one is) takes that
    // participant's text of it, with no string made and no spaces to trim.
    if let participants, let participantColumn,
      let number = table.withField(row, participantColumn, { participants.number(ofBytes: $0) })
    {
      participant = participants.ids[Int(number)]
      person = number
    } else {
      participant = field(table, row, participantColumn)
      person = participants?.number(of: participant) ?? -1
    }
    if participant.isEmpty { problems.append("the claim has no participant_id") }
    var evidence: [String] = []
    if let evidenceColumn {
      // A cell read before is found by its bytes, with no string made for it.
      let reading =
        table.withField(row, evidenceColumn) { evidenceCells.known($0) }
        ?? evidenceCells.read(field(table, row, evidenceColumn), card: card)
      evidence = reading.names
      for message in reading.unknown {
        issues.append(
          DataIssue(
            .warning, path: table.path, row: table.number(row), column: evidenceColumn + 1,
            columnName: "evidence", message))
      }
    }
    var outcome = ""
    if let interned {
      outcome = outcomeIDs.ids[Int(interned)]
    } else if case .text(let text) = values[1] {
      outcome = outcomeIDs.number(of: text).map { outcomeIDs.ids[Int($0)] } ?? text
      values[1] = .text(outcome)
    }
    let day: DayNumber? = if case .date(let day) = values[2] { day } else { nil }
    return ClaimRecord(
      id: id, participantID: participant, outcome: outcome, achievedOn: day,
      evidence: evidence, values: consume values, row: table.number(row), problems: problems)
  }

  /// The names in an evidence cell: split at `;`, trimmed, empty ones dropped. An ASCII cell
  /// (almost every one) is split on its bytes, which for ASCII is the same as splitting on
  /// characters; any other is split on characters.
  static func evidenceNames(_ cell: String) -> [String] {
    // Most cells name one kind of evidence and need no splitting or trimming at all.
    if !cell.utf8.contains(where: { $0 == UInt8(ascii: ";") || $0 == 0x20 || $0 == 0x09 }) {
      return cell.isEmpty ? [] : [cell]
    }
    let ascii = !cell.utf8.contains { $0 >= 0x80 }
    let items =
      ascii
      ? cell.utf8.split(separator: UInt8(ascii: ";")).map { String(Substring($0)) }
      : cell.split(separator: ";").map(String.init)
    return items.map(\.trimmingSpaces).filter { !$0.isEmpty }
  }

  /// Where each schema field is in the table; reports missing and undeclared columns once.
  static func layout(
    _ table: DataTable, schema: Schema, required: [String], extra: Set<String>,
    _ issues: inout [DataIssue]
  ) -> [(field: Int, column: Int)] {
    guard !table.header.isEmpty else { return [] }
    var columns: [(Int, Int)] = []
    var seen: Set<String> = []
    for (column, name) in table.header.enumerated() {
      if !seen.insert(name).inserted {
        issues.append(
          DataIssue(
            .error, path: table.path, row: 1, column: column + 1, columnName: name,
            "the column appears twice; the first is used"))
        continue
      }
      if let field = schema.index[name] {
        columns.append((field, column))
      } else if !extra.contains(name) {
        let hint = FuzzyMatch.suggestion(for: name, in: schema.index.keys)
        issues.append(
          DataIssue(
            .warning, path: table.path, row: 1, column: column + 1, columnName: name,
            "the card does not declare this column, so it is ignored"
              + (hint.map { "; \($0)" } ?? "")))
      }
    }
    // Every column the card or the engine needs must be there: a missing one would make every
    // claim look the same (no evidence, an empty field), never an error to pass over.
    let needed = required + schema.fields.filter { !$0.builtin && !$0.optional }.map(\.name)
    for field in schema.fields where field.optional && !field.builtin && !seen.contains(field.name)
    {
      issues.append(
        DataIssue(
          .warning, path: table.path, row: 1, columnName: field.name,
          "the card's optional field `\(field.name)` has no column, so every row leaves it empty"
            + (RecordLoader.closeColumn(to: field.name, in: table.header).map {
              "; did you mean the column `\($0)`?"
            } ?? "")))
    }
    for name in needed where !seen.contains(name) {
      var issue = DataIssue(
        .error, path: table.path, row: 1, columnName: name,
        "the column `\(name)` is missing"
          + (RecordLoader.closeColumn(to: name, in: table.header).map {
            "; did you mean the column `\($0)`?"
          } ?? ""))
      issue.stopsEvaluation = true
      issues.append(issue)
    }
    return columns
  }

  /// A header that is the wanted column written another way: another case, spaces or hyphens
  /// for underscores (`Claim Id`), or a close spelling (`achieved_date`).
  static func closeColumn(to wanted: String, in header: [String]) -> String? {
    func normal(_ name: String) -> String {
      String(
        name.lowercased().map { $0 == " " || $0 == "-" || $0 == "." ? "_" : $0 }
      ).trimmingCharacters(in: .whitespaces)
    }
    if let same = header.first(where: { normal($0) == wanted }) { return same }
    let stem = wanted.split(separator: "_").first.map(String.init) ?? wanted
    return header.first { name in
      let candidate = normal(name)
      return FuzzyMatch.editDistance(candidate, wanted) <= 2
        || (candidate.hasPrefix(stem + "_") && wanted.hasPrefix(stem + "_") && stem.count >= 4)
    }
  }

  static func rowProblems(_ row: Int, _ table: DataTable) -> [String] {
    let count = table.fieldCount(row)
    return count == table.header.count
      ? [] : ["row \(table.number(row)) has \(count) fields, the header \(table.header.count)"]
  }

  static func field(_ table: DataTable, _ row: Int, _ column: Int?) -> String {
    guard let column else { return "" }
    return table.field(row, column).trimmingSpaces
  }

  /// The required fields of `schema` that have no column (see `layout`): each row reports them.
  static func absentRequired(schema: Schema, _ columns: [(field: Int, column: Int)]) -> [String] {
    schema.fields.enumerated().filter { index, spec in
      !spec.optional && !columns.contains(where: { $0.field == index })
    }.map(\.element.name)
  }

  /// Reads row `row`'s fields into `values`; `absent` names the required fields without a
  /// column (worked out once per table, not once per row).
  ///
  /// `interning` names a text field whose values are mostly the ids of a numbering (a claim's
  /// outcome among the card's outcome ids, a participant's provider among those named before):
  /// a field whose bytes are exactly one of them is given that id's string, made once, rather
  /// than a string of its own, and its number is returned.
  @discardableResult
  static func read(
    _ row: Int, _ columns: [(field: Int, column: Int)], absent: [String], schema: Schema,
    card: CompiledCard, table: DataTable, dates: DateFormat, into values: inout FieldValues,
    _ problems: inout [String], _ issues: inout [DataIssue],
    interning: (field: Int, ids: IDNumbering)? = nil
  ) -> Int32? {
    var interned: Int32?
    for (fieldIndex, column) in columns {
      if let interning, fieldIndex == interning.field,
        let number = table.withField(row, column, { interning.ids.number(ofBytes: $0) })
      {
        values[fieldIndex] = .text(interning.ids.ids[Int(number)])
        interned = number
        continue
      }
      let spec = schema.fields[fieldIndex]
      // Read from the field's bytes in place.
      let parsed = table.withField(row, column) {
        ValueParser.parse(bytes: $0, as: spec.type, currency: card.currency, dates: dates)
      }
      switch parsed {
      case .success(let value):
        values[fieldIndex] = value
        if value.isMissing && !spec.optional {
          problems.append("\(spec.name) is empty")
          issues.append(
            DataIssue(
              .error, path: table.path, row: table.number(row), column: column + 1,
              columnName: spec.name, "a value is required"))
        }
      case .failure(let problem):
        problems.append("\(spec.name): \(problem.message)")
        issues.append(
          DataIssue(
            .error, path: table.path, row: table.number(row), column: column + 1,
            columnName: spec.name, problem.message))
      }
    }
    for name in absent where !problems.contains("\(name) is empty") {
      problems.append("\(name) is missing")
    }
    return interned
  }

  /// Problems that need both files: claims for participants who are not in the participant
  /// data, outcomes that are not on the card, and claim ids used twice. The claims are still
  /// evaluated (and rejected with these reasons); this reports them with row and column.
  public static func crossCheck(
    claims: [ClaimRecord], index: ClaimIndex, path: String, header: [String], card: CompiledCard
  ) -> [DataIssue] {
    func column(_ name: String) -> Int? { header.firstIndex(of: name).map { $0 + 1 } }
    // Only ids the index found on more than one claim are hashed again.
    var firstRow: [ByteKey: Int] = [:]
    var issues: [DataIssue] = []
    // Claims are read in place (a `for claim in` loop would copy each record).
    claims.withUnsafeBufferPointer { claims in
      for position in claims.indices {
        let row = claims[position].row ?? 0
        if !claims[position].participantID.isEmpty && index.person[position] < 0 {
          issues.append(
            DataIssue(
              .error, path: path, row: row, column: column("participant_id"),
              columnName: "participant_id",
              "participant \(ValueParser.quoted(claims[position].participantID)) is not in the participant data"
            )
          )
        }
        if !claims[position].outcome.isEmpty && index.outcome[position] < 0 {
          let hint = FuzzyMatch.suggestion(
            for: claims[position].outcome, in: card.outcomeIndex.keys)
          issues.append(
            DataIssue(
              .error, path: path, row: row, column: column("outcome"), columnName: "outcome",
              "\(ValueParser.quoted(claims[position].outcome)) is not an outcome on the card"
                + (hint.map { "; \($0)" } ?? "")))
        }
        guard index.sharedID[position] else { continue }
        // The first row of an id is put back when a later one replaced it.
        let key = ByteKey(claims[position].id)
        if let first = firstRow.updateValue(row, forKey: key) {
          firstRow[key] = first
          if claims[position].problems.isEmpty {
            issues.append(
              DataIssue(
                .error, path: path, row: row, column: column("claim_id"),
                columnName: "claim_id",
                "claim id \(ValueParser.quoted(claims[position].id)) is also on row \(first)"))
          }
        }
      }
    }
    return issues
  }
}

/// A table handed out once to the thread that types it, so that the only reference to it is
/// that thread's and it is freed when typed.
private final class Taken: @unchecked Sendable {
  private var table: DataTable?
  init(_ table: consuming DataTable) { self.table = table }
  func take() -> DataTable { table.take()! }
}

/// A table in pieces (see `CSVReader.pieces`), each handed out once to the thread that types
/// it. What the loader needs from the whole (where it came from, its columns, the reader's
/// issues) is kept apart.
final class TablePieces: @unchecked Sendable {
  let path: String
  let header: [String]
  let issues: [DataIssue]
  /// Where each piece's rows start, counting every piece's rows; and one past the last.
  private let starts: [Int]
  /// Each place is taken once, by one thread.
  private let tables: UnsafeMutableBufferPointer<DataTable?>

  init(_ pieces: consuming [DataTable]) {
    path = pieces.first?.path ?? ""
    header = pieces.first?.header ?? []
    issues = pieces.first?.issues ?? []
    starts = pieces.reduce(into: [0]) { $0.append($0.last! + $1.rowCount) }
    tables = .allocate(capacity: pieces.count)
    _ = tables.initialize(from: pieces.map { Optional($0) })
  }

  deinit {
    tables.deinitialize()
    tables.deallocate()
  }

  var rowCount: Int { starts.last! }

  /// The rows split into ranges for the cores (`Parallel.balancedParts`): of whole pieces
  /// when there are several, evenly when there is one (a JSON Lines file, or a small CSV file).
  func ranges() -> [Range<Int>] {
    let parts = Parallel.balancedParts(for: rowCount)
    var ranges: [Range<Int>] = []
    var start = 0
    for part in 1...parts {
      let share = rowCount * part / parts
      // The first piece boundary at or past this part's share.
      let end =
        part == parts || tables.count == 1 ? share : starts.first { $0 >= share } ?? rowCount
      ranges.append(start..<end)
      start = end
    }
    return ranges
  }

  /// The pieces with rows in `range`: each with those rows (counted from the piece's start),
  /// and whether the range has all the piece's rows, so that the piece can be taken.
  func parts(of range: Range<Int>) -> [(piece: Int, rows: Range<Int>, whole: Bool)] {
    starts.indices.dropLast().compactMap { piece in
      let rows = starts[piece]..<starts[piece + 1]
      let here = rows.clamped(to: range)
      // A table with no rows is one piece, in the one range there is.
      guard !here.isEmpty || rowCount == 0 else { return nil }
      let local = (here.lowerBound - rows.lowerBound)..<(here.upperBound - rows.lowerBound)
      return (piece, local, here == rows && tables.count > 1)
    }
  }

  /// Piece `piece`: taken (by the one thread with all its rows), or read where it is (by each
  /// of the threads sharing the one piece there is).
  func table(_ piece: Int, taking: Bool) -> DataTable {
    taking ? tables[piece].take()! : tables[piece]!
  }
}
