import RateCard

/// Rows read from a data file, before typing: a header and text fields.
public struct DataTable: Sendable {
  public struct Row: Sendable {
    /// The record number: the header is row 1, the first data row is row 2. A quoted field
    /// with line breaks does not change the numbering.
    public var number: Int
    public var fields: [String]
  }

  public var path: String
  public var header: [String]
  public var rows: [Row]
  public var issues: [DataIssue]
}

/// A problem in a data file, with where it is.
public struct DataIssue: Sendable, Equatable, CustomStringConvertible {
  public enum Severity: String, Sendable {
    case error
    case warning
  }

  public var severity: Severity
  public var path: String
  public var row: Int
  /// 1-based column number, or nil for a problem with the whole row.
  public var column: Int?
  public var columnName: String?
  public var message: String
  /// A problem with the whole file (a missing column, a file that is not CSV): nothing can be
  /// evaluated until it is fixed.
  public var stopsEvaluation = false

  public init(
    _ severity: Severity, path: String, row: Int, column: Int? = nil, columnName: String? = nil,
    _ message: String
  ) {
    self.severity = severity
    self.path = path
    self.row = row
    self.column = column
    self.columnName = columnName.map(Diagnostic.bounded)
    self.message = Diagnostic.bounded(message)
  }

  /// `claims.csv:5:4: error: ... (column achieved_on)`
  public var description: String {
    let place = column.map { "\(path):\(row):\($0)" } ?? "\(path):\(row)"
    let name = columnName.map { " (column \($0))" } ?? ""
    return "\(place): \(severity.rawValue): \(message)\(name)"
  }
}
