/// Reads JSON Lines: one JSON object per line, with the same fields as the CSV columns.
/// Values may be text, numbers, yes/no (`true`/`false`) or `null` (empty). Numbers keep their
/// exact text, so money is read exactly whether it is written as text or as a number.
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
      var values: [String: String] = [:]
      switch FlatJSONObject.parse(line) {
      case .failure(.notAnObject):
        issues.append(
          DataIssue(.error, path: path, row: lineNumber, "this line is not a JSON object"))
      case .failure(.nested(let key)):
        issues.append(
          DataIssue(
            .error, path: path, row: lineNumber, columnName: key,
            "a value must be text, a number, true/false or null"))
      case .success(let pairs):
        for (key, value) in pairs {
          if columnIndex[key] == nil {
            columnIndex[key] = header.count
            header.append(key)
          }
          values[key] = value
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
