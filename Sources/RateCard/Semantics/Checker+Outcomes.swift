import Foundation

/// Where a list of clauses sits decides which clauses it may hold.
enum ClauseOwner {
  case outcome
  case ladder
  case rung
  case exception
}

/// Prerequisite edges: an outcome needs another paid (or achieved) first.
struct Prerequisite {
  var from: String
  var to: String
  var span: SourceSpan
}

extension Checker {
  mutating func checkOutcome(_ outcome: OutcomeDeclaration) {
    guard outcomeDeclarations[outcome.id.name]?.span == outcome.span else { return }
    let id = outcome.id.name
    checkClauses(outcome.clauses, ownerID: id, owner: .outcome)
    let price = outcome.clauses.compactMap { clause -> Expression? in
      if case .price(let expression) = clause.kind { return expression }
      return nil
    }.first
    if price == nil && !hasSyntaxError(in: outcome.span) {
      error(
        .missingPrice, "outcome `\(id)` has no price", at: outcome.id.span,
        help: "add a line such as `price £500`")
    }
    checkConditionsCanHold(outcome.clauses, ownerID: id)
    register(
      CheckedCard.OutcomeInfo(
        id: id, title: outcome.title, kind: .outcome, clauses: outcome.clauses, price: price,
        span: outcome.id.span), declaration: outcome.span)
  }

  mutating func register(_ info: CheckedCard.OutcomeInfo, declaration: SourceSpan) {
    card.outcomes[info.id] = info
    card.outcomeOrder.append(info.id)
    if !hasSyntaxError(in: declaration)
      && !info.clauses.contains(where: { if case .evidence = $0.kind { true } else { false } })
    {
      warning(
        .noEvidenceRule,
        "`\(info.id)` has no evidence rule, so a claim needs no evidence at all",
        at: info.span, help: "add a line such as `evidence any of tenancy, landlord_letter`")
    }
  }

