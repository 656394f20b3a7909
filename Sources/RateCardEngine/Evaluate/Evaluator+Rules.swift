import Foundation
import RateCard

extension Evaluator {
  /// The base rules with each applicable exception's rules put in their place (the outcome's
  /// own, held, when none applies). For each rule that several applicable exceptions replace,
  /// the one no other applicable one beats (by `over`, transitively) wins; the checker makes
  /// sure there is exactly one.
  func effectiveRules(
    _ held: OutcomeTable.Held, _ p: FieldsInPlace, _ c: FieldsInPlace, trace: inout [String]?
  ) -> OutcomeTable.HeldRules {
    // Most outcomes have no exceptions, and most claims meet none.
    guard !held.outcome.exceptions.isEmpty else { return held.base }
    let applicable = held.outcome.exceptions.filter {
      $0.condition.expression.evaluate(p, c).isTrue
    }
    guard !applicable.isEmpty else { return held.base }
    var rules = held.outcome.base
    for exception in applicable {
      trace?.append("exception \(exception.name) applies: \(exception.condition.source)")
    }
    func winner<T>(_ slot: KeyPath<RuleSet, T?>) -> T? {
      let candidates = applicable.filter { $0.rules[keyPath: slot] != nil }
      let unbeaten = candidates.filter { candidate in
        !candidates.contains { $0.beats.contains(candidate.name) && $0.name != candidate.name }
      }
      return (unbeaten.first ?? candidates.first)?.rules[keyPath: slot]
    }
    if let price = winner(\.price) {
      rules.price = price
      rules.priceSource = winner(\.priceSource)
    }
    if let payers = winner(\.payers) { rules.payers = payers }
    if let limit = winner(\.limit) { rules.limit = limit }
    if let evidence = winner(\.evidence) { rules.evidence = evidence }
    if let conditions = winner(\.conditions) { rules.conditions = conditions }
    if let exclusions = winner(\.exclusions) { rules.exclusions = exclusions }
    return OutcomeTable.HeldRules(rules)
  }

  // The checks `decide` runs on every claim change nothing, but are `mutating` so that the
  // evaluator is passed where it is: called from `decide` (itself mutating), a non-mutating
  // check was handed a copy of the whole evaluator, 392 bytes, each time.

  mutating func checkTerm(_ day: DayNumber, _ findings: inout Findings, trace: inout [String]?) {
    guard let term = card.term else { return }
    // Words are built only for a trace: most claims are evaluated without one.
    func range() -> String {
      "\(CalendarDate(dayNumber: term.lowerBound)) to \(CalendarDate(dayNumber: term.upperBound))"
    }
    if term.contains(day) {
      trace?.append("✓ within the term \(range())")
    } else {
      trace?.append("✗ within the term \(range())")
      findings.add(.outsideTerm(from: term.lowerBound, to: term.upperBound))
    }
  }

  /// The date an anchor stands for, or why there is none. Its label is worded apart
  /// (`anchorLabel`), only when a finding or the trace needs it: most claims meet their timing.
  func anchorDay(
    _ anchor: CompiledAnchor, person: Int, _ p: FieldsInPlace, _ c: FieldsInPlace
  ) -> (day: DayNumber?, missing: Finding?) {
    switch anchor {
    case .referral:
      if case .date(let day) = p[2] { return (day, nil) }
      return (nil, .noReferralDate)
    case .start:
      if case .date(let day) = p[3] { return (day, nil) }
      return (nil, .notStarted)
    case .outcome(let index, let restarts):
      // Restarted: the latest of the first `restarts + 1` claims achieved so far.
      if let day = achievements.day(person, index, restarts: restarts) {
        return (day, nil)
      }
      return (nil, .notAchieved(outcomeID(index)))
    case .date(let expression):
      if case .date(let day) = expression.evaluate(p, c) { return (day, nil) }
      return (nil, .emptyAnchorDate)
    }
  }

  /// How an anchor reads in findings and the trace.
  func anchorLabel(_ anchor: CompiledAnchor) -> String {
    switch anchor {
    case .referral: return "referral"
    case .start: return "start"
    case .outcome(let index, _): return outcomeID(index)
    case .date: return "the date"
    }
  }

