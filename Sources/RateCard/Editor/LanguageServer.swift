import Foundation

/// The Language Server Protocol for rate cards, without I/O: JSON-RPC messages in, messages
/// out. `ratecard lsp` frames them on standard input and output. It checks each document as it
/// changes (diagnostics as you type) and answers hover, go to definition, find references,
/// completion, formatting and document symbols from the checked card.
public struct LanguageServer {
  public typealias Message = [String: Any]

  var documents: [String: String] = [:]
  public private(set) var shutdownRequested = false
  public private(set) var exitRequested = false

  public init() {}

  /// Handles one message; returns the responses and notifications to send.
  public mutating func handle(_ message: Message) -> [Message] {
    let method = message["method"] as? String ?? ""
    let id = message["id"]
    let params = message["params"] as? [String: Any] ?? [:]
    func reply(_ result: Any?) -> [Message] {
      guard let id else { return [] }
      return [["jsonrpc": "2.0", "id": id, "result": result ?? NSNull()]]
    }
    switch method {
    case "initialize":
      return reply([
        "capabilities": [
          "textDocumentSync": 1, "hoverProvider": true, "definitionProvider": true,
          "referencesProvider": true, "documentFormattingProvider": true,
          "documentSymbolProvider": true,
          "completionProvider": ["triggerCharacters": ["."]],
        ],
        "serverInfo": ["name": "ratecard"],
      ])
    case "initialized", "$/cancelRequest", "textDocument/didSave": return []
    case "shutdown":
      shutdownRequested = true
      return reply(nil)
    case "exit":
      exitRequested = true
      return []
    case "textDocument/didOpen":
      let document = params["textDocument"] as? [String: Any] ?? [:]
      guard let uri = document["uri"] as? String else { return [] }
      documents[uri] = document["text"] as? String ?? ""
      return [diagnostics(uri)]
    case "textDocument/didChange":
      let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String ?? ""
      if let change = (params["contentChanges"] as? [[String: Any]])?.last,
        let text = change["text"] as? String
      {
        documents[uri] = text
      }
      return [diagnostics(uri)]
    case "textDocument/didClose":
      let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String ?? ""
      documents[uri] = nil
      return [publish(uri, [])]
    case "textDocument/hover": return reply(hover(params))
    case "textDocument/definition": return reply(definition(params))
    case "textDocument/references": return reply(references(params))
    case "textDocument/completion": return reply(completion(params))
    case "textDocument/formatting": return reply(formatting(params))
    case "textDocument/documentSymbol": return reply(symbols(params))
    default:
      guard let id else { return [] }
      return [
        [
          "jsonrpc": "2.0", "id": id,
          "error": ["code": -32601, "message": "ratecard lsp does not handle \(method)"],
        ]
      ]
    }
  }

  // MARK: Documents

  struct Checked {
    var source: SourceFile
    var result: CheckResult
  }

  func checked(_ uri: String) -> Checked? {
    guard let text = documents[uri] else { return nil }
    let source = SourceFile(path: uri, text: text)
    return Checked(source: source, result: Checker.check(source))
  }

  /// An LSP range (0-based lines; characters in UTF-16 code units).
  static func range(_ span: SourceSpan, in source: SourceFile) -> [String: Any] {
    func position(_ offset: Int) -> [String: Any] {
      let location = source.location(of: offset)
      let line = source.lineText(location.line)
      let prefix = String(line.prefix(max(0, location.column - 1)))
      return ["line": location.line - 1, "character": prefix.utf16.count]
    }
    return ["start": position(span.start), "end": position(span.end)]
  }

  /// The byte offset of an LSP position.
  static func offset(_ params: [String: Any], in source: SourceFile) -> Int? {
    guard let position = params["position"] as? [String: Any],
      let line = position["line"] as? Int, let character = position["character"] as? Int,
      line < source.lineStarts.count
    else { return nil }
    let text = source.lineText(line + 1)
    let prefix = String(String(text.utf16.prefix(character)) ?? text)
    return source.lineStarts[line] + prefix.utf8.count
  }

  func publish(_ uri: String, _ items: [Message]) -> Message {
    [
      "jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
      "params": ["uri": uri, "diagnostics": items],
    ]
  }