  mutating func checkLadder(_ ladder: LadderDeclaration) {
    guard ladderDeclarations[ladder.id.name]?.span == ladder.span else { return }
    if let restart = ladder.clauses.first(where: {
      if case .restarts = $0.kind { true } else { false }
    }) {
      if case .named(let anchor) = ladder.anchor, let entry = outcomeDeclarations[anchor.name] {
        let repeatable = entry.clauses.contains {
          if case .limit(let limit) = $0.kind, case .once = limit.count {
            false
          } else if case .limit = $0.kind {
            true
          } else {
            false
          }
        }
        if !repeatable {
          warning(
            .neverHolds,
            "`\(anchor.name)` can be claimed only once per participant, so the ladder's clock can never restart",
            at: restart.span, help: "let it be claimed again: `at most 3 per participant`")
        }
      } else {
        error(
          .misplacedClause, "only a ladder measured from an outcome can restart",
          at: restart.span,
          help:
            "measure the ladder from the outcome whose new claims restart it: `from accommodation_entry`"
        )
      }
    }
    card.ladders[ladder.id.name] = CheckedCard.LadderInfo(
      id: ladder.id.name, title: ladder.title,
      caps: ladder.clauses.filter { Checker.isCap($0.kind) })
    _ = checkAnchor(ladder.anchor, ownerID: ladder.id.name)
    checkClauses(ladder.clauses, ownerID: ladder.id.name, owner: .ladder)
    if ladder.rungs.isEmpty {
      error(
        .invalidValue, "ladder `\(ladder.id.name)` has no rungs", at: ladder.id.span,
        help: "add rungs such as `3 months £1,500`")
    }
    var previous: (duration: Duration, span: SourceSpan)?
    var previousMilestone: (value: Value, span: SourceSpan)?
    var measureType: ValueType?
    if let measure = ladder.measure {
      let type = typeOf(measure, scope: .rule)
      if ![.money, .percent, .number, .error].contains(type) {
        error(
          .typeMismatch,
          "a milestone ladder is measured by money, a percentage or a number, but this is \(type)",
          at: measure.span, help: "measure by a field such as `claim.earnings_to_date`")
      } else {
        measureType = type
      }
    }
    for (index, rung) in ladder.rungs.enumerated() {
      let id = Checker.rungID(ladder: ladder.id.name, rung: rung)
      let durationType = typeOf(rung.duration, scope: .constant)
      var duration: Duration?
      var milestone: Literal?
      if let measureType {
        // A milestone rung: a fixed value of the ladder's measure, each higher than the last.
        if !durationType.matches(measureType) {
          error(
            .typeMismatch,
            "a rung of this milestone ladder is a value of its measure (\(measureType)), but this is \(durationType)",
            at: rung.duration.span,
            help: "write the milestone the measure must reach, such as `£768`")
        } else if let value = requiredConstant(
          rung.duration, type: durationType, what: "a milestone")
        {
          milestone = value
          let folded = Value(value)
          if let previousMilestone, (Value.compare(folded, previousMilestone.value) ?? 1) <= 0 {
            error(
              .rungsNotIncreasing,
              "milestone `\(value.source)` is not higher than the rung before it",
              at: rung.duration.span, help: "list milestones from the lowest to the highest",
              notes: [DiagnosticNote("the previous rung", at: previousMilestone.span)])
          }
          previousMilestone = (folded, rung.duration.span)
        }
      } else if [.money, .percent, .number].contains(durationType) {
        error(
          .typeMismatch, "a rung starts with a duration, but this is \(durationType)",
          at: rung.duration.span,
          help:
            "a duration has a unit, such as `3 months`; for milestones on a value (earnings, a share of a course, sessions), make it a milestone ladder: `ladder \(ladder.id.name) \"...\" from \(ExpressionPrinter.print(ladder.anchor)) measured by claim.FIELD { ... }`"
        )
      } else if !durationType.matches(.duration) {
        error(
          .typeMismatch, "a rung starts with a duration, but this is \(durationType)",
          at: rung.duration.span, help: "write it as `3 months` or `6.5 weeks`")
      } else if case .duration(let value)? = requiredConstant(
        rung.duration, type: durationType, what: "a rung's duration")
      {
        duration = value
        if value.amount <= 0 {
          error(.invalidValue, "a rung's duration must be more than zero", at: rung.duration.span)
        }
        if let previous, previous.duration.approximateDays >= value.approximateDays {
          error(
            .rungsNotIncreasing,
            "rung `\(value)` is not longer than the rung before it (`\(previous.duration)`)",
            at: rung.duration.span, help: "list rungs from the shortest to the longest",
            notes: [DiagnosticNote("the previous rung", at: previous.span)])
        }
        previous = (value, rung.duration.span)
      }
      checkPrice(rung.price)
      checkClauses(rung.clauses, ownerID: id, owner: .rung)
      // A rung's own price, payers, limit or evidence replaces the ladder's; its `when` and
      // `unless` clauses add to the ladder's.
      // The ladder's caps apply to all its rungs together (see `ladders`), not to each rung.
      let ownSlots = Set(rung.clauses.compactMap(\.kind.slot)).filter(\.isSingle)
      let inherited = ladder.clauses.filter { clause in
        if Checker.isCap(clause.kind) { return false }
        guard let slot = clause.kind.slot else { return true }
        return !ownSlots.contains(slot)
      }
      checkRungCaps(rung.clauses, against: ladder)
      let clauses = inherited + rung.clauses
      checkConditionsCanHold(clauses, ownerID: id)
      guard outcomeSpans[id] == (rung.name?.span ?? rung.duration.span) else { continue }
      register(
        CheckedCard.OutcomeInfo(
          id: id,
          title: "\(ladder.title): \(duration.map(\.description) ?? milestone?.source ?? "rung")",
          kind: .rung(
            ladder: ladder.id.name, index: index, duration: duration, anchor: ladder.anchor),
          clauses: clauses, price: rung.price, span: rung.name?.span ?? rung.duration.span,
          milestone: milestone.flatMap { value in ladder.measure.map { ($0, value) } }),
        declaration: ladder.span)
    }
  }

  static func isCap(_ kind: ClauseKind) -> Bool {
    switch kind {
    case .capCount, .capAmount: return true
    default: return false
    }
  }

  /// A rung's cap binds that rung; the ladder's binds all rungs together. A rung cap not below
  /// the ladder's cap of the same kind can never bind: it reads as if it replaced the ladder's,
  /// which it does not, so it is refused.
  mutating func checkRungCaps(_ clauses: [Clause], against ladder: LadderDeclaration) {
    for clause in clauses where Checker.isCap(clause.kind) {
      for outer in ladder.clauses
      where CardHistory.family(outer.kind) == CardHistory.family(clause.kind) {
        guard let (inner, limit) = capValues(clause.kind, outer.kind), inner >= limit else {
          continue
        }
        error(
          .ambiguousCap,
          "this rung's cap can never bind: the ladder's cap, for all its rungs together, is lower",
          at: clause.span,
          help:
            "a ladder's cap applies to all its rungs together and a rung's cap to that rung as well; lower the rung's cap or remove it",
          notes: [DiagnosticNote("the ladder's cap", at: outer.span)])
      }
    }
  }

