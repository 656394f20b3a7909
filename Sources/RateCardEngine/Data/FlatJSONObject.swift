/// Parses one flat JSON object (`{"key": value, ...}` whose values are strings, numbers,
/// `true`, `false` or `null`) keeping every number's exact text, so an amount such as
/// `341.75` is never turned into a binary floating-point number on its way in.
enum FlatJSONObject {
  enum Failure: Error, Equatable {
    case notAnObject
    case nested(String)
  }

  static func parse(_ bytes: ArraySlice<UInt8>) -> Result<[(String, String)], Failure> {
    var parser = Cursor(bytes: Array(bytes))
    return parser.object()
  }

  struct Cursor {
    let bytes: [UInt8]
    var index = 0

    static func isSpace(_ byte: UInt8) -> Bool {
      byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    mutating func skipSpace() {
      while index < bytes.count, Cursor.isSpace(bytes[index]) { index += 1 }
    }

    mutating func take(_ byte: UInt8) -> Bool {
      skipSpace()
      guard index < bytes.count, bytes[index] == byte else { return false }
      index += 1
      return true
    }

    mutating func object() -> Result<[(String, String)], Failure> {
      guard take(UInt8(ascii: "{")) else { return .failure(.notAnObject) }
      var pairs: [(String, String)] = []
      if take(UInt8(ascii: "}")) { return finish(pairs) }
      repeat {
        skipSpace()
        guard let key = string() else { return .failure(.notAnObject) }
        guard take(UInt8(ascii: ":")) else { return .failure(.notAnObject) }
        skipSpace()
        guard index < bytes.count else { return .failure(.notAnObject) }
        switch bytes[index] {
        case UInt8(ascii: "\""):
          guard let text = string() else { return .failure(.notAnObject) }
          pairs.append((key, text))
        case UInt8(ascii: "{"), UInt8(ascii: "["):
          return .failure(.nested(key))
        default:
          guard let word = literal() else { return .failure(.notAnObject) }
          pairs.append((key, word))
        }
      } while take(UInt8(ascii: ","))
      guard take(UInt8(ascii: "}")) else { return .failure(.notAnObject) }
      return finish(pairs)
    }

    mutating func finish(_ pairs: [(String, String)]) -> Result<[(String, String)], Failure> {
      skipSpace()
      return index == bytes.count ? .success(pairs) : .failure(.notAnObject)
    }

    /// `true` → "yes", `false` → "no", `null` → "", a number → its exact text.
    mutating func literal() -> String? {
      let start = index
      while index < bytes.count, bytes[index] != UInt8(ascii: ","),
        bytes[index] != UInt8(ascii: "}"),
        !Cursor.isSpace(bytes[index])
      {
        index += 1
      }
      let word = String(decoding: bytes[start..<index], as: UTF8.self)
      switch word {
      case "true": return "yes"
      case "false": return "no"
      case "null": return ""
      default:
        let valid =
          !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
        return valid ? word : nil
      }
    }

    mutating func string() -> String? {
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
      index += 1
      var out: [UInt8] = []
      while index < bytes.count {
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
        case UInt8(ascii: "\\"):
          guard index < bytes.count else { return nil }
          let escaped = bytes[index]
          index += 1
          switch escaped {
          case UInt8(ascii: "n"): out.append(0x0A)
          case UInt8(ascii: "t"): out.append(0x09)
          case UInt8(ascii: "r"): out.append(0x0D)
          case UInt8(ascii: "b"): out.append(0x08)
          case UInt8(ascii: "f"): out.append(0x0C)
          case UInt8(ascii: "u"):
            guard index + 4 <= bytes.count,
              let code = UInt32(
                String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { return nil }
            index += 4
            let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
            out += Array(String(Character(scalar)).utf8)
          default: out.append(escaped)
          }
        default: out.append(byte)
        }
      }
      return nil
    }
  }
}
