import RateCardEngine

/// The CSV reader as first written, byte by byte: the witness for the fast reader (see
/// CSVReaderWitnessTests). Reads CSV as RFC 4180 describes it: comma-separated fields, a header row, fields quoted
/// with `"` (a quote inside is doubled) that may hold commas and line breaks, CRLF or LF line
/// ends. Works on bytes; never stops at a bad row.
enum PlainCSVReader {
  static func read(_ bytes: [UInt8], path: String) -> PlainTable {
    var records: [(number: Int, fields: [String], problem: String?)] = []
    var issues: [DataIssue] = []
    var position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var fields: [String] = []
    var field: [UInt8] = []
    var quoted = false
    var fieldStarted = false
    var record = 1
    var problem: String?

    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    func endRecord() {
      fields.append(text(field))
      // A blank line is not a record.
      if !(fields.count == 1 && fields[0].isEmpty && !fieldStarted) {
        records.append((record, fields, problem))
        record += 1
      }
      fields = []
      field = []
      fieldStarted = false
      problem = nil
    }

    while position < bytes.count {
      let byte = bytes[position]
      if quoted {
        if byte == UInt8(ascii: "\"") {
          if position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "\"") {
            field.append(byte)
            position += 2
            continue
          }
          quoted = false
          position += 1
          // Anything between a closing quote and the next separator is kept, and reported.
          if position < bytes.count,
            bytes[position] != UInt8(ascii: ","), bytes[position] != UInt8(ascii: "\n"),
            bytes[position] != UInt8(ascii: "\r")
          {
            problem = problem ?? "text after a closing quote in column \(fields.count + 1)"
          }
          continue
        }
        field.append(byte)
        position += 1
        continue
      }
      switch byte {
      case UInt8(ascii: "\""):
        if field.isEmpty {
          quoted = true
        } else {
          problem = problem ?? "a quote inside an unquoted field in column \(fields.count + 1)"
          field.append(byte)
        }
        fieldStarted = true
        position += 1
      case UInt8(ascii: ","):
        fields.append(text(field))
        field = []
        fieldStarted = true
        position += 1
      case UInt8(ascii: "\r"):
        position += 1
        if position < bytes.count && bytes[position] == UInt8(ascii: "\n") { position += 1 }
        endRecord()
      case UInt8(ascii: "\n"):
        position += 1
        endRecord()
      default:
        field.append(byte)
        fieldStarted = true
        position += 1
      }
    }
    if quoted {
      problem = "a quoted field is not closed before the end of the file"
    }
    if !field.isEmpty || !fields.isEmpty || fieldStarted || quoted { endRecord() }

    guard let first = records.first else {
      issues.append(
        DataIssue(.error, path: path, row: 1, "the file is empty: it needs a header row"))
      return PlainTable(header: [], rows: [], issues: issues)
    }
    let header = first.fields.map(PlainCSVReader.trimmed)
    var rows: [PlainTable.Row] = []
    for record in records.dropFirst() {
      if let problem = record.problem {
        issues.append(DataIssue(.error, path: path, row: record.number, problem))
      }
      if record.fields.count != header.count {
        issues.append(
          DataIssue(
            .error, path: path, row: record.number,
            "the row has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s") but the header has \(header.count)"
          ))
      }
      rows.append(PlainTable.Row(number: record.number, fields: record.fields))
    }
    return PlainTable(header: header, rows: rows, issues: issues)
  }

  static func trimmed(_ text: String) -> String {
    var text = Substring(text)
    while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
    while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
    return String(text)
  }
}

struct PlainTable: Equatable {
  struct Row: Equatable {
    var number: Int
    var fields: [String]
  }
  var header: [String]
  var rows: [Row]
  var issues: [DataIssue]
}