  mutating func capValues(_ inner: ClauseKind, _ outer: ClauseKind) -> (Decimal, Decimal)? {
    func value(_ kind: ClauseKind) -> Decimal? {
      switch kind {
      case .capCount(let e, _):
        if case .number(let n)? = constantValue(e) { return n }
      case .capAmount(let e, _):
        if case .money(let m)? = constantValue(e) { return Decimal(m.minorUnits) }
      default: break
      }
      return nil
    }
    guard let a = value(inner), let b = value(outer) else { return nil }
    return (a, b)
  }

  mutating func checkPrice(_ price: Expression) {
    let type = typeOf(price, scope: .rule)
    if type == .percent {
      error(
        .typeMismatch, "a price must be an amount of money, but this is a percentage",
        at: price.span, help: "write an amount such as `£500`; shares belong in `payers`")
    } else if !type.matches(.money) {
      error(
        .typeMismatch, "a price must be an amount of money, but this is \(type)",
        at: price.span, help: "write an amount such as `£500`")
    } else if case .money(let money)? = constantValue(price), money.minorUnits < 0 {
      error(.invalidValue, "a price cannot be negative", at: price.span)
    }
  }

  mutating func checkClauses(_ clauses: [Clause], ownerID: String, owner: ClauseOwner) {
    var baseSlots: [RuleSlot: SourceSpan] = [:]
    var groupSpan: SourceSpan?
    var exceptions: [(rule: ExceptionRule, slots: Set<RuleSlot>, span: SourceSpan)] = []
    var exceptionNames: [String: SourceSpan] = [:]
    for clause in clauses {
      if let slot = clause.kind.slot, slot.isSingle {
        if let first = baseSlots[slot] {
          error(
            .overlappingRules,
            "two \(slot.rawValue) rules apply to every claim of `\(ownerID)`", at: clause.span,
            help: "keep one, or make one an exception: `exception NAME when CONDITION { ... }`",
            notes: [DiagnosticNote("the other \(slot.rawValue) rule", at: first)])
        }
        baseSlots[slot] = clause.span
      }
      switch clause.kind {
      case .group:
        if let groupSpan {
          error(
            .duplicateClause, "`\(ownerID)` is given two groups", at: clause.span,
            notes: [DiagnosticNote("first group here", at: groupSpan)])
        }
        groupSpan = clause.span
      case .price(let price):
        if owner == .ladder || owner == .rung {
          error(
            .misplacedClause, "a ladder's prices are written on its rungs", at: clause.span,
            help: "write each rung as `DURATION PRICE`, such as `3 months £1,500`")
        }
        checkPrice(price)
      case .payers(let shares):
        checkPayerShares(shares, span: clause.span)
      case .capCount(let count, _):
        _ = positiveWholeNumber(count, what: "a cap on claims")
        if case .capCount(_, false) = clause.kind,
          clauses.contains(where: {
            if case .limit(let limit) = $0.kind, case .unlimited = limit.count {
              true
            } else {
              false
            }
          })
        {
          warning(
            .ambiguousCap,
            "`cap \(ExpressionPrinter.print(count)) claims` limits the whole contract to that many claims, not each participant",
            at: clause.span,
            help:
              "for each participant write `at most \(ExpressionPrinter.print(count)) per participant` (a claim limit) or `cap \(ExpressionPrinter.print(count)) claims per participant`; keep this line for a contract-wide maximum"
          )
        }
      case .capAmount(let amount, _):
        _ = moneyValue(amount, what: "a cap")
      case .limit(let limit):
        checkLimit(limit)
      case .requires(let requirement):
        for name in requirement.names { checkPrerequisiteName(name, ownerID: ownerID) }
        if let matching = requirement.matching { checkLimitField(matching, needsOrder: false) }
      case .requiresPrevious:
        if owner != .ladder {
          error(
            .misplacedClause, "`requires previous` belongs in a ladder", at: clause.span,
            help: "in an outcome, name the outcome it needs: `requires accommodation_entry`")
        }
      case .when(let condition), .unless(let condition):
        requireType(.bool, condition, scope: .rule, context: "a condition must be yes or no")
      case .onlyAfter(let anchor):
        _ = checkAnchor(anchor, ownerID: ownerID)
      case .withinTerm:
        if card.term == nil && !card.title.isEmpty {
          error(.missingHeader, "`within term` needs a `term` in the card header", at: clause.span)
        }
      case .within(let duration, let anchor):
        requireType(.duration, duration, scope: .rule, context: "write `within 104 weeks of start`")
        _ = checkAnchor(anchor, ownerID: ownerID)
      case .atLeastAfter(let duration, let anchor, let until):
        requireType(
          .duration, duration, scope: .rule, context: "write `at least 3 months after start`")
        _ = checkAnchor(anchor, ownerID: ownerID)
        if let until {
          requireType(.date, until, scope: .rule, context: "`or until` needs a date")
        }
      case .evidence(let rule):
        checkEvidenceRule(rule)
      case .exception(let rule):
        if owner == .exception { break }
        if let first = exceptionNames[rule.name.name] {
          duplicate("exception", rule.name, first: first)
        }
        exceptionNames[rule.name.name] = rule.name.span
        reference(rule.name.span, .exception(outcome: ownerID, name: rule.name.name))
        requireType(.bool, rule.condition, scope: .rule, context: "an exception's condition")
        checkClauses(rule.clauses, ownerID: ownerID, owner: .exception)
        if !satisfiability.canHold([rule.condition]) {
          error(
            .neverHolds, "the condition of exception `\(rule.name.name)` can never hold",
            at: rule.condition.span, help: "check the comparisons: they contradict each other")
        }
        exceptions.append((rule, Set(rule.clauses.compactMap(\.kind.slot)), clause.span))
      case .restarts(let count):
        _ = positiveWholeNumber(count, what: "the number of restarts")
        if owner != .ladder {
          error(
            .misplacedClause, "`restarts` belongs to a ladder measured from an outcome",
            at: clause.span, help: "write it among the ladder's own clauses")
        }
      case .versionedBy:
        if owner == .exception || owner == .rung {
          error(
            .misplacedClause, "`versioned by` belongs to a whole outcome or ladder",
            at: clause.span, help: "move it to the outcome's (or the ladder's) own clauses")
        }
      case .onlyByException(let name, let condition):
        if let first = exceptionNames[name.name] { duplicate("exception", name, first: first) }
        exceptionNames[name.name] = name.span
        reference(name.span, .exception(outcome: ownerID, name: name.name))
        requireType(.bool, condition, scope: .rule, context: "an exception's condition")
      }
    }
    checkExceptionOverlaps(exceptions, names: exceptionNames, ownerID: ownerID)
  }

