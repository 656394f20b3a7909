import Foundation

/// Renders diagnostics the way compilers do:
///
///     card.ratecard:12:9: error: a price must be an amount of money [type-mismatch]
///        12 |   price 30%
///           |         ^^^
///       help: write an amount such as `£500`
///
/// Colour is a decoration added only when asked (for terminals).
public struct DiagnosticRenderer {
  public var colour: Bool

  public init(colour: Bool = false) {
    self.colour = colour
  }

  public func render(_ diagnostics: [Diagnostic], in source: SourceFile) -> String {
    diagnostics.map { render($0, in: source) }.joined()
  }

  public func render(_ diagnostic: Diagnostic, in source: SourceFile) -> String {
    var out = header(
      source, diagnostic.span, diagnostic.severity.rawValue,
      diagnostic.message + " [\(diagnostic.code.rawValue)]")
    out += excerpt(source, diagnostic.span)
    if let help = diagnostic.help {
      out += "    " + paint("help:", "1;36") + " " + help + "\n"
    }
    for note in diagnostic.notes {
      if let span = note.span {
        out += header(source, span, "note", note.message)
        out += excerpt(source, span)
      } else {
        out += "    " + paint("note:", "1") + " " + note.message + "\n"
      }
    }
    return out
  }

  private func header(_ source: SourceFile, _ span: SourceSpan, _ label: String, _ message: String)
    -> String
  {
    let location = source.location(of: span.start)
    let code =
      switch label {
      case "error": "1;31"
      case "warning": "1;33"
      default: "1;90"
      }
    return paint("\(source.path):\(location.line):\(location.column):", "1") + " "
      + paint(label + ":", code) + " " + message + "\n"
  }

  /// Lines longer than this are shown as a window around the caret.
  static let widestExcerpt = 160

  /// The source line with carets under the span (clipped to the first line of the span).
  private func excerpt(_ source: SourceFile, _ span: SourceSpan) -> String {
    let start = source.location(of: span.start)
    let fullLine = source.lineText(start.line).replacingOccurrences(of: "\t", with: " ")
    if fullLine.count > DiagnosticRenderer.widestExcerpt {
      return window(fullLine, line: start.line, column: start.column)
    }
    let lineText = fullLine
    let lineEndOffset =
      start.line < source.lineStarts.count ? source.lineStarts[start.line] - 1 : source.bytes.count
    let end = source.location(
      of: min(max(span.end, span.start + 1), max(lineEndOffset, span.start)))
    let width = max(1, (end.line == start.line ? end.column : lineText.count + 1) - start.column)
    let gutter = String(start.line)
    let pad = String(repeating: " ", count: gutter.count)
    let caretPad = String(repeating: " ", count: max(0, start.column - 1))
    return "  \(gutter) | \(lineText)\n"
      + "  \(pad) | \(caretPad)" + paint(String(repeating: "^", count: width), "1;32") + "\n"
  }

  /// A very long line: show the part around the column, marked with `…` where cut.
  private func window(_ line: String, line number: Int, column: Int) -> String {
    let characters = Array(line)
    let half = DiagnosticRenderer.widestExcerpt / 2
    let lower = max(0, min(column - 1 - half, characters.count - DiagnosticRenderer.widestExcerpt))
    let upper = min(characters.count, lower + DiagnosticRenderer.widestExcerpt)
    let prefix = lower > 0 ? "…" : ""
    let suffix = upper < characters.count ? "…" : ""
    let shown = prefix + String(characters[lower..<upper]) + suffix
    let gutter = String(number)
    let pad = String(repeating: " ", count: gutter.count)
    let caret = String(repeating: " ", count: max(0, column - 1 - lower + prefix.count))
    return "  \(gutter) | \(shown)\n" + "  \(pad) | \(caret)" + paint("^", "1;32") + "\n"
  }

  private func paint(_ text: String, _ code: String) -> String {
    colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}

/// The JSON form of diagnostics (`--format json`): a stable shape for editors and CI.
public struct DiagnosticJSON: Codable, Sendable {
  public struct Entry: Codable, Sendable {
    public var file: String
    public var severity: String
    public var code: String
    public var message: String
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    public var help: String?
    public var notes: [Note]

    enum CodingKeys: String, CodingKey {
      case file, severity, code, message, line, column, help, notes
      case endLine = "end_line"
      case endColumn = "end_column"
    }
  }

  public struct Note: Codable, Sendable {
    public var message: String
    public var line: Int?
    public var column: Int?
  }

  public var diagnostics: [Entry]
  public var errors: Int
  public var warnings: Int

  public init(files: [(SourceFile, [Diagnostic])]) {
    var entries: [Entry] = []
    for (source, diagnostics) in files {
      for diagnostic in diagnostics {
        let start = source.location(of: diagnostic.span.start)
        let end = source.location(of: diagnostic.span.end)
        entries.append(
          Entry(
            file: source.path, severity: diagnostic.severity.rawValue,
            code: diagnostic.code.rawValue, message: diagnostic.message, line: start.line,
            column: start.column, endLine: end.line, endColumn: end.column, help: diagnostic.help,
            notes: diagnostic.notes.map { note in
              let location = note.span.map { source.location(of: $0.start) }
              return Note(message: note.message, line: location?.line, column: location?.column)
            }))
      }
    }
    diagnostics = entries
    errors = entries.filter { $0.severity == "error" }.count
    warnings = entries.filter { $0.severity == "warning" }.count
  }

  public func encoded() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(self) else { return "{}" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
