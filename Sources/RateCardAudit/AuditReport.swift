import Foundation
import RateCard
import RateCardEngine

/// Writes audit flags for people (ranked by strength of evidence) and as JSON with a stable
/// schema: `{"flags":[{"pattern", "provider", "outcome", "statistic", "value", "p_value",
/// "effect_size", "method", "baseline", "cases", "example_participants", "example_claims",
/// "explanation"}]}`.
public enum AuditReport {
  public static func json(_ flags: [AuditFlag]) -> String {
    var out = "{\n  \"flags\" : ["
    for (index, flag) in flags.enumerated() {
      out += index == 0 ? "\n" : ",\n"
      let fields: [(String, String)] = [
        ("pattern", quoted(flag.pattern)),
        ("provider", flag.provider.map(quoted) ?? "null"),
        ("outcome", flag.outcome.map(quoted) ?? "null"),
        ("statistic", quoted(flag.statistic)),
        ("value", number(flag.value)),
        ("p_value", number(flag.pValue)),
        ("effect_size", number(flag.effectSize)),
        ("method", quoted(flag.method)),
        ("baseline", quoted(flag.baseline)),
        ("cases", String(flag.cases)),
        (
          "example_participants",
          "[" + flag.exampleParticipants.map(quoted).joined(separator: ", ") + "]"
        ),
        ("example_claims", "[" + flag.exampleClaims.map(quoted).joined(separator: ", ") + "]"),
        ("explanation", quoted(flag.explanation)),
      ]
      out +=
        "    {\n" + fields.map { "      \"\($0.0)\" : \($0.1)" }.joined(separator: ",\n")
        + "\n    }"
    }
    return out + (flags.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
  }

  static func quoted(_ text: String) -> String {
    var out = ""
    JSONValue.escape(text, into: &out)
    return out
  }

  /// Statistics are printed with up to six significant digits, the same on every platform.
  static func number(_ value: Double) -> String {
    guard value.isFinite else { return "null" }
    if value == 0 { return "0" }
    if value.magnitude < 1e-4 || value.magnitude >= 1e9 { return String(format: "%.5e", value) }
    var text = String(format: "%.6g", value)
    if text.contains("e") { text = String(format: "%.6f", value) }
    return text
  }

  public static func table(_ flags: [AuditFlag]) -> String {
    guard !flags.isEmpty else {
      return
        "No gaming patterns flagged: no detector found evidence at the card's significance level.\n"
    }
    var out = "\(flags.count) flag\(flags.count == 1 ? "" : "s"), strongest evidence first\n"
    for (index, flag) in flags.enumerated() {
      let scope = [flag.provider, flag.outcome.map { "outcome \($0)" }].compactMap { $0 }.joined(
        separator: ", ")
      out += "\n\(index + 1). \(flag.pattern)" + (scope.isEmpty ? "" : " — \(scope)") + "\n"
      out += "   \(flag.statistic): \(number(flag.value)); \(flag.baseline)\n"
      out +=
        "   p = \(number(flag.pValue)), effect \(number(flag.effectSize))x, \(flag.cases) cases; \(flag.method)\n"
      if !flag.exampleParticipants.isEmpty {
        out += "   examples: participants \(flag.exampleParticipants.joined(separator: ", "))"
        out +=
          flag.exampleClaims.isEmpty
          ? "\n" : "; claims \(flag.exampleClaims.joined(separator: ", "))\n"
      }
      out += "   " + flag.explanation + "\n"
    }
    return out
  }
}
