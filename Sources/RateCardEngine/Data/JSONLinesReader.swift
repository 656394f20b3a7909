import Foundation

/// Reads JSON Lines: one JSON object per line, with the same fields as the CSV columns.
/// Values may be text, numbers, yes/no (`true`/`false`) or `null` (empty). Text is safest
/// for money, which is read exactly from its digits.
public enum JSONLinesReader {
  public static func read(_ bytes: [UInt8], path: String) -> DataTable {
    var header: [String] = []
    var columnIndex: [String: Int] = [:]
    var objects: [(number: Int, values: [String: String])] = []
    var issues: [DataIssue] = []
    var lineNumber = 0
    var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while start <= bytes.count {
      var end = start
      while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
      lineNumber += 1
      let line = bytes[start..<end]
      start = end + 1
      let trimmed = line.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
      if trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
        if end >= bytes.count { break }
        continue
      }
      guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
      else {
        issues.append(
          DataIssue(.error, path: path, row: lineNumber, "this line is not a JSON object"))
        objects.append((lineNumber, [:]))
        continue
      }
      var values: [String: String] = [:]
      for key in object.keys.sorted() {
        if columnIndex[key] == nil {
          columnIndex[key] = header.count
          header.append(key)
        }
        switch object[key] {
        case let text as String: values[key] = text
        case let number as NSNumber:
          // true and false arrive as a boolean subclass of NSNumber on every platform.
          if String(describing: type(of: number)).contains("Boolean") {
            values[key] = number.boolValue ? "yes" : "no"
          } else {
            values[key] = number.stringValue
          }
        case is NSNull, nil: values[key] = ""
        default:
          issues.append(
            DataIssue(
              .error, path: path, row: lineNumber, columnName: key,
              "a value must be text, a number, true/false or null"))
          values[key] = ""
        }
      }
      objects.append((lineNumber, values))
    }
    if objects.isEmpty {
      issues.append(DataIssue(.error, path: path, row: 1, "the file has no records"))
    }
    let rows = objects.map { object in
      DataTable.Row(number: object.number, fields: header.map { object.values[$0] ?? "" })
    }
    return DataTable(path: path, header: header, rows: rows, issues: issues)
  }
}
