import Foundation

/// One difference between two versions of a card, in a change panel's terms.
public struct CardChange: Sendable, Equatable {
  /// `added`, `retired`, `renamed`, `price`, `evidence_eased`, `evidence_tightened`,
  /// `evidence`, `limit`, `condition`, `exclusion`, `timing`, `anchor`, `prerequisite`,
  /// `cap`, `group`, `payers`, `exception`, `versioned_by`, `restarts`, `contract_cap`,
  /// `participant_cap`, `payer_cap`, `group_rules`, `suspension`.
  public var kind: String
  /// The outcome (or rung) it concerns; nil for card-wide changes.
  public var outcome: String?
  public var before: String?
  public var after: String?
  public var summary: String
}

/// A semantic diff: outcomes added, retired and renamed (renamed only where a revision says
/// so), and for every outcome in both, each kind of rule that differs.
public enum CardDiff {
  public static func changes(
    from old: CheckedCard, to new: CheckedCard, renames: [String: String] = [:]
  ) -> [CardChange] {
    var changes: [CardChange] = []
    // Card-wide caps.
    for (scope, kind, name) in [
      (CapsDeclaration.Scope.contract, "contract_cap", "the contract cap"),
      (.perParticipant, "participant_cap", "the per-participant cap"),
    ] {
      let before = old.caps.first { $0.scope == scope }?.amount
      let after = new.caps.first { $0.scope == scope }?.amount
      if before != after {
        changes.append(
          CardChange(
            kind: kind, outcome: nil, before: before?.formatted, after: after?.formatted,
            summary: "\(name): \(before?.formatted ?? "none") → \(after?.formatted ?? "none")"
              + percentChange(before, after)))
      }
    }
    for payer in Set(old.payers.map(\.id) + new.payers.map(\.id)).sorted() {
      func cap(_ card: CheckedCard) -> Money? {
        card.caps.first {
          if case .payer(let id) = $0.scope { id.name == payer } else { false }
        }?.amount
      }
      if cap(old) != cap(new) {
        changes.append(
          CardChange(
            kind: "payer_cap", outcome: nil, before: cap(old)?.formatted,
            after: cap(new)?.formatted,
            summary:
              "the cap for payer \(payer): \(cap(old)?.formatted ?? "none") → \(cap(new)?.formatted ?? "none")"
          ))
      }
    }
    // Group declarations (caps and payers for a group) and suspended payment periods.
    for title in Set(old.groups.keys).union(new.groups.keys).sorted() {
      let before = old.groups[title].map {
        printed($0.clauses, { _ in true }).joined(separator: "; ")
      }
      let after = new.groups[title].map {
        printed($0.clauses, { _ in true }).joined(separator: "; ")
      }
      if before != after {
        changes.append(
          CardChange(
            kind: "group_rules", outcome: nil, before: before, after: after,
            summary: "group \"\(title)\": \(before ?? "none") → \(after ?? "none")"))
      }
    }
    func suspensions(_ card: CheckedCard) -> [String] {
      card.suspensions.map { suspension in
        "\"\(suspension.title)\" \(suspension.from) to \(suspension.to)"
          + (suspension.outcomes.map { " for " + $0.joined(separator: ", ") }
            ?? " for every outcome")
          + (suspension.price.map { ", paid " + ExpressionPrinter.print($0) } ?? ", not paid")
      }
    }
    let (oldSuspensions, newSuspensions) = (suspensions(old), suspensions(new))
    if oldSuspensions != newSuspensions {
      changes.append(
        CardChange(
          kind: "suspension", outcome: nil,
          before: oldSuspensions.isEmpty ? nil : oldSuspensions.joined(separator: "; "),
          after: newSuspensions.isEmpty ? nil : newSuspensions.joined(separator: "; "),
          summary:
            "suspended payment: \(oldSuspensions.isEmpty ? "none" : oldSuspensions.joined(separator: "; ")) → \(newSuspensions.isEmpty ? "none" : newSuspensions.joined(separator: "; "))"
        ))
    }
    let renamedTo = renames
    let renamedFrom = Dictionary(renames.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    for id in old.outcomeOrder {
      guard let before = old.outcomes[id] else { continue }
      if let newID = renamedTo[id], let after = new.outcomes[newID] {
        changes.append(
          CardChange(
            kind: "renamed", outcome: newID, before: id, after: newID,
            summary: "`\(id)` is renamed `\(newID)`"))
        changes += compare(before, after, old: old, new: new)
      } else if let after = new.outcomes[id] {
        changes += compare(before, after, old: old, new: new)
      } else {
        changes.append(
          CardChange(
            kind: "retired", outcome: id, before: describe(before, in: old), after: nil,
            summary: "`\(id)` is retired"))
      }
    }
    for id in new.outcomeOrder where old.outcomes[id] == nil && renamedFrom[id] == nil {
      guard let after = new.outcomes[id] else { continue }
      changes.append(
        CardChange(
          kind: "added", outcome: id, before: nil, after: describe(after, in: new),
          summary: "`\(id)` is added: \(describe(after, in: new))"))
    }
    return changes
  }

  static func describe(_ info: CheckedCard.OutcomeInfo, in card: CheckedCard) -> String {
    let price = info.price.map(ExpressionPrinter.print) ?? "no price"
    return price + (info.group.map { " in \"\($0)\"" } ?? "")
  }

  static func percentChange(_ before: Money?, _ after: Money?) -> String {
    guard let before, let after, before.minorUnits != 0 else { return "" }
    let change =
      (Decimal(after.minorUnits) - Decimal(before.minorUnits)) / Decimal(before.minorUnits) * 100
    var copy = change
    var rounded = Decimal()
    NSDecimalRound(&rounded, &copy, 1, .plain)
    return " (\(rounded > 0 ? "+" : "")\(rounded)%)"
  }

  /// The clauses of one family, printed, in order.
  static func printed(_ clauses: [Clause], _ family: (ClauseKind) -> Bool) -> [String] {
    clauses.filter { family($0.kind) }.map { clause -> String in
      if case .exception(let rule) = clause.kind {
        return ExpressionPrinter.print(clause.kind) + " { "
          + rule.clauses.map { ExpressionPrinter.print($0.kind) }.joined(separator: "; ") + " }"
      }
      return ExpressionPrinter.print(clause.kind)
    }
  }

  static func compare(
    _ before: CheckedCard.OutcomeInfo, _ after: CheckedCard.OutcomeInfo, old: CheckedCard,
    new: CheckedCard
  ) -> [CardChange] {
    var changes: [CardChange] = []
    let id = after.id
    // Price.
    let oldPrice = before.price.map(ExpressionPrinter.print)
    let newPrice = after.price.map(ExpressionPrinter.print)
    if oldPrice != newPrice {
      var oldMoney: Money?
      var newMoney: Money?
      if case .money(let units)? = before.price.flatMap({ ConstantFolder(card: old).fold($0) }) {
        oldMoney = Money(minorUnits: units, currency: old.currency)
      }
      if case .money(let units)? = after.price.flatMap({ ConstantFolder(card: new).fold($0) }) {
        newMoney = Money(minorUnits: units, currency: new.currency)
      }
      changes.append(
        CardChange(
          kind: "price", outcome: id, before: oldMoney?.formatted ?? oldPrice,
          after: newMoney?.formatted ?? newPrice,
          summary:
            "price of `\(id)`: \(oldMoney?.formatted ?? oldPrice ?? "none") → \(newMoney?.formatted ?? newPrice ?? "none")"
            + percentChange(oldMoney, newMoney)))
    }
    // Evidence: eased or tightened by the weakest strength it accepts.
    let oldRule = Checker.baseEvidence(before.clauses)?.rule
    let newRule = Checker.baseEvidence(after.clauses)?.rule
    let oldText = oldRule.map(ExpressionPrinter.print)
    let newText = newRule.map(ExpressionPrinter.print)
    if oldText != newText {
      let oldStrength = oldRule.flatMap { Checker.weakestAccepted($0, evidence: old.evidence) }
      let newStrength = newRule.flatMap { Checker.weakestAccepted($0, evidence: new.evidence) }
      var kind = "evidence"
      if let oldStrength, let newStrength, oldStrength != newStrength {
        kind = newStrength < oldStrength ? "evidence_eased" : "evidence_tightened"
      } else if let oldRule, let newRule {
        let oldItems = Set(oldRule.terms.flatMap(\.items).map(\.id.name))
        let newItems = Set(newRule.terms.flatMap(\.items).map(\.id.name))
        if newItems.isSuperset(of: oldItems) && newItems != oldItems { kind = "evidence_eased" }
        if oldItems.isSuperset(of: newItems) && newItems != oldItems { kind = "evidence_tightened" }
      }
      let strengths =
        " (weakest accepted: \(oldStrength?.rawValue ?? "none") → \(newStrength?.rawValue ?? "none"))"
      let verb =
        kind == "evidence_eased" ? "eased" : kind == "evidence_tightened" ? "tightened" : "changed"
      changes.append(
        CardChange(
          kind: kind, outcome: id, before: oldText, after: newText,
          summary: "evidence for `\(id)` \(verb): \(oldText ?? "none") → \(newText ?? "none")"
            + strengths))
    }
    let families: [(String, String, (ClauseKind) -> Bool)] = [
      ("limit", "claim limit", { if case .limit = $0 { true } else { false } }),
      ("condition", "conditions", { if case .when = $0 { true } else { false } }),
      ("exclusion", "exclusions", { if case .unless = $0 { true } else { false } }),
      (
        "timing", "timing",
        {
          switch $0 {
          case .onlyAfter, .within, .atLeastAfter, .withinTerm: true
          default: false
          }
        }
      ),
      (
        "prerequisite", "prerequisites",
        {
          switch $0 {
          case .requires, .requiresPrevious: true
          default: false
          }
        }
      ),
      (
        "cap", "caps",
        {
          switch $0 {
          case .capCount, .capAmount: true
          default: false
          }
        }
      ),
      ("group", "group", { if case .group = $0 { true } else { false } }),
      ("payers", "payers", { if case .payers = $0 { true } else { false } }),
      (
        "exception", "exceptions",
        {
          switch $0 {
          case .exception, .onlyByException: true
          default: false
          }
        }
      ),
      ("versioned_by", "version basis", { if case .versionedBy = $0 { true } else { false } }),
      ("restarts", "restarts", { if case .restarts = $0 { true } else { false } }),
    ]
    for (kind, name, family) in families {
      let a = printed(before.clauses, family)
      let b = printed(after.clauses, family)
      guard a != b else { continue }
      let beforeText = a.isEmpty ? nil : a.joined(separator: "; ")
      let afterText = b.isEmpty ? nil : b.joined(separator: "; ")
      changes.append(
        CardChange(
          kind: kind, outcome: id, before: beforeText, after: afterText,
          summary: "\(name) of `\(id)`: \(beforeText ?? "none") → \(afterText ?? "none")"))
    }
    if case .rung(_, _, let d1, let a1) = before.kind, case .rung(_, _, let d2, let a2) = after.kind
    {
      let oldAnchor = ExpressionPrinter.print(a1) + (d1.map { " + \($0)" } ?? "")
      let newAnchor = ExpressionPrinter.print(a2) + (d2.map { " + \($0)" } ?? "")
      if oldAnchor != newAnchor {
        changes.append(
          CardChange(
            kind: "anchor", outcome: id, before: oldAnchor, after: newAnchor,
            summary: "`\(id)` is measured from \(oldAnchor) → \(newAnchor)"))
      }
    }
    return changes
  }
}
