import Foundation

/// A text rendering of a syntax tree without source positions: two cards mean the same when
/// their dumps are equal, whatever their layout. Used to prove the formatter keeps meaning.
public enum SyntaxDump {
  public static func dump(_ file: CardFile) -> String {
    var out = ""
    for declaration in file.declarations {
      write(declaration, into: &out)
      out += "\n"
    }
    return out
  }

  private static func write(_ value: Any, into out: inout String) {
    switch value {
    case is SourceSpan: return
    case let decimal as Decimal: out += "\(decimal)"
    case let text as String: out += Literal.quoted(text)
    case let number as Int: out += "\(number)"
    case let flag as Bool: out += flag ? "true" : "false"
    case let date as CalendarDate: out += date.description
    case let money as Money: out += "\(money.minorUnits) \(money.currency)"
    case let identifier as Identifier: out += identifier.name
    default:
      let mirror = Mirror(reflecting: value)
      switch mirror.displayStyle {
      case .optional:
        if let child = mirror.children.first {
          write(child.value, into: &out)
        } else {
          out += "nil"
        }
      case .collection:
        out += "["
        for child in mirror.children {
          write(child.value, into: &out)
          out += ","
        }
        out += "]"
      case .enum:
        let name = String(describing: value).prefix { $0 != "(" }
        out += String(name)
        for child in mirror.children {
          out += "("
          write(child.value, into: &out)
          out += ")"
        }
      default:
        out += "\(mirror.subjectType)("
        for child in mirror.children where !(child.value is SourceSpan) {
          out += (child.label ?? "") + ":"
          write(child.value, into: &out)
          out += " "
        }
        out += ")"
      }
    }
  }
}
