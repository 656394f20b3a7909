/// The text of one rate card, kept as UTF-8 bytes so the lexer can scan it quickly and every
/// span can be turned back into a line and column for diagnostics.
public struct SourceFile: Sendable {
  public let path: String
  public let bytes: [UInt8]
  /// Byte offset at which each line starts; line 1 starts at 0.
  public let lineStarts: [Int]

  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
    var starts = [0]
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      starts.append(index + 1)
    }
    self.lineStarts = starts
  }

  public init(path: String, text: String) {
    self.init(path: path, bytes: Array(text.utf8))
  }

  /// The whole file as text; invalid UTF-8 becomes U+FFFD so it can still be shown.
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  /// 1-based line and column of a byte offset. Columns count characters, not bytes, so a
  /// caret lines up under `£` and other multi-byte characters.
  public func location(of offset: Int) -> SourceLocation {
    let clamped = max(0, min(offset, bytes.count))
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
    }
    let start = lineStarts[low]
    let column = String(decoding: bytes[start..<clamped], as: UTF8.self).count + 1
    return SourceLocation(line: low + 1, column: column, offset: clamped)
  }

  /// The text of a 1-based line, without its line terminator.
  public func lineText(_ line: Int) -> String {
    guard line >= 1, line <= lineStarts.count else { return "" }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
  }

  public func text(of span: SourceSpan) -> String {
    let lower = max(0, min(span.start, bytes.count))
    let upper = max(lower, min(span.end, bytes.count))
    return String(decoding: bytes[lower..<upper], as: UTF8.self)
  }
}

/// A position a person can find: line and column are 1-based.
public struct SourceLocation: Sendable, Equatable, Codable {
  public let line: Int
  public let column: Int
  public let offset: Int
}

/// A half-open range of byte offsets into a `SourceFile`.
public struct SourceSpan: Sendable, Equatable, Hashable, Codable {
  public var start: Int
  public var end: Int

  public init(start: Int, end: Int) {
    self.start = start
    self.end = max(start, end)
  }

  public static let none = SourceSpan(start: 0, end: 0)

  /// The smallest span covering both.
  public func through(_ other: SourceSpan) -> SourceSpan {
    SourceSpan(start: min(start, other.start), end: max(end, other.end))
  }
}