  /// The id of the outcome at `index`: the held table's own copy (see `OwnText`; an outcome
  /// copied out of the card to read its id would retain everything it holds).
  func outcomeID(_ index: Int) -> String { outcomes[index].id }

  mutating func checkTiming(
    _ held: OutcomeTable.Held, _ day: DayNumber, person: Int, _ p: FieldsInPlace,
    _ c: FieldsInPlace,
    _ findings: inout Findings, trace: inout [String]?
  ) {
    for timing in held.outcome.timing {
      switch timing {
      case .onlyAfter(let anchor):
        let (anchorDay, missing) = self.anchorDay(anchor, person: person, p, c)
        guard let anchorDay else {
          record(missing, "only after \(anchorLabel(anchor))", &findings, trace: &trace)
          continue
        }
        let ok = day >= anchorDay
        trace?.append(
          (ok ? "✓ " : "✗ ")
            + "only after \(anchorLabel(anchor)) (\(CalendarDate(dayNumber: anchorDay)))")
        if !ok {
          findings.add(.beforeAnchor(anchor: anchorLabel(anchor), on: anchorDay))
        }
      case .atLeast(let step, let anchor, let until):
        checkAtLeast(step, anchor, until, day, person, p, c, &findings, trace: &trace)
      case .atLeastComputed(let duration, let anchor, let until):
        checkAtLeast(
          Evaluator.step(duration.evaluate(p, c)), anchor, until, day, person, p, c, &findings,
          trace: &trace)
      case .within(let step, let anchor):
        checkWithin(step, anchor, day, person, p, c, &findings, trace: &trace)
      case .withinComputed(let duration, let anchor):
        checkWithin(
          Evaluator.step(duration.evaluate(p, c)), anchor, day, person, p, c, &findings,
          trace: &trace)
      }
    }
  }

  func record(
    _ missing: Finding?, _ rule: @autoclosure () -> String, _ findings: inout Findings,
    trace: inout [String]?
  ) {
    guard let missing else { return }
    if trace != nil { trace?.append("✗ \(rule()): \(missing.message)") }
    findings.add(missing)
  }

  /// A duration computed for one claim, made ready for date arithmetic; nil when the value is
  /// not a duration.
  static func step(_ value: Value) -> CalendarStep? {
    guard case .duration(let duration) = value else { return nil }
    return CalendarStep(duration)
  }

  /// The day a duration after an anchor falls on; nil (with the reason recorded) when the
  /// duration or the anchor's date is missing. `kind` says which rule, to word it.
  func dueDay(
    _ step: CalendarStep?, after anchor: CompiledAnchor, _ person: Int, _ p: FieldsInPlace,
    _ c: FieldsInPlace,
    kind: Finding.TimingRule.Kind, _ findings: inout Findings,
    trace: inout [String]?
  ) -> (anchorDay: DayNumber, due: DayNumber, step: CalendarStep)? {
    let (anchorDay, missing) = self.anchorDay(anchor, person: person, p, c)
    guard let step else {
      findings.add(.durationNotComputed(anchor: anchorLabel(anchor)))
      return nil
    }
    let duration = step.duration
    guard let anchorDay else {
      record(
        missing,
        Finding.TimingRule(kind: kind, step: step, anchor: anchorLabel(anchor))
          .description, &findings, trace: &trace)
      return nil
    }
    guard let due = step.add(to: anchorDay) else {
      findings.add(.durationNotAddable(duration))
      return nil
    }
    return (anchorDay, due, step)
  }