  func diagnostics(_ uri: String) -> Message {
    guard let document = checked(uri) else { return publish(uri, []) }
    let items: [Message] = document.result.diagnostics.map { diagnostic in
      var message = diagnostic.message
      if let help = diagnostic.help { message += "\nhelp: " + help }
      return [
        "range": LanguageServer.range(diagnostic.span, in: document.source),
        "severity": diagnostic.severity == .error ? 1 : 2, "code": diagnostic.code.rawValue,
        "source": "ratecard", "message": message,
      ]
    }
    return publish(uri, items)
  }

  // MARK: Symbols and references

  static func uri(_ params: [String: Any]) -> String {
    (params["textDocument"] as? [String: Any])?["uri"] as? String ?? ""
  }

  /// The symbol whose name is at the offset: a reference, or a declaration.
  func symbol(at offset: Int, in document: Checked) -> CheckedCard.Symbol? {
    let card = document.result.card
    if let reference = card.references.first(where: {
      $0.span.start <= offset && offset <= $0.span.end
    }) {
      return reference.symbol
    }
    return declarations(card).first { $0.span.start <= offset && offset <= $0.span.end }?.symbol
  }

  /// Where each symbol is declared.
  func declarations(_ card: CheckedCard) -> [(symbol: CheckedCard.Symbol, span: SourceSpan)] {
    var found: [(CheckedCard.Symbol, SourceSpan)] = []
    for (id, info) in card.outcomes { found.append((.outcome(id), info.span)) }
    for declaration in card.file.declarations {
      if case .ladder(let ladder) = declaration {
        found.append((.outcome(ladder.id.name), ladder.id.span))
      }
    }
    for (id, kind) in card.evidence { found.append((.evidence(id), kind.span)) }
    for payer in card.payers { found.append((.payer(payer.id), payer.span)) }
    for (name, info) in card.constants { found.append((.constant(name), info.span)) }
    for (name, info) in card.tables { found.append((.table(name), info.span)) }
    for (subject, fields) in [
      (FieldsDeclaration.Subject.participant, card.participantFields), (.claim, card.claimFields),
    ] {
      for field in fields.values {
        if let span = field.span { found.append((.field(subject, field.name), span)) }
      }
    }
    return found
  }

  func definition(_ params: [String: Any]) -> Any? {
    let uri = LanguageServer.uri(params)
    guard let document = checked(uri),
      let offset = LanguageServer.offset(params, in: document.source),
      let symbol = symbol(at: offset, in: document),
      let span = declarations(document.result.card).first(where: { $0.symbol == symbol })?.span
    else { return nil }
    return ["uri": uri, "range": LanguageServer.range(span, in: document.source)]
  }

  func references(_ params: [String: Any]) -> Any? {
    let uri = LanguageServer.uri(params)
    guard let document = checked(uri),
      let offset = LanguageServer.offset(params, in: document.source),
      let symbol = symbol(at: offset, in: document)
    else { return [] }
    var spans = document.result.card.references.filter { $0.symbol == symbol }.map(\.span)
    let context = params["context"] as? [String: Any]
    if context?["includeDeclaration"] as? Bool ?? true,
      let declaration = declarations(document.result.card).first(where: { $0.symbol == symbol })
    {
      spans.insert(declaration.span, at: 0)
    }
    return spans.map { ["uri": uri, "range": LanguageServer.range($0, in: document.source)] }
  }

