import RateCard

/// Text in columns for a terminal: each column as wide as its widest cell (counted in
/// characters), two spaces between columns, chosen columns aligned right, and no spaces at the
/// end of a line. The one layout rule for every table `ratecard` prints.
///
/// Cells are measured in one pass and written in a second, straight into bytes, so a table of
/// a million rows builds no `String` per row or per padded cell.
public struct AlignedColumns {
  private(set) var widths: [Int]
  private let right: [Bool]
  private let indent: String
  /// Spaces owed before the next text on the line: padding and separators are written only
  /// when something follows them, which is how a line never ends in spaces.
  private var owed = 0
  private var column = 0

  public init(columns: Int, rightAligned: Set<Int>, indent: String = "") {
    widths = Array(repeating: 0, count: columns)
    right = (0..<columns).map { rightAligned.contains($0) }
    self.indent = indent
  }

  /// The width of a cell: its characters (a byte each when it is ASCII, bar a carriage return,
  /// which a line feed after it joins into one character).
  static func width(_ cell: String) -> Int {
    let ascii = cell.withBytes { bytes in bytes.allSatisfy { $0 < 0x80 && $0 != 0x0D } }
    return ascii ? cell.utf8.count : cell.count
  }

  /// Widens the columns to hold `cells` (the first pass).
  public mutating func measure(_ cells: [String]) {
    for (index, cell) in cells.enumerated() { measure(cell, column: index) }
  }

  mutating func measure(_ cell: String, column index: Int) {
    if index >= widths.count {
      widths += Array(repeating: 0, count: index + 1 - widths.count)
    }
    widths[index] = Swift.max(widths[index], AlignedColumns.width(cell))
  }

  /// Writes one line of `cells` (the second pass).
  public mutating func write(_ cells: [String], to out: inout ByteOutput) {
    for cell in cells { write(cell, to: &out) }
    endLine(&out)
  }

  /// Writes the next cell of the line.
  mutating func write(_ cell: String, to out: inout ByteOutput) {
    if column == 0 {
      text(indent, &out)
    } else {
      owed += 2
    }
    let pad = (column < widths.count ? widths[column] : 0) - AlignedColumns.width(cell)
    let rightAligned = column < right.count && right[column]
    if rightAligned { owed += pad }
    text(cell, &out)
    if !rightAligned { owed += pad }
    column += 1
  }

  /// Ends the line: what spaces are owed are dropped.
  mutating func endLine(_ out: inout ByteOutput) {
    out.append(UInt8(ascii: "\n"))
    owed = 0
    column = 0
  }

  /// A text written after the spaces owed; its own trailing spaces are owed in turn.
  private mutating func text(_ text: String, _ out: inout ByteOutput) {
    text.withBytes { bytes in
      var end = bytes.count
      while end > 0 && bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
      if end > 0 {
        spaces(&out)
        out.append(bytes: UnsafeBufferPointer(rebasing: bytes[0..<end]))
      }
      owed += bytes.count - end
    }
  }

  private mutating func spaces(_ out: inout ByteOutput) {
    guard owed > 0 else { return }
    out.appendSpaces(owed)
    owed = 0
  }

  /// `rows` laid out (both passes).
  public static func text(_ rows: [[String]], rightAligned: Set<Int>, indent: String = "")
    -> String
  {
    guard let columns = rows.map(\.count).max() else { return "" }
    var layout = AlignedColumns(columns: columns, rightAligned: rightAligned, indent: indent)
    for row in rows { layout.measure(row) }
    return ByteOutput.text { out in
      for row in rows { layout.write(row, to: &out) }
    }
  }
}