  func checkAtLeast(
    _ step: CalendarStep?, _ anchor: CompiledAnchor, _ until: CompiledExpression?,
    _ day: DayNumber, _ person: Int, _ p: FieldsInPlace, _ c: FieldsInPlace,
    _ findings: inout Findings,
    trace: inout [String]?
  ) {
    guard
      let (anchorDay, due, step) = dueDay(
        step, after: anchor, person, p, c, kind: .atLeast, &findings, trace: &trace)
    else { return }
    var earliest = due
    var sooner: DayNumber?
    if let until, case .date(let day) = until.evaluate(p, c), day < earliest {
      earliest = day
      sooner = day
    }
    let ok = day >= earliest
    if ok && trace == nil { return }
    let rule = Finding.TimingRule(kind: .atLeast, step: step, anchor: anchorLabel(anchor))
    if trace != nil {
      let detail =
        "\(rule.anchor) \(CalendarDate(dayNumber: anchorDay)), earliest \(CalendarDate(dayNumber: due))"
        + (sooner.map { ", or sooner at \(CalendarDate(dayNumber: $0))" } ?? "")
      trace?.append((ok ? "✓ " : "✗ ") + "\(rule) (\(detail))")
    }
    if !ok {
      findings.add(
        .tooEarly(achieved: day, rule: rule, earliest: earliest))
    }
  }

  func checkWithin(
    _ step: CalendarStep?, _ anchor: CompiledAnchor, _ day: DayNumber, _ person: Int,
    _ p: FieldsInPlace, _ c: FieldsInPlace, _ findings: inout Findings, trace: inout [String]?
  ) {
    guard
      let (_, latest, step) = dueDay(
        step, after: anchor, person, p, c, kind: .within, &findings, trace: &trace)
    else { return }
    let ok = day <= latest
    if ok && trace == nil { return }
    let rule = Finding.TimingRule(kind: .within, step: step, anchor: anchorLabel(anchor))
    trace?.append(
      (ok ? "✓ " : "✗ ")
        + "\(rule) (latest \(CalendarDate(dayNumber: latest)))")
    if !ok {
      findings.add(.tooLate(achieved: day, rule: rule, latest: latest))
    }
  }

  mutating func checkPrerequisites(
    _ held: OutcomeTable.Held, person: Int, _ p: FieldsInPlace, _ c: FieldsInPlace,
    _ findings: inout Findings, trace: inout [String]?
  ) {
    for requirement in held.requirements {
      let key = requirement.matching?.evaluate(p, c)
      func achieved(_ required: Int) -> Bool {
        guard let key, let source = requirement.matchingSource else {
          return achievements.achieved(person, required)
        }
        // Matched per instance: an earlier claim with the same value (never an empty one).
        return !key.isMissing && achievements.matched(person, required, key: source, key)
      }
      // Most claims meet their requirements: no list is built for them.
      if trace == nil
        && (requirement.any
          ? requirement.outcomes.contains(where: achieved)
          : requirement.outcomes.allSatisfy(achieved))
      {
        continue
      }
      // Without a trace, a plain requirement's findings need no lists either.
      if trace == nil && !requirement.any && requirement.matchingSource == nil {
        for required in requirement.outcomes where !achieved(required) {
          findings.add(.notAchieved(outcomeID(required)))
        }
        continue
      }
      let met = requirement.outcomes.map(achieved)
      let passes = requirement.any ? met.contains(true) : !met.contains(false)
      if passes && trace == nil { continue }
      let ids = requirement.outcomes.map(outcomeID)
      let instance =
        requirement.matchingSource.map { source in
          " for \(source) = \((key ?? .missing).shown(currency: card.currency))"
        } ?? ""
      if requirement.any {
        let ok = met.contains(true)
        trace?.append(
          (ok ? "✓ " : "✗ ") + "requires any of \(ids.joined(separator: ", "))\(instance)")
        if !ok { findings.add(.noneAchieved(ids, instance: instance)) }
      } else {
        for (id, ok) in zip(ids, met) {
          trace?.append((ok ? "✓ " : "✗ ") + "requires \(id)\(instance)")
          if !ok {
            findings.add(
              instance.isEmpty ? .notAchieved(id) : .noneAchieved([id], instance: instance))
          }
        }
      }
    }
    if let previous = held.outcome.previousRung {
      let ok = achievements.achieved(person, previous)
      if ok && trace == nil { return }
      let id = outcomeID(previous)
      trace?.append((ok ? "✓ " : "✗ ") + "requires the previous rung \(id)")
      if !ok {
        findings.add(.previousRungNotAchieved(id))
      }
    }
  }