  var satisfiability: Satisfiability {
    let constants = card.constants
    return Satisfiability(constant: { constants[$0]?.value })
  }

  mutating func checkExceptionOverlaps(
    _ exceptions: [(rule: ExceptionRule, slots: Set<RuleSlot>, span: SourceSpan)],
    names: [String: SourceSpan], ownerID: String
  ) {
    for exception in exceptions {
      if let over = exception.rule.overrides {
        if names[over.name] == nil || over.name == exception.rule.name.name {
          unknown(
            "exception", over,
            candidates: names.keys.filter { $0 != exception.rule.name.name })
        } else {
          reference(over.span, .exception(outcome: ownerID, name: over.name))
        }
      }
    }
    // `over` is a partial order: transitive, and never circular.
    var direct: [String: [String]] = [:]
    for exception in exceptions {
      if let over = exception.rule.overrides?.name {
        direct[exception.rule.name.name, default: []].append(over)
      }
    }
    func beaten(by name: String) -> Set<String> {
      var seen: Set<String> = []
      var queue = direct[name] ?? []
      while let next = queue.popLast() {
        if seen.insert(next).inserted { queue += direct[next] ?? [] }
      }
      return seen
    }
    var order: [String: Set<String>] = [:]
    for exception in exceptions {
      order[exception.rule.name.name] = beaten(by: exception.rule.name.name)
    }
    var reportedCycle = false
    for exception in exceptions {
      let name = exception.rule.name.name
      guard let over = exception.rule.overrides, order[name]?.contains(name) == true,
        !reportedCycle
      else { continue }
      reportedCycle = true
      error(
        .cyclicDefinition,
        "the `over` clauses of `\(ownerID)` go round in a circle through `\(name)`",
        at: over.span,
        help:
          "`over` says which exception wins; an exception cannot win over itself, directly or through others"
      )
    }
    for (i, first) in exceptions.enumerated() {
      for second in exceptions[(i + 1)...] {
        let shared = first.slots.intersection(second.slots)
        guard !shared.isEmpty else { continue }
        let a = first.rule.name.name
        let b = second.rule.name.name
        // Ordered, directly or through others; a mistaken `over` (reported above) still
        // shows intent, so it does not add a second error.
        let ordered =
          order[a]?.contains(b) == true || order[b]?.contains(a) == true
          || [first.rule, second.rule].contains {
            $0.overrides.map { names[$0.name] == nil } ?? false
          }
        if ordered { continue }
        guard satisfiability.canHold([first.rule.condition, second.rule.condition]) else {
          continue
        }
        let slots = shared.map(\.rawValue).sorted().joined(separator: ", ")
        error(
          .overlappingRules,
          "exceptions `\(a)` and `\(b)` can both apply to one claim of `\(ownerID)` and both replace its \(slots) rule",
          at: second.rule.name.span,
          help:
            "make their conditions exclusive, or say which wins: `exception \(b) over \(a) when ...`",
          notes: [DiagnosticNote("the other exception", at: first.rule.name.span)])
      }
    }
  }

