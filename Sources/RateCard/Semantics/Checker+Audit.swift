import Foundation

extension Checker {
  /// The `audit` block: at most one, each setting once (thresholds may repeat), every value
  /// of the right type.
  mutating func checkAudit(_ declarations: [Declaration]) {
    var seen: [String: SourceSpan] = [:]
    var blocks = 0
    for case .audit(let audit) in declarations {
      blocks += 1
      if blocks > 1 {
        error(.duplicateClause, "the card has more than one `audit` block", at: audit.span)
      }
      for item in audit.items {
        let key = String(
          ExpressionPrinter.print(item.kind).split(separator: " ").prefix(2).joined(separator: " "))
        if case .threshold = item.kind {
        } else if case .surgeBefore = item.kind {
        } else if let first = seen[key] {
          error(
            .duplicateClause, "`\(key)` is given twice in `audit`", at: item.span,
            notes: [DiagnosticNote("first given here", at: first)])
        }
        seen[key] = item.span
        checkAuditItem(item)
      }
    }
  }

  mutating func checkAuditItem(_ item: AuditDeclaration.Item) {
    switch item.kind {
    case .highNeed(let condition):
      if usesClaimFields(condition) {
        error(
          .typeMismatch, "high need is about the participant, so it cannot read claim fields",
          at: condition.span,
          help: "use participant fields, such as `participant.complexity == high`")
      }
      requireType(.bool, condition, scope: .rule, context: "high need is a yes/no condition")
      card.audit.highNeed = condition
    case .threshold(let value, let at, let width):
      let type = typeOf(value, scope: .rule)
      guard type == .number || type == .money || type == .error else {
        error(
          .typeMismatch, "a threshold is a number or an amount of money, but this is \(type)",
          at: value.span)
        return
      }
      let atType = typeOf(at, scope: .constant)
      guard type.matches(atType), let atValue = constantValue(at) else {
        error(.typeMismatch, "the threshold must be a fixed \(type)", at: at.span)
        return
      }
      var widthValue: Literal?
      if let width {
        let widthType = typeOf(width, scope: .constant)
        widthValue = constantValue(width)
        if !type.matches(widthType) || widthValue == nil || !Checker.isPositive(widthValue!) {
          error(.invalidValue, "the width must be a positive \(type)", at: width.span)
        }
      }
      card.audit.thresholds.append(
        AuditSettings.Threshold(
          value: value, at: atValue, width: widthValue, source: ExpressionPrinter.print(value)))
    case .parkingAfter(let duration), .surgeWindow(let duration):
      guard case .duration(let value)? = constantValue(duration),
        typeOf(duration, scope: .constant) == .duration,
        value.amount > 0
      else {
        error(.typeMismatch, "expected a positive duration, such as `180 days`", at: duration.span)
        return
      }
      if case .parkingAfter = item.kind {
        card.audit.parkingAfter = value
      } else {
        card.audit.surgeWindow = value
      }
    case .surgeBefore(let date):
      guard case .date(let value)? = constantValue(date), typeOf(date, scope: .constant) == .date
      else {
        error(.typeMismatch, "expected a date, such as `2020-09-30`", at: date.span)
        return
      }
      card.audit.surgeDates.append(value)
    case .significance(let level):
      guard typeOf(level, scope: .constant) == .percent,
        case .percent(let value)? = constantValue(level),
        value > 0, value <= 20
      else {
        error(
          .invalidValue, "significance is a percentage above 0% and at most 20%, such as `1%`",
          at: level.span)
        return
      }
      card.audit.significance = value
    case .minimumCases(let count):
      if let value = positiveWholeNumber(count, what: "the minimum number of cases") {
        card.audit.minimumCases = value
      }
    case .progressOutcomes(let names):
      checkProgressOutcomes(names)
    }
  }

  /// `progress outcomes`: outcomes, rungs or whole ladders, each known and named once.
  mutating func checkProgressOutcomes(_ names: [Identifier]) {
    var ids: Set<String> = []
    var seen: [String: SourceSpan] = [:]
    for name in names {
      if let first = seen[name.name] {
        error(
          .duplicateClause, "`\(name.name)` is listed twice in `progress outcomes`", at: name.span,
          notes: [DiagnosticNote("first listed here", at: first)])
        continue
      }
      seen[name.name] = name.span
      if ladderDeclarations[name.name] != nil {
        reference(name.span, .outcome(name.name))
        for (id, info) in card.outcomes {
          if case .rung(let ladder, _, _, _) = info.kind, ladder == name.name { ids.insert(id) }
        }
      } else if outcomeSpans[name.name] != nil {
        reference(name.span, .outcome(name.name))
        ids.insert(name.name)
      } else {
        unknown(
          "outcome", name, candidates: outcomeSpans.keys,
          help: "list outcomes, rungs or ladders of this card")
      }
    }
    card.audit.progressOutcomes = card.outcomeOrder.filter(ids.contains)
  }

  static func isPositive(_ literal: Literal) -> Bool {
    switch literal {
    case .number(let value): return value > 0
    case .money(let money): return money.minorUnits > 0
    default: return false
    }
  }

  func usesClaimFields(_ expression: Expression) -> Bool {
    switch expression.kind {
    case .field(let subject, _): return subject.name == "claim"
    case .unary(_, let inner), .parenthesized(let inner), .isSet(let inner, _):
      return usesClaimFields(inner)
    case .binary(_, let left, let right): return usesClaimFields(left) || usesClaimFields(right)
    case .lookup(_, let key): return usesClaimFields(key)
    case .membership(let value, let members):
      return usesClaimFields(value) || members.contains(where: usesClaimFields)
    case .literal, .name, .invalid: return false
    }
  }
}