  func hover(_ params: [String: Any]) -> Any? {
    let uri = LanguageServer.uri(params)
    guard let document = checked(uri),
      let offset = LanguageServer.offset(params, in: document.source),
      let symbol = symbol(at: offset, in: document)
    else { return nil }
    let card = document.result.card
    var text: String
    switch symbol {
    case .outcome(let id):
      if let info = card.outcomes[id] {
        text = "**\(id)**: \(info.title)\n\n"
        text += "price " + (info.price.map(ExpressionPrinter.print) ?? "none")
        for clause in info.clauses {
          if case .exception = clause.kind { continue }
          text += "\n\n" + ExpressionPrinter.print(clause.kind)
        }
      } else {
        let rungs = card.outcomeOrder.filter {
          if case .rung(id, _, _, _) = card.outcomes[$0]?.kind { true } else { false }
        }
        text = "**\(id)**: a ladder with rungs " + rungs.joined(separator: ", ")
      }
    case .evidence(let id):
      let kind = card.evidence[id]
      text = "**\(id)**: \(kind?.title ?? "") (\(kind?.strength.rawValue ?? ""))"
    case .payer(let id):
      let payer = card.payers.first { $0.id == id }
      text = "**\(id)**: \(payer?.title ?? ""), \(payer.map { "\($0.share)%" } ?? "")"
    case .field(let subject, let name):
      let field = (subject == .participant ? card.participantFields : card.claimFields)[name]
      text =
        "**\(subject.rawValue).\(name)**: \(field.map { "\($0.type)" } ?? "")"
        + (field?.optional == true ? ", optional" : "")
    case .constant(let name):
      text = "**\(name)** = \(card.constants[name]?.value?.source ?? "?")"
    case .table(let name): text = "**\(name)**: a table"
    case .enumCase(let type, let value): text = "`\(value)`: a value of \(type)"
    case .exception(let outcome, let name): text = "exception **\(name)** of `\(outcome)`"
    }
    return ["contents": ["kind": "markdown", "value": text]]
  }

  func completion(_ params: [String: Any]) -> Any? {
    let uri = LanguageServer.uri(params)
    guard let document = checked(uri) else { return [] }
    let card = document.result.card
    let offset = LanguageServer.offset(params, in: document.source) ?? 0
    let before = String(
      decoding: document.source.bytes[..<min(offset, document.source.bytes.count)], as: UTF8.self)
    func item(_ label: String, _ kind: Int, _ detail: String) -> Message {
      ["label": label, "kind": kind, "detail": detail]
    }
    // After `participant.` or `claim.`: that record's fields.
    if before.hasSuffix("participant.") || before.hasSuffix("claim.") {
      let fields = before.hasSuffix("participant.") ? card.participantFields : card.claimFields
      return fields.values.sorted { $0.name < $1.name }.map { item($0.name, 5, "\($0.type)") }
    }
    var items: [Message] = []
    items += card.outcomeOrder.map { id in item(id, 3, card.outcomes[id]?.title ?? "") }
    items += card.evidence.values.sorted { $0.id < $1.id }.map {
      item($0.id, 12, "evidence: \($0.title)")
    }
    items += Parser.clauseWords.sorted().map { item($0, 14, "clause") }
    items += ["participant", "claim"].map { item($0, 9, "record") }
    return items
  }

  func formatting(_ params: [String: Any]) -> Any? {
    let uri = LanguageServer.uri(params)
    guard let text = documents[uri],
      let formatted = Formatter.format(SourceFile(path: uri, text: text)), formatted != text
    else { return [] }
    let source = SourceFile(path: uri, text: text)
    return [
      [
        "range": LanguageServer.range(SourceSpan(start: 0, end: source.bytes.count), in: source),
        "newText": formatted,
      ]
    ]
  }

  func symbols(_ params: [String: Any]) -> Any? {
    let uri = LanguageServer.uri(params)
    guard let document = checked(uri) else { return [] }
    var items: [Message] = []
    for declaration in document.result.card.file.declarations {
      let (name, kind, selection): (String, Int, SourceSpan)
      switch declaration {
      case .outcome(let outcome): (name, kind, selection) = (outcome.id.name, 12, outcome.id.span)
      case .ladder(let ladder): (name, kind, selection) = (ladder.id.name, 5, ladder.id.span)
      case .payers: (name, kind, selection) = ("payers", 2, declaration.span)
      case .caps: (name, kind, selection) = ("caps", 2, declaration.span)
      case .evidence: (name, kind, selection) = ("evidence", 2, declaration.span)
      case .constant(let constant):
        (name, kind, selection) = (constant.name.name, 14, constant.name.span)
      case .card(let header): (name, kind, selection) = (header.title, 1, declaration.span)
      default: continue
      }
      items.append([
        "name": name, "kind": kind,
        "range": LanguageServer.range(declaration.span, in: document.source),
        "selectionRange": LanguageServer.range(selection, in: document.source),
      ])
    }
    return items
  }
}