  /// An outcome whose `when` conditions contradict each other can never be paid.
  mutating func checkConditionsCanHold(_ clauses: [Clause], ownerID: String) {
    let conditions = clauses.compactMap { clause -> Expression? in
      if case .when(let condition) = clause.kind { return condition }
      return nil
    }
    guard !conditions.isEmpty, !satisfiability.canHold(conditions) else { return }
    let span = conditions.dropFirst().reduce(conditions[0].span) { $0.through($1.span) }
    error(
      .neverHolds, "the conditions of `\(ownerID)` can never all hold, so it can never be paid",
      at: conditions.count == 1
        ? conditions[0].span : SourceSpan(start: span.start, end: conditions[0].span.end),
      help: "check the comparisons: they contradict each other")
  }

  mutating func checkPayerShares(_ shares: [PayerShare], span: SourceSpan) {
    var total: Decimal = 0
    var allValid = true
    var seen: Set<String> = []
    for share in shares {
      if !card.payers.contains(where: { $0.id == share.payer.name }) {
        unknown("payer", share.payer, candidates: card.payers.map(\.id))
      } else {
        reference(share.payer.span, .payer(share.payer.name))
      }
      if !seen.insert(share.payer.name).inserted {
        error(.duplicateName, "payer `\(share.payer.name)` is listed twice", at: share.payer.span)
      }
      let value = percentValue(share.share, what: "a payer's share")
      total += value ?? 0
      allValid = allValid && value != nil
    }
    if total != 100 && allValid {
      error(
        .sharesNotWhole, "payer shares add up to \(total)%, not 100%", at: span,
        help: "each payment is split between the payers, so their shares must total 100%")
    }
  }

  mutating func positiveWholeNumber(_ expression: Expression, what: String) -> Int? {
    let type = typeOf(expression, scope: .constant)
    guard type.matches(.number) else {
      error(
        .typeMismatch, "\(what) must be a whole number, but this is \(type)", at: expression.span)
      return nil
    }
    guard case .number(let value)? = requiredConstant(expression, type: type, what: what) else {
      return nil
    }
    var rounded = Decimal()
    var copy = value
    NSDecimalRound(&rounded, &copy, 0, .plain)
    guard rounded == value, value >= 1, value <= 1_000_000_000 else {
      error(.invalidValue, "\(what) must be a whole number of at least 1", at: expression.span)
      return nil
    }
    return NSDecimalNumber(decimal: value).intValue
  }

  mutating func checkLimit(_ limit: ClaimLimit) {
    if case .atMost(let count) = limit.count {
      _ = positiveWholeNumber(count, what: "a claim limit")
    }
    for qualifier in limit.qualifiers {
      switch qualifier {
      case .oncePer(let field):
        checkLimitField(field, needsOrder: false)
      case .higherOrDifferent(let higher, let different):
        checkLimitField(higher, needsOrder: true)
        if let different { checkLimitField(different, needsOrder: false) }
      case .apart(let gap):
        requireType(.duration, gap, scope: .rule, context: "write `at least 4 weeks apart`")
      }
    }
  }

