import RateCard

/// Rows read from a data file, before typing: a header and text fields. The fields' bytes are
/// kept back to back in one array, with where each ends, rather than as a `String` each: a
/// million claims are eight million fields, and most of them are read once, as a date.
public struct DataTable: Sendable {
  /// One row as text, for building a table and for looking at one.
  public struct Row: Sendable, Equatable {
    /// The record number: the header is row 1, the first data row is row 2. A quoted field
    /// with line breaks does not change the numbering.
    public var number: Int
    public var fields: [String]

    public init(number: Int, fields: [String]) {
      self.number = number
      self.fields = fields
    }
  }

  public var path: String
  public var header: [String]
  public var issues: [DataIssue]

  /// Every field's bytes, row after row.
  private var text = ByteBuffer()
  /// Per field of every row, in order: where its bytes end in `text`. Each starts where the
  /// one before it ends.
  private var fieldEnds: [Int] = []
  /// Per row, and one past the last: where its fields start in `fieldEnds`.
  private var rowFields: [Int] = [0]
  /// Per row: its record number.
  private var numbers: [Int] = []

  public init(path: String, header: [String], rows: [Row], issues: [DataIssue]) {
    self.path = path
    self.header = header
    self.issues = issues
    self.rows = rows
  }

  /// An empty table, to which a reader adds rows.
  init(path: String) {
    self.init(path: path, header: [], rows: [], issues: [])
  }

  public var rowCount: Int { numbers.count }

  /// Every row as text (made on the spot; readers and the loader read fields in place).
  public var rows: [Row] {
    get {
      (0..<rowCount).map { row in
        Row(number: numbers[row], fields: (0..<fieldCount(row)).map { field(row, $0) })
      }
    }
    set {
      text = ByteBuffer()
      fieldEnds = []
      rowFields = [0]
      numbers = []
      for row in newValue {
        for field in row.fields {
          field.withBytes { text.append(bytes: $0) }
          endField()
        }
        endRow(number: row.number)
      }
    }
  }

  /// Row `row`'s record number.
  public func number(_ row: Int) -> Int { numbers[row] }

  /// How many fields row `row` has.
  public func fieldCount(_ row: Int) -> Int { rowFields[row + 1] - rowFields[row] }

  /// The text of field `column` of row `row`; empty when the row has fewer fields.
  public func field(_ row: Int, _ column: Int) -> String {
    withField(row, column) { String(decoding: $0, as: UTF8.self) }
  }

  /// `body` of the bytes of field `column` of row `row`, in place; no bytes when the row has
  /// fewer fields.
  public func withField<Result>(
    _ row: Int, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
    guard column < fieldCount(row) else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
    let bytes = self.bytes(ofField: rowFields[row] + column)
    return text.withBytes { body(UnsafeBufferPointer(rebasing: $0[bytes])) }
  }

  /// Where field `index` (counting every row's fields) is in `text`: from where the field
  /// before it ends.
  private func bytes(ofField index: Int) -> Range<Int> {
    (index == 0 ? 0 : fieldEnds[index - 1])..<fieldEnds[index]
  }

  // MARK: Building, for the readers

  /// Where the field being built starts in `text`.
  private var pendingStart: Int { fieldEnds.last ?? 0 }
  /// Where the row being built starts in `text`: where the last kept row's last field ends.
  private var pendingStartOfRow: Int {
    let first = rowFields[rowFields.count - 1]
    return first == 0 ? 0 : fieldEnds[first - 1]
  }
  /// Whether the field being built has no bytes yet.
  var pendingFieldIsEmpty: Bool { text.count == pendingStart }
  /// How many fields the row being built has so far.
  var pendingFields: Int { fieldEnds.count - rowFields[rowFields.count - 1] }

  /// Adds bytes to the field being built.
  mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) { text.append(bytes: bytes) }
  mutating func appendByte(_ byte: UInt8) { text.append(byte) }

  /// Ends the field being built (its bytes are those added since the last field ended).
  mutating func endField() { fieldEnds.append(text.count) }

  /// The fields of the row being built, as text.
  func pendingRow() -> [String] {
    (rowFields[rowFields.count - 1]..<fieldEnds.count).map { index in
      text.withBytes { String(decoding: $0[bytes(ofField: index)], as: UTF8.self) }
    }
  }

  /// Keeps the row being built, as record `number`.
  mutating func endRow(number: Int) {
    numbers.append(number)
    rowFields.append(fieldEnds.count)
  }

  /// Drops the row being built (a blank line, or the header once it is read).
  mutating func dropRow() {
    text.removeAll(from: pendingStartOfRow)
    fieldEnds.removeSubrange(rowFields[rowFields.count - 1]...)
  }

  /// Room for about this many bytes and fields.
  mutating func reserve(bytes: Int, fields: Int, rows: Int) {
    text.reserve(bytes)
    fieldEnds.reserveCapacity(fields)
    rowFields.reserveCapacity(rows + 1)
    numbers.reserveCapacity(rows)
  }
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
