/// Writes expressions, anchors, evidence rules and limits back as source text. Used by the
/// formatter and by messages that quote a rule.
public enum ExpressionPrinter {
  public static func print(_ expression: Expression) -> String {
    switch expression.kind {
    case .literal(let literal): return literal.source
    case .name(let identifier): return identifier.name
    case .field(let subject, let field): return subject.name + "." + field.name
    case .unary(.not, let operand): return "not " + print(operand)
    case .unary(.negate, let operand): return "-" + print(operand)
    case .binary(let op, let left, let right):
      return print(left) + " " + op.rawValue + " " + print(right)
    case .lookup(let table, let key): return table.name + "[" + print(key) + "]"
    case .membership(let value, let members):
      return print(value) + " in (" + members.map(print).joined(separator: ", ") + ")"
    case .isSet(let value, let negated): return print(value) + (negated ? " is not set" : " is set")
    case .parenthesized(let inner): return "(" + print(inner) + ")"
    case .invalid: return "<invalid>"
    }
  }

  public static func print(_ anchor: Anchor) -> String {
    switch anchor {
    case .referral: return "referral"
    case .start: return "start"
    case .named(let identifier): return identifier.name
    case .expression(let expression): return print(expression)
    }
  }

  public static func print(_ rule: EvidenceRule) -> String {
    let terms = rule.terms.map { term -> String in
      switch term {
      case .anyOf(let items): return "any of " + items.map(print).joined(separator: ", ")
      case .allOf(let items): return "all of " + items.map(print).joined(separator: ", ")
      case .single(let item): return print(item)
      }
    }
    let floor = rule.minimumStrength.map { " at least " + $0.name } ?? ""
    return terms.joined(separator: " plus ") + floor
  }

  static func print(_ item: EvidenceRule.Item) -> String {
    item.id.name + (item.condition.map { " if " + print($0) } ?? "")
  }

  public static func print(_ limit: ClaimLimit) -> String {
    var text: String
    switch limit.count {
    case .once: text = "once per participant"
    case .atMost(let count): text = "at most " + print(count) + " per participant"
    case .unlimited: text = "repeatable"
    }
    for qualifier in limit.qualifiers {
      switch qualifier {
      case .oncePer(let field): text += ", once per " + print(field)
      case .higherOrDifferent(let higher, let different):
        text += ", each higher " + print(higher)
        if let different { text += " or different " + print(different) }
      case .apart(let gap): text += ", at least " + print(gap) + " apart"
      }
    }
    return text
  }

  /// A one-line clause; `exception` blocks are written by the formatter.
  public static func print(_ clause: ClauseKind) -> String {
    switch clause {
    case .group(let title): return "group " + Literal.quoted(title)
    case .price(let price): return "price " + print(price)
    case .payers(let shares):
      return "payers "
        + shares.map { $0.payer.name + " " + print($0.share) }.joined(separator: ", ")
    case .capCount(let count, let perParticipant):
      return "cap " + print(count) + " claims" + (perParticipant ? " per participant" : "")
    case .capAmount(let amount, let perParticipant):
      return "cap " + print(amount) + (perParticipant ? " per participant" : "")
    case .limit(let limit): return print(limit)
    case .requires(let requirement):
      return "requires " + (requirement.any ? "any of " : "")
        + requirement.names.map(\.name).joined(separator: ", ")
        + (requirement.matching.map { " matching " + print($0) } ?? "")
    case .requiresPrevious: return "requires previous"
    case .when(let condition): return "when " + print(condition)
    case .unless(let condition): return "unless " + print(condition)
    case .onlyAfter(let anchor): return "only after " + print(anchor)
    case .withinTerm: return "within term"
    case .within(let duration, let anchor):
      return "within " + print(duration) + " of " + print(anchor)
    case .atLeastAfter(let duration, let anchor, let until):
      var text = "at least " + print(duration) + " after " + print(anchor)
      if let until { text += " or until " + print(until) + ", whichever is sooner" }
      return text
    case .evidence(let rule): return "evidence " + print(rule)
    case .exception(let rule):
      let over = rule.overrides.map { " over " + $0.name } ?? ""
      return "exception " + rule.name.name + over + " when " + print(rule.condition)
    case .onlyByException(let name, let condition):
      return "only by exception " + name.name + " when " + print(condition)
    case .versionedBy(let basis): return "versioned by " + basis.rawValue
    case .restarts(let count): return "restarts at most " + print(count) + " times"
    }
  }

  public static func print(_ rule: EnvelopeDeclaration.RuleKind) -> String {
    switch rule {
    case .contractCapFixed: return "contract cap fixed"
    case .pricesWithin(let share): return "prices within " + print(share) + " of the original"
    case .newOutcomesInExistingGroups: return "new outcomes in existing groups"
    case .evidenceFloor(let ids, let strength):
      return "evidence for " + ids.map(\.name).joined(separator: ", ") + " at least "
        + strength.name
    case .perParticipantAtMost(let amount): return "per participant at most " + print(amount)
    }
  }

  public static func print(_ item: AuditDeclaration.ItemKind) -> String {
    switch item {
    case .highNeed(let condition): return "high need when " + print(condition)
    case .threshold(let value, let at, let width):
      return "threshold " + print(value) + " at " + print(at)
        + (width.map { " width " + print($0) } ?? "")
    case .parkingAfter(let duration): return "parking after " + print(duration)
    case .surgeWindow(let duration): return "surge window " + print(duration)
    case .surgeBefore(let date): return "surge before " + print(date)
    case .significance(let level): return "significance " + print(level)
    case .minimumCases(let count): return "minimum cases " + print(count)
    case .progressOutcomes(let names):
      return "progress outcomes " + names.map(\.name).joined(separator: ", ")
    }
  }
}