  mutating func checkLimitField(_ field: Expression, needsOrder: Bool) {
    guard case .field = field.kind else {
      error(
        .typeMismatch, "expected a field such as `claim.kind` here", at: field.span)
      return
    }
    let type = typeOf(field, scope: .rule)
    if needsOrder && !type.isOrdered {
      error(
        .typeMismatch, "`higher` needs a field with an order, but this is \(type)",
        at: field.span, help: "use a number, a date or a `one of` field listed lowest first")
    }
  }

  mutating func checkPrerequisiteName(_ name: Identifier, ownerID: String) {
    guard outcomeSpans[name.name] != nil, ladderDeclarations[name.name] == nil else {
      let help = ladderDeclarations[name.name] != nil ? "name one of the ladder's rungs" : nil
      unknown("outcome", name, candidates: outcomeIDs, help: help)
      return
    }
    reference(name.span, .outcome(name.name))
    prerequisites.append(Prerequisite(from: ownerID, to: name.name, span: name.span))
  }

  var outcomeIDs: [String] {
    outcomeSpans.keys.filter { ladderDeclarations[$0] == nil }
  }

  /// Checks an anchor; returns the outcome it names, if it names one.
  mutating func checkAnchor(_ anchor: Anchor, ownerID: String) -> String? {
    switch anchor {
    case .referral, .start: return nil
    case .expression(let expression):
      requireType(.date, expression, scope: .rule, context: "a time is measured from a date")
      return nil
    case .named(let name):
      if outcomeSpans[name.name] != nil && ladderDeclarations[name.name] == nil {
        reference(name.span, .outcome(name.name))
        prerequisites.append(Prerequisite(from: ownerID, to: name.name, span: name.span))
        return name.name
      }
      if constantDeclarations[name.name] != nil {
        usedConstants.insert(name.name)
        if resolveConstant(name.name)?.type.matches(.date) == false {
          error(.typeMismatch, "`\(name.name)` is not a date", at: name.span)
        }
        return nil
      }
      unknown(
        "anchor", name,
        candidates: outcomeIDs + Array(constantDeclarations.keys) + ["referral", "start"],
        help: "measure from `referral`, `start`, an outcome id or a date field")
      return nil
    }
  }

  mutating func checkEvidenceRule(_ rule: EvidenceRule) {
    for term in rule.terms {
      for item in term.items {
        if card.evidence[item.id.name] == nil {
          unknown(
            "evidence", item.id, candidates: card.evidence.keys,
            help: "declare it in the `evidence { ... }` catalogue")
        } else {
          usedEvidence.insert(item.id.name)
          reference(item.id.span, .evidence(item.id.name))
        }
        if let condition = item.condition {
          requireType(.bool, condition, scope: .rule, context: "`if` needs a yes/no condition")
        }
      }
    }
    if let minimum = rule.minimumStrength, EvidenceStrength(rawValue: minimum.name) == nil {
      unknown(
        "evidence strength", minimum, candidates: EvidenceStrength.allCases.map(\.rawValue))
    }
  }

  mutating func checkPerParticipantCap() {
    let perParticipant = card.caps.first { $0.scope == .perParticipant }
    for id in card.outcomeOrder {
      guard let info = card.outcomes[id], let priceExpression = info.price,
        let price = highestPrice(priceExpression)
      else { continue }
      if let cap = perParticipant, price > cap.amount {
        error(
          .capBelowPrice,
          "the per-participant cap (\(cap.amount.formatted)) is lower than the price of `\(id)` (\(price.formatted))",
          at: cap.span,
          help: "raise the cap or lower the price: this outcome could never be paid in full",
          notes: [DiagnosticNote("the price", at: priceExpression.span)])
      }
      for clause in info.clauses {
        guard case .capAmount(let amount, _) = clause.kind,
          case .money(let cap)? = constantValue(amount),
          price > cap
        else { continue }
        error(
          .capBelowPrice,
          "the cap on `\(id)` (\(cap.formatted)) is lower than its price (\(price.formatted))",
          at: clause.span, notes: [DiagnosticNote("the price", at: priceExpression.span)])
      }
    }
  }

  /// The highest value a price can take: a literal, or the largest entry of a table lookup.
  mutating func highestPrice(_ expression: Expression) -> Money? {
    if case .money(let money)? = constantValue(expression) { return money }
    if case .lookup(let table, _) = expression.kind, let info = card.tables[table.name] {
      return info.entries.compactMap { entry -> Money? in
        if case .money(let money) = entry.value { return money }
        return nil
      }.max()
    }
    return nil
  }