  /// The claim's evidence is read in place: the lists are shared by the claims supplying the
  /// same cell (see `EvidenceCells`), and a copy would be retained by both cores deciding them.
  mutating func checkEvidence(
    _ rule: CompiledEvidenceRule?, supplied claim: UnsafePointer<ClaimRecord>, _ p: FieldsInPlace,
    _ c: FieldsInPlace, _ findings: inout Findings, trace: inout [String]?
  ) {
    guard let rule else { return }
    // A handful of kinds supplied, against a handful allowed: a bit per kind (a list on a card
    // of more than 64 kinds), and no list of what matched unless a floor or the trace reads it.
    let kinds = suppliedEvidence.kinds(
      &UnsafeMutablePointer(mutating: claim).pointee.evidence, card: card)
    func given(_ position: Int) -> Bool { kinds.contains(position) }
    let listing = trace != nil
    var matched: [Int] = []
    var strongest: EvidenceStrength?
    var satisfied = true
    for term in rule.terms {
      var allowed = 0
      var present = 0
      for item in term.items where item.condition?.evaluate(p, c).isTrue ?? true {
        allowed += 1
        if given(item.evidence) {
          present += 1
          if listing { matched.append(item.evidence) }
          if rule.floor != nil {
            let strength = card.evidence[item.evidence].strength
            strongest = max(strongest ?? strength, strength)
          }
        }
      }
      switch term.combination {
      case .any: satisfied = satisfied && present > 0
      case .all: satisfied = satisfied && allowed > 0 && present == allowed
      }
    }
    if !satisfied {
      let supplied = claim.pointee.evidence
      trace?.append(
        "✗ \(rule.source) [supplied: \(supplied.isEmpty ? "none" : supplied.joined(separator: ", "))]"
      )
      findings.add(.evidenceMissing(rule: rule.source, supplied: supplied))
      return
    }
    if let floor = rule.floor {
      if let strongest, strongest >= floor {
        trace?.append(
          "✓ \(rule.source) [matched: \(matched.map { card.evidence[$0].id }.joined(separator: ", "))]"
        )
      } else {
        trace?.append("✗ \(rule.source): no item is \(floor.rawValue) or stronger")
        findings.add(.evidenceTooWeak(floor))
      }
      return
    }
    trace?.append(
      "✓ \(rule.source) [matched: \(matched.map { card.evidence[$0].id }.joined(separator: ", "))]")
  }

  mutating func checkLimit(
    _ limit: CompiledLimit?, outcomeIndex: Int, person: Int, day: DayNumber, _ p: FieldsInPlace,
    _ c: FieldsInPlace, _ findings: inout Findings, trace: inout [String]?
  ) -> (oncePer: Value, higher: Value, different: Value) {
    let values = (
      oncePer: limit?.oncePer?.evaluate(p, c) ?? .missing,
      higher: limit?.higher?.evaluate(p, c) ?? .missing,
      different: limit?.different?.evaluate(p, c) ?? .missing
    )
    guard let limit else { return values }
    let earlier = achievements.slot(person, outcomeIndex)
    let count = Int(earlier.count)
    var problems: [Finding.LimitProblem] = []
    if let limitCount = limit.count, count >= limitCount {
      problems.append(.count(achieved: count, limit: limitCount))
    }
    if count > 0 {
      // Kept for every outcome whose limit reads values (see `Achievements.keepsDetail`).
      let detail =
        limit.oncePer != nil || limit.higher != nil
        ? achievements.detail(person, outcomeIndex) ?? Achievements.Detail()
        : Achievements.Detail()
      if limit.oncePer != nil, detail.seen(oncePer: values.oncePer) {
        problems.append(.sameKind)
      }
      if limit.higher != nil {
        // Empty values take no part: an empty level is never higher than a recorded one.
        let higher = detail.highest.map { (Value.compare(values.higher, $0) ?? 0) > 0 } ?? true
        let different =
          limit.different != nil && !values.different.isMissing
          && !detail.different.contains(values.different)
        if !higher && !different {
          problems.append(.notHigherOrDifferent)
        }
      }
      if let apart = limit.apart {
        if case .duration(let gap) = apart.evaluate(p, c),
          let next = CalendarArithmetic.add(gap, to: earlier.lastDay)
        {
          if day < next {
            problems.append(.tooSoon(gap: gap, last: earlier.lastDay))
          }
        } else {
          problems.append(.gapEmpty)
        }
      }
    }
    if problems.isEmpty {
      trace?.append("✓ \(limit.source) (achieved \(count) before)")
    } else {
      let finding = Finding.limitReached(rule: limit.source, problems: problems)
      trace?.append("✗ \(finding.message)")
      findings.add(finding)
    }
    return values
  }

