import Foundation
import RateCard

/// `ratecard lsp`: the language server on standard input and output (JSON-RPC with
/// `Content-Length` headers). The protocol itself is `LanguageServer`; this only frames it.
enum LspCommand: Subcommand {
  static let name = "lsp"
  static let summary = "Run the Language Server Protocol server on standard input and output"
  static let help = """
    Usage: ratecard lsp

    Speaks the Language Server Protocol on standard input and output, for editors: diagnostics
    as you type, hover (an outcome's price, rules and evidence), go to definition, find
    references, completion of outcome, field and evidence names, formatting and document
    symbols. docs/editors.md shows how to attach it in Neovim, Helix and VS Code.

    Example:
      ratecard lsp --help

    """

  static func run(_ options: Options) -> ExitStatus {
    var server = LanguageServer()
    var buffer: [UInt8] = []
    let input = FileHandle.standardInput
    while !server.exitRequested {
      guard let message = readMessage(&buffer, from: input) else { break }
      for reply in server.handle(message) { write(reply) }
    }
    return server.shutdownRequested || !server.exitRequested ? .success : .findings
  }

  /// One `Content-Length`-framed JSON message, or nil at the end of input.
  static func readMessage(_ buffer: inout [UInt8], from input: FileHandle) -> [String: Any]? {
    while true {
      if let headerEnd = buffer.firstRange(of: Array("\r\n\r\n".utf8)) {
        let header = String(decoding: buffer[..<headerEnd.lowerBound], as: UTF8.self)
        let length =
          header.components(separatedBy: "\r\n").compactMap { line -> Int? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
            return Int(parts[1].trimmingCharacters(in: .whitespaces))
          }.first ?? 0
        let bodyStart = headerEnd.upperBound
        if buffer.count - bodyStart >= length {
          let body = Data(buffer[bodyStart..<(bodyStart + length)])
          buffer.removeFirst(bodyStart + length)
          if let message = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            return message
          }
          continue
        }
      }
      let chunk = input.availableData
      if chunk.isEmpty { return nil }
      buffer += chunk
    }
  }

  static func write(_ message: [String: Any]) {
    guard
      let body = try? JSONSerialization.data(
        withJSONObject: message, options: [.sortedKeys, .withoutEscapingSlashes])
    else { return }
    var out = Data("Content-Length: \(body.count)\r\n\r\n".utf8)
    out.append(body)
    FileHandle.standardOutput.write(out)
  }
}
