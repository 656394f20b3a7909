/// Data problems as a person reads them: the whole-file problems first, then, for each column
/// and kind of problem, the first few rows and a count of the rest, so 3,682 rows with the
/// same mistake take four lines, not 3,682; and a headline when most claims could not be read.
public enum DataIssueReport {
  /// How many rows of one problem are shown before the rest are counted.
  public static let shown = 3

  public static func text(_ issues: [DataIssue], claims: Int) -> String {
    var out = ""
    var groups: [String: [DataIssue]] = [:]
    var order: [String] = []
    for issue in issues {
      if issue.stopsEvaluation || issue.row == 1 {
        out += issue.description + "\n"
        continue
      }
      // The same problem in the same column: the message without its quoted value.
      let kind = issue.message.split(separator: "`", omittingEmptySubsequences: false).enumerated()
        .filter { $0.offset % 2 == 0 }.map(\.element).joined(separator: "…")
      let key = "\(issue.path)|\(issue.severity)|\(issue.columnName ?? "")|\(kind)"
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(issue)
    }
    for key in order {
      let group = groups[key]!
      for issue in group.prefix(shown) { out += issue.description + "\n" }
      if group.count > shown {
        let column = group[0].columnName.map { " in column \($0)" } ?? ""
        out +=
          "\(group[0].path): ... and \(group.count - shown) more rows with the same problem\(column)\n"
      }
      if let hint = formatHint(group) { out += hint + "\n" }
    }
    let badRows = Set(
      issues.filter { $0.severity == .error && !$0.stopsEvaluation && $0.row > 1 }
        .map { "\($0.path)|\($0.row)" }
    ).count
    if claims > 0 && badRows * 2 > claims {
      out +=
        "most rows (\(badRows) of \(claims) claims) could not be read: the file is probably in another format; check the first rows above\n"
    }
    return out
  }

  /// A whole column written in one other date format is said once, with what to write.
  static func formatHint(_ group: [DataIssue]) -> String? {
    guard group.count > 1, group[0].message.contains("is not a date"),
      let column = group[0].columnName
    else { return nil }
    let slashed = group.allSatisfy { issue in
      let value =
        issue.message.split(separator: "`", omittingEmptySubsequences: false).dropFirst().first
        ?? ""
      let parts = value.split(separator: "/")
      return parts.count == 3 && parts[2].count == 4
        && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }
    guard slashed else { return nil }
    return
      "\(group[0].path): the dates in column \(column) are written DD/MM/YYYY; write YYYY-MM-DD (ISO dates), or pass --date-format DD/MM/YYYY"
  }
}