  /// Applies every cap together: the amount is the largest whole number of pence, at most the
  /// price, that stays within the outcome's caps, the per-participant cap and the contract
  /// cap, and whose split gives each capped payer no more than its headroom. Returns the
  /// amount, its split and the cap that bound (see docs/evaluation.md, "Price, caps and
  /// payers").
  mutating func applyCaps(
    _ price: Int64, caps: [CapPool], person: Int, shares: PayerShares,
    trace: inout [String]?
  ) -> (amount: Int64, parts: [Int64], binding: CapName?) {
    var bound = price
    var binding: CapName?
    func limit(_ name: CapName, cap: Int64, used: Int64, trace: inout [String]?) {
      let headroom = max(0, cap.saturatingSubtract(used))
      trace?.append("\(name): used \(money(used)), headroom \(money(headroom))")
      if headroom < bound {
        bound = headroom
        binding = name
      }
    }
    for pool in caps {
      let use = self.use(pool, person: person)
      if let count = pool.count {
        trace?.append("\(pool.name): \(use.count) paid")
        if use.count >= count && bound > 0 {
          bound = 0
          binding = pool.name
        }
      }
      if let cap = pool.amount { limit(pool.name, cap: cap, used: use.amount, trace: &trace) }
    }
    // The payers' caps, on the split of the amount. Rounding makes a payer's part not
    // monotonic in the amount, so each candidate is verified against every capped payer,
    // counting down from an upper bound no feasible amount can exceed.
    var capped: [(position: Int, payer: Int, headroom: Int64)] = []
    for (position, share) in shares.entries.enumerated() where !card.payerCaps.isEmpty {
      guard let cap = card.payerCaps[share.payer] else { continue }
      let headroom = max(0, cap.saturatingSubtract(payerTotals[share.payer]))
      trace?.append(
        "\(CapName.payer(card.payers[share.payer].id, cap, currency: card.currency)): used \(money(payerTotals[share.payer])), headroom \(money(headroom))"
      )
      capped.append((position, share.payer, headroom))
      // A part is within a penny of amount × share, so amount ≤ (headroom + 1) × 100 / share.
      if let ceiling = shares.ceiling(position: position, headroom: headroom) {
        if ceiling < bound {
          bound = max(0, ceiling)
          binding = .payer(card.payers[share.payer].id, cap, currency: card.currency)
        }
      }
    }
    var amount = bound
    var split = splits.split(amount, shares: shares)
    // Without payers' caps (most cards) there is nothing to verify, and when the shares are
    // the card's payers in order, the split is already by payer.
    if capped.isEmpty && shares.inCardOrder(payers: card.payers.count) {
      return (amount, split, amount < price ? binding : nil)
    }
    while amount > 0,
      let over = capped.first(where: { split[$0.position] > $0.headroom })
    {
      binding = .payer(
        card.payers[over.payer].id, card.payerCaps[over.payer]!, currency: card.currency)
      amount -= 1
      split = PayerSplit.split(amount, shares: shares)
    }
    var parts = Array(repeating: Int64(0), count: card.payers.count)
    for (position, part) in split.enumerated() { parts[shares.entries[position].payer] += part }
    return (amount, parts, amount < price ? binding : nil)
  }

  /// What has been paid under a cap: across the contract, or for this participant.
  func use(_ pool: CapPool, person: Int) -> PoolUse {
    pool.perParticipant
      ? participantPoolUse[person * participantSlots + pool.slot] : poolUse[pool.slot]
  }
}
