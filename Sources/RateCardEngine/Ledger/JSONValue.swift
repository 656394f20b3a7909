/// A JSON document built from values the ledger knows: text, whole numbers, lists and
/// objects. Written by hand so output is the same on every platform (sorted keys, no
/// floating-point numbers) and quick.
public indirect enum JSONValue: Sendable, Equatable {
  case string(String)
  case integer(Int)
  case array([JSONValue])
  case object([String: JSONValue])
  case null

  /// Pretty-printed with two-space indentation and keys in sorted order.
  public func rendered() -> String {
    var out = ""
    write(into: &out, indent: 0)
    return out + "\n"
  }

  /// On one line, with no spaces, keys in sorted order: how the JSON ledger writes each row.
  public func compact() -> String {
    switch self {
    case .string, .integer, .null:
      var out = ""
      write(into: &out, indent: 0)
      return out
    case .array(let items): return "[" + items.map { $0.compact() }.joined(separator: ",") + "]"
    case .object(let members):
      return "{"
        + members.keys.sorted().map { key in
          var out = ""
          JSONValue.escape(key, into: &out)
          return out + ":" + members[key]!.compact()
        }.joined(separator: ",") + "}"
    }
  }

  func write(into out: inout String, indent: Int) {
    switch self {
    case .string(let text): JSONValue.escape(text, into: &out)
    case .integer(let number): out += String(number)
    case .null: out += "null"
    case .array(let items):
      guard !items.isEmpty else {
        out += "[]"
        return
      }
      out += "[\n"
      for (index, item) in items.enumerated() {
        out += String(repeating: "  ", count: indent + 1)
        item.write(into: &out, indent: indent + 1)
        out += index == items.count - 1 ? "\n" : ",\n"
      }
      out += String(repeating: "  ", count: indent) + "]"
    case .object(let members):
      guard !members.isEmpty else {
        out += "{}"
        return
      }
      out += "{\n"
      let keys = members.keys.sorted()
      for (index, key) in keys.enumerated() {
        out += String(repeating: "  ", count: indent + 1)
        JSONValue.escape(key, into: &out)
        out += " : "
        members[key]!.write(into: &out, indent: indent + 1)
        out += index == keys.count - 1 ? "\n" : ",\n"
      }
      out += String(repeating: "  ", count: indent) + "}"
    }
  }

  public static func escape(_ text: String, into out: inout String) {
    var bytes = ByteOutput()
    escape(text, to: &bytes)
    out += bytes.text
  }

  /// A JSON string: quotes, backslashes and control characters escaped, everything else as
  /// its UTF-8 bytes. The one escaper, used by documents and by the streamed ledger.
  static func escape(_ text: String, to out: inout ByteOutput) {
    text.withBytes { escape(bytes: $0, to: &out) }
  }

  /// `escape` of a string read in place (a ledger entry's field, through a pointer): its
  /// bytes are read without copying the string, so its storage's count is never touched.
  /// `key` goes first, in the same append when there is nothing to escape.
  static func escape(in text: inout String, after key: StaticString = "", to out: inout ByteOutput)
  {
    text.withUTF8 { escape(bytes: $0, after: key, to: &out) }
  }

  /// Whether text holds a control character, a quote or a backslash, looked at eight bytes
  /// at a time (`ByteWord`).
  static func needsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    ByteWord.any(bytes) { v in
      ByteWord.below(0x20, v) | ByteWord.equal(0x22, v) | ByteWord.equal(0x5C, v) != 0
    }
  }

  /// `escape` of text already in bytes (a message worded straight into bytes), after `key`.
  static func escape(
    bytes: UnsafeBufferPointer<UInt8>, after key: StaticString = "", to out: inout ByteOutput
  ) {
    // Most text has nothing to escape: its bytes are copied as one block, with its key and
    // quotes.
    if !needsEscape(bytes) {
      out.append(key, quoted: bytes)
      return
    }
    out.append(key)
    out.append(UInt8(ascii: "\""))
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "\""): out.append("\\\"" as StaticString)
      case UInt8(ascii: "\\"): out.append("\\\\" as StaticString)
      case 0x0A: out.append("\\n" as StaticString)
      case 0x0D: out.append("\\r" as StaticString)
      case 0x09: out.append("\\t" as StaticString)
      case ..<0x20:
        let hex = String(byte, radix: 16)
        out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }

}