  mutating func checkPrerequisiteCycles() {
    var edges: [String: [Prerequisite]] = [:]
    for edge in prerequisites { edges[edge.from, default: []].append(edge) }
    // Ladders: each rung needs its anchor outcome; with `requires previous`, the rung before.
    // Sorted: dictionary order differs between runs, and output must not.
    for (ladderID, ladder) in ladderDeclarations.sorted(by: { $0.key < $1.key }) {
      let ids = ladder.rungs.map { Checker.rungID(ladder: ladderID, rung: $0) }
      let chained = ladder.clauses.contains {
        if case .requiresPrevious = $0.kind { true } else { false }
      }
      for (index, id) in ids.enumerated() {
        if case .named(let anchor) = ladder.anchor, outcomeSpans[anchor.name] != nil {
          edges[id, default: []].append(Prerequisite(from: id, to: anchor.name, span: anchor.span))
        }
        if chained && index > 0 {
          edges[id, default: []].append(
            Prerequisite(from: id, to: ids[index - 1], span: ladder.rungs[index].duration.span))
        }
      }
    }
    var state: [String: Int] = [:]  // 1: on the current path, 2: done
    var path: [Prerequisite] = []
    var reported: Set<String> = []
    func visit(_ node: String, _ checker: inout Checker) {
      state[node] = 1
      for edge in edges[node] ?? [] {
        if state[edge.to] == 1 {
          let cycleStart = path.firstIndex { $0.from == edge.to } ?? path.count
          let cycle = Array(path[cycleStart...]) + [edge]
          let key = cycle.map(\.from).sorted().joined(separator: ",")
          if reported.insert(key).inserted {
            let names = cycle.map { "`\($0.from)`" } + ["`\(edge.to)`"]
            checker.error(
              .cyclicPrerequisite,
              "cyclic prerequisites: \(names.joined(separator: " needs "))",
              at: edge.span, help: "an outcome cannot need itself, directly or through others")
          }
        } else if state[edge.to] == nil {
          path.append(edge)
          visit(edge.to, &checker)
          path.removeLast()
        }
      }
      state[node] = 2
    }
    for node in edges.keys.sorted() where state[node] == nil {
      visit(node, &self)
    }
  }

  /// The weakest evidence a rule accepts: the strongest item of the weakest set that satisfies it.
  func weakestAccepted(_ rule: EvidenceRule) -> EvidenceStrength? {
    Checker.weakestAccepted(rule, evidence: card.evidence)
  }

  static func weakestAccepted(
    _ rule: EvidenceRule, evidence: [String: CheckedCard.EvidenceKindInfo]
  ) -> EvidenceStrength? {
    var result: EvidenceStrength?
    for term in rule.terms {
      let strengths = term.items.compactMap { evidence[$0.id.name]?.strength }
      guard !strengths.isEmpty else { return nil }
      let termStrength: EvidenceStrength
      switch term {
      case .anyOf: termStrength = strengths.min()!
      case .allOf, .single: termStrength = strengths.max()!
      }
      result = max(result ?? termStrength, termStrength)
    }
    if let name = rule.minimumStrength?.name, let floor = EvidenceStrength(rawValue: name) {
      result = max(result ?? floor, floor)
    }
    return result
  }

  /// Warns when a sustainment rung accepts weaker evidence than its entry outcome.
  mutating func checkEvidenceStrengthAcrossLadders() {
    var reported: Set<SourceSpan> = []
    for id in card.outcomeOrder {
      guard let info = card.outcomes[id],
        case .rung(_, _, _, .named(let anchor)) = info.kind,
        let entry = card.outcomes[anchor.name],
        let entryRule = Checker.baseEvidence(entry.clauses),
        let rungRule = Checker.baseEvidence(info.clauses),
        // An explicit `at least` floor says the accepted strength is intended.
        rungRule.rule.minimumStrength == nil,
        let entryStrength = weakestAccepted(entryRule.rule),
        let rungStrength = weakestAccepted(rungRule.rule),
        rungStrength < entryStrength, reported.insert(rungRule.span).inserted
      else { continue }
      warning(
        .weakerEvidence,
        "`\(evidenceOwner(of: info, rule: rungRule.span))` accepts weaker evidence (\(rungStrength.rawValue)) than its entry outcome `\(anchor.name)` (\(entryStrength.rawValue))",
        at: rungRule.span,
        help:
          "add `at least \(entryStrength.rawValue)` to require entry-strength evidence, or `at least \(rungStrength.rawValue)` to confirm the weaker evidence is intended",
        notes: [DiagnosticNote("the entry outcome's evidence rule", at: entryRule.span)])
    }
  }

