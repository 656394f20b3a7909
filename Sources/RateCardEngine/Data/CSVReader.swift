/// Reads CSV as RFC 4180 describes it: comma-separated fields, a header row, fields quoted
/// with `"` (a quote inside is doubled) that may hold commas and line breaks, CRLF or LF line
/// ends. Works on bytes; never stops at a bad row.
public enum CSVReader {
  public static func read(_ bytes: [UInt8], path: String) -> DataTable {
    bytes.withUnsafeBufferPointer { read($0, path: path) }
  }

  static func read(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> DataTable {
    pieces(bytes, path: path, rows: .max)[0]
  }

  /// The table in pieces of `rows` rows (the last may have fewer), in order, so that typing
  /// can let each piece go as soon as it is typed (see `RecordLoader.claims(pieces:)`). Every
  /// piece has the header; the first has every issue. There is always at least one piece.
  public static func pieces(_ bytes: [UInt8], path: String, rows: Int) -> [DataTable] {
    bytes.withUnsafeBufferPointer { pieces($0, path: path, rows: rows) }
  }

  static func pieces(_ bytes: UnsafeBufferPointer<UInt8>, path: String, rows piece: Int)
    -> [DataTable]
  {
    var pieces: [DataTable] = []
    let split = split(bytes, path: path, rows: piece) { pieces.append($0) }
    guard let header = split.header else {
      return [DataTable(path: path, header: [], rows: [], issues: split.issues)]
    }
    if pieces.isEmpty { pieces.append(DataTable(path: path, header: header, rows: [], issues: [])) }
    pieces[0].issues = split.issues
    return pieces
  }

  /// What splitting a file finds besides its rows: the header (nil for a file with no
  /// record at all) and the reader's issues, in order.
  struct Split {
    var header: [String]?
    var issues: [DataIssue]
  }

  /// Splits the file into pieces of `rows` rows and hands each to `emit` as soon as it is
  /// whole, with the header set (the last piece may have fewer rows; a file with no rows
  /// emits none). The issues come back at the end, for the caller to put first.
  static func split(
    _ bytes: UnsafeBufferPointer<UInt8>, path: String, rows piece: Int,
    emit: (consuming DataTable) -> Void
  ) -> Split {
    // Fields' bytes go straight into the table (see `DataTable`); each row is checked against
    // the header (the first record) as it ends.
    // About as many bytes for each piece as its share of the file.
    let share = piece >= bytes.count ? bytes.count : min(bytes.count, piece * 80)
    var table = DataTable(path: path)
    table.reserve(bytes: share, fields: share / 8, rows: share / 64)
    var header: [String]?
    var issues: [DataIssue] = []
    var position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var quoted = false
    var fieldStarted = false
    var record = 1
    var problem: String?
    let quote = UInt8(ascii: "\"")
    let comma = UInt8(ascii: ",")
    let lineFeed = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")

    func endRecord() {
      // A blank line is not a record.
      if table.pendingFields > 0 || !table.pendingFieldIsEmpty || fieldStarted {
        table.endField()
        if let header {
          if let problem { issues.append(DataIssue(.error, path: path, row: record, problem)) }
          let count = table.pendingFields
          if count != header.count {
            issues.append(
              DataIssue(
                .error, path: path, row: record,
                "the row has \(count) field\(count == 1 ? "" : "s") but the header has \(header.count)"
              ))
          }
          table.endRow(number: record)
          if table.rowCount == piece {
            table.header = header
            emit(table)
            table = DataTable(path: path)
            table.reserve(bytes: share, fields: share / 8, rows: share / 64)
          }
        } else {
          header = table.pendingRow().map { $0.trimmingSpaces }
          table.dropRow()
        }
        record += 1
      }
      fieldStarted = false
      problem = nil
    }

    while position < bytes.count {
      let byte = bytes[position]
      if quoted {
        if byte == quote {
          if position + 1 < bytes.count && bytes[position + 1] == quote {
            table.appendByte(byte)
            position += 2
            continue
          }
          quoted = false
          position += 1
          // Anything between a closing quote and the next separator is kept, and reported.
          if position < bytes.count,
            bytes[position] != comma, bytes[position] != lineFeed,
            bytes[position] != carriageReturn
          {
            problem = problem ?? "text after a closing quote in column \(table.pendingFields + 1)"
          }
          continue
        }
        // A run of bytes inside quotes up to the next quote is taken at once.
        let end = ByteWord.first(
          in: bytes, from: position + 1, { ByteWord.equal(quote, $0) }, { $0 == quote })
        table.appendBytes(UnsafeBufferPointer(rebasing: bytes[position..<end]))
        position = end
        continue
      }
      switch byte {
      case quote:
        if table.pendingFieldIsEmpty {
          quoted = true
        } else {
          problem =
            problem ?? "a quote inside an unquoted field in column \(table.pendingFields + 1)"
          table.appendByte(byte)
        }
        fieldStarted = true
        position += 1
      case comma:
        table.endField()
        fieldStarted = true
        position += 1
      case carriageReturn:
        position += 1
        if position < bytes.count && bytes[position] == lineFeed { position += 1 }
        endRecord()
      case lineFeed:
        position += 1
        endRecord()
      default:
        // A run of ordinary bytes is taken at once: each would only be appended.
        let end = ByteWord.first(
          in: bytes, from: position + 1,
          { v in
            ByteWord.equal(quote, v) | ByteWord.equal(comma, v) | ByteWord.equal(lineFeed, v)
              | ByteWord.equal(carriageReturn, v)
          },
          { $0 == quote || $0 == comma || $0 == lineFeed || $0 == carriageReturn })
        table.appendBytes(UnsafeBufferPointer(rebasing: bytes[position..<end]))
        fieldStarted = true
        position = end
      }
    }
    if quoted {
      problem = "a quoted field is not closed before the end of the file"
    }
    if !table.pendingFieldIsEmpty || table.pendingFields > 0 || fieldStarted || quoted {
      endRecord()
    }

    guard let header else {
      issues.append(
        DataIssue(.error, path: path, row: 1, "the file is empty: it needs a header row"))
      return Split(header: nil, issues: issues)
    }
    if table.rowCount > 0 {
      table.header = header
      emit(table)
    }
    return Split(header: header, issues: issues)
  }
}

extension String {
  /// Without leading and trailing spaces and tabs, decided on bytes (spaces and tabs are
  /// single bytes in UTF-8); most fields have none, and are returned as they are.
  var trimmingSpaces: String {
    let bytes = utf8
    func blank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    guard let first = bytes.first, let last = bytes.last, blank(first) || blank(last) else {
      return self
    }
    // Beyond ASCII a space can start a character (a space with a combining mark), which is
    // not a space: then characters decide, as they always have.
    if bytes.contains(where: { $0 >= 0x80 }) {
      var text = Substring(self)
      while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
      while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
      return String(text)
    }
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end, blank(bytes[start]) { start = bytes.index(after: start) }
    while end > start, blank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
    return String(Substring(bytes[start..<end]))
  }
}
