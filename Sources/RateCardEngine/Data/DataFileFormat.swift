import Foundation

/// What a data file really is, so a user hears the real problem ("this is an Excel
/// workbook") rather than a thousand row errors. Pure: bytes in, a verdict out.
public enum DataFileFormat {
  public enum Encoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
  }

  public enum Verdict: Equatable, Sendable {
    case csv([UInt8])
    case jsonLines([UInt8])
    /// Cannot be read; the message says why and what to do.
    case problem(String)
  }

  public static func examine(_ bytes: [UInt8], path: String, encoding: Encoding = .utf8)
    -> Verdict
  {
    let name = (path as NSString).lastPathComponent
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
      return .problem(
        "`\(name)` is a workbook or another zip file, not CSV: in Excel, save it as \"CSV UTF-8 (comma delimited)\""
      )
    }
    var text = bytes
    if encoding == .windows1252 {
      guard let decoded = String(data: Data(bytes), encoding: .windowsCP1252) else {
        return .problem("`\(name)` cannot be read as Windows-1252")
      }
      text = Array(decoded.utf8)
    } else if !UTF8Check.isValid(bytes) {
      let looksWindows = bytes.contains(0xA3) || bytes.contains(0x80) || bytes.contains(0x92)
      return .problem(
        "`\(name)` is not UTF-8"
          + (looksWindows
            ? "; it looks like Windows-1252 (a `£` is the single byte A3)" : "")
          + ": re-save it as UTF-8 (in Excel, \"CSV UTF-8\"), or pass --encoding windows-1252")
    }
    let first = text.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
    let json = path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") || path.hasSuffix(".json")
    if json || first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
      if first == UInt8(ascii: "[") {
        return .problem(
          "`\(name)` is a JSON array; ratecard reads JSON Lines: one object per line, with no surrounding `[` `]`"
        )
      }
      if first == UInt8(ascii: "{") || path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") {
        return .jsonLines(text)
      }
    }
    // A header with no comma but semicolons or tabs: another separator.
    let header = text.prefix { $0 != 0x0A }
    if !header.contains(UInt8(ascii: ",")) {
      if header.contains(UInt8(ascii: ";")) {
        return .problem(
          "`\(name)` is separated by semicolons; ratecard reads comma-separated CSV: re-save it with commas (in Excel, \"CSV UTF-8 (comma delimited)\")"
        )
      }
      if header.contains(0x09) {
        return .problem(
          "`\(name)` is separated by tabs; ratecard reads comma-separated CSV: re-save it with commas"
        )
      }
    }
    return .csv(text)
  }
}