  static func baseEvidence(_ clauses: [Clause]) -> (rule: EvidenceRule, span: SourceSpan)? {
    for clause in clauses {
      if case .evidence(let rule) = clause.kind { return (rule, clause.span) }
    }
    return nil
  }

  mutating func warnUnused() {
    for (id, kind) in card.evidence.sorted(by: { $0.key < $1.key }) where !usedEvidence.contains(id)
    {
      warning(
        .unused, "evidence `\(id)` is declared but no rule accepts it", at: kind.span,
        help: "remove it, or add it to an evidence rule")
    }
    for (subject, fields) in [("participant", card.participantFields), ("claim", card.claimFields)]
    {
      for field in fields.values.sorted(by: { $0.name < $1.name })
      where !field.builtin && !usedFields.contains("\(subject).\(field.name)") {
        warning(
          .unused, "\(subject) field `\(field.name)` is declared but no rule uses it",
          at: field.span ?? .none, help: "remove it, or use it in a condition")
      }
    }
  }
}

extension Checker {
  /// The rung's id when the evidence rule is the rung's own, else the ladder's id.
  func evidenceOwner(of info: CheckedCard.OutcomeInfo, rule: SourceSpan) -> String {
    guard case .rung(let ladder, _, _, _) = info.kind, let declaration = ladderDeclarations[ladder],
      declaration.clauses.contains(where: { $0.span == rule })
    else { return info.id }
    return ladder
  }
}

extension Checker {
  /// `group "..." { ... }`: caps and payers for the outcomes of a group.
  mutating func checkGroups(_ declarations: [Declaration]) {
    let used = Set(card.outcomes.values.compactMap { $0.group })
    for case .group(let group) in declarations {
      if let first = card.groups[group.title] {
        duplicate("group", Identifier(group.title, span: group.titleSpan), first: first.span)
        continue
      }
      for clause in group.clauses {
        switch clause.kind {
        case .capCount(let count, _): _ = positiveWholeNumber(count, what: "a cap on claims")
        case .capAmount(let amount, _): _ = moneyValue(amount, what: "a cap")
        case .payers(let shares): checkPayerShares(shares, span: clause.span)
        default:
          error(
            .misplacedClause, "a group declaration holds only caps and payers", at: clause.span,
            help: "write the other rules on the group's outcomes")
        }
      }
      if !used.contains(group.title) {
        warning(
          .unused, "no outcome is in the group \"\(group.title)\"", at: group.titleSpan,
          help: FuzzyMatch.suggestion(for: group.title, in: used)
            ?? "put outcomes in it with `group \"\(group.title)\"`")
      }
      card.groups[group.title] = CheckedCard.GroupInfo(
        title: group.title, clauses: group.clauses, span: group.titleSpan)
    }
  }
}

extension Checker {
  /// `suspension "..." FROM to TO { ... }`: achieved but not paid, or paid another price.
  mutating func checkSuspensions(_ declarations: [Declaration]) {
    for case .suspension(let suspension) in declarations {
      if suspension.to < suspension.from {
        error(
          .invalidValue, "the suspension \"\(suspension.title)\" ends before it starts",
          at: suspension.span, help: "write the earlier date first")
      }
      var ids: [String] = []
      for outcome in suspension.outcomes {
        if let ladder = ladderDeclarations[outcome.name] {
          ids += ladder.rungs.map { Checker.rungID(ladder: ladder.id.name, rung: $0) }
          reference(outcome.span, .outcome(outcome.name))
        } else if card.outcomes[outcome.name] != nil {
          ids.append(outcome.name)
          reference(outcome.span, .outcome(outcome.name))
        } else {
          unknown(
            "outcome", outcome,
            candidates: Array(card.outcomes.keys) + Array(ladderDeclarations.keys))
        }
      }
      if let price = suspension.price { checkPrice(price) }
      card.suspensions.append(
        CheckedCard.SuspensionInfo(
          title: suspension.title, from: suspension.from, to: suspension.to,
          outcomes: suspension.outcomes.isEmpty ? nil : ids, price: suspension.price))
    }
  }
}
