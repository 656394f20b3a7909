import Foundation
import RateCard

extension Evaluator {
  /// The base rules with every applicable exception's rules put in their place. When two
  /// applicable exceptions replace the same rule, the one declared `over` the other wins
  /// (the checker has made sure no other overlap is possible).
  func effectiveRules(
    _ outcome: CompiledOutcome, _ p: [Value], _ c: [Value], trace: inout [String]?
  ) -> RuleSet {
    var rules = outcome.base
    let applicable = outcome.exceptions.filter { $0.condition.expression.evaluate(p, c).isTrue }
    let overridden = Set(applicable.compactMap(\.overrides))
    // Apply losers first so the winners' rules are the ones left in place.
    let ordered =
      applicable.filter { overridden.contains($0.name) }
      + applicable.filter { !overridden.contains($0.name) }
    for exception in ordered {
      trace?.append("exception \(exception.name) applies: \(exception.condition.source)")
      let replacement = exception.rules
      if let price = replacement.price {
        rules.price = price
        rules.priceSource = replacement.priceSource
      }
      if let payers = replacement.payers { rules.payers = payers }
      if let limit = replacement.limit { rules.limit = limit }
      if let evidence = replacement.evidence { rules.evidence = evidence }
      if let conditions = replacement.conditions { rules.conditions = conditions }
      if let exclusions = replacement.exclusions { rules.exclusions = exclusions }
    }
    return rules
  }

  func checkTerm(_ day: DayNumber, _ findings: inout Findings, trace: inout [String]?) {
    guard let term = card.term else { return }
    let range =
      "\(CalendarDate(dayNumber: term.lowerBound)) to \(CalendarDate(dayNumber: term.upperBound))"
    if term.contains(day) {
      trace?.append("✓ within the term \(range)")
    } else {
      trace?.append("✗ within the term \(range)")
      findings.add(.outsideTerm, "achieved outside the term \(range)")
    }
  }

  /// The date an anchor stands for, or why there is none.
  func anchorDay(
    _ anchor: CompiledAnchor, person: Int, _ p: [Value], _ c: [Value]
  ) -> (day: DayNumber?, label: String, missing: (ReasonCode, String)?) {
    switch anchor {
    case .referral:
      if case .date(let day) = p[2] { return (day, "referral", nil) }
      return (nil, "referral", (.invalidData, "the participant has no referral date"))
    case .start:
      if case .date(let day) = p[3] { return (day, "start", nil) }
      return (nil, "start", (.notStarted, "the participant never started the service"))
    case .outcome(let index):
      let id = card.outcomes[index].id
      if let history = paid[person][index] { return (history.firstDay, id, nil) }
      return (nil, id, (.prerequisiteMissing, "\(id) has not been paid for this participant"))
    case .date(let expression):
      if case .date(let day) = expression.evaluate(p, c) { return (day, "the date", nil) }
      return (nil, "the date", (.conditionNotMet, "the date it is measured from is empty"))
    }
  }

  func checkTiming(
    _ outcome: CompiledOutcome, _ day: DayNumber, person: Int, _ p: [Value], _ c: [Value],
    _ findings: inout Findings, trace: inout [String]?
  ) {
    for timing in outcome.timing {
      switch timing {
      case .onlyAfter(let anchor):
        let (anchorDay, label, missing) = self.anchorDay(anchor, person: person, p, c)
        guard let anchorDay else {
          record(missing, "only after \(label)", &findings, trace: &trace)
          continue
        }
        let ok = day >= anchorDay
        trace?.append(
          (ok ? "✓ " : "✗ ") + "only after \(label) (\(CalendarDate(dayNumber: anchorDay)))")
        if !ok {
          findings.add(
            .tooEarly, "achieved before \(label) on \(CalendarDate(dayNumber: anchorDay))")
        }
      case .atLeast(let duration, let anchor, let until):
        checkAtLeast(
          .duration(duration), anchor, until, day, person, p, c, &findings, trace: &trace)
      case .atLeastComputed(let duration, let anchor, let until):
        checkAtLeast(
          duration.evaluate(p, c), anchor, until, day, person, p, c, &findings, trace: &trace)
      case .within(let duration, let anchor):
        checkWithin(.duration(duration), anchor, day, person, p, c, &findings, trace: &trace)
      case .withinComputed(let duration, let anchor):
        checkWithin(duration.evaluate(p, c), anchor, day, person, p, c, &findings, trace: &trace)
      }
    }
  }

  func record(
    _ missing: (ReasonCode, String)?, _ rule: String, _ findings: inout Findings,
    trace: inout [String]?
  ) {
    guard let (reason, message) = missing else { return }
    trace?.append("✗ \(rule): \(message)")
    findings.add(reason, message)
  }

  /// The day a duration after an anchor falls on, with the rule's wording; nil (with the
  /// reason recorded) when the duration or the anchor's date is missing.
  func dueDay(
    _ durationValue: Value, after anchor: CompiledAnchor, _ person: Int, _ p: [Value], _ c: [Value],
    wording: (Duration, String) -> String, _ findings: inout Findings, trace: inout [String]?
  ) -> (anchorDay: DayNumber, due: DayNumber, label: String, rule: String)? {
    let (anchorDay, label, missing) = self.anchorDay(anchor, person: person, p, c)
    guard case .duration(let duration) = durationValue else {
      findings.add(.invalidData, "the time measured from \(label) could not be computed")
      return nil
    }
    let rule = wording(duration, label)
    guard let anchorDay else {
      record(missing, rule, &findings, trace: &trace)
      return nil
    }
    guard let due = CalendarArithmetic.add(duration, to: anchorDay) else {
      findings.add(.invalidData, "\(duration) cannot be added to a date")
      return nil
    }
    return (anchorDay, due, label, rule)
  }

  func checkAtLeast(
    _ durationValue: Value, _ anchor: CompiledAnchor, _ until: CompiledExpression?,
    _ day: DayNumber, _ person: Int, _ p: [Value], _ c: [Value], _ findings: inout Findings,
    trace: inout [String]?
  ) {
    guard
      let (anchorDay, due, label, rule) = dueDay(
        durationValue, after: anchor, person, p, c, wording: { "at least \($0) after \($1)" },
        &findings, trace: &trace)
    else { return }
    var earliest = due
    var detail =
      "\(label) \(CalendarDate(dayNumber: anchorDay)), earliest \(CalendarDate(dayNumber: earliest))"
    if let until, case .date(let sooner) = until.evaluate(p, c), sooner < earliest {
      earliest = sooner
      detail += ", or sooner at \(CalendarDate(dayNumber: sooner))"
    }
    let ok = day >= earliest
    trace?.append((ok ? "✓ " : "✗ ") + "\(rule) (\(detail))")
    if !ok {
      findings.add(
        .tooEarly,
        "achieved \(CalendarDate(dayNumber: day)) but \(rule) is \(CalendarDate(dayNumber: earliest))"
      )
    }
  }

  func checkWithin(
    _ durationValue: Value, _ anchor: CompiledAnchor, _ day: DayNumber, _ person: Int,
    _ p: [Value], _ c: [Value], _ findings: inout Findings, trace: inout [String]?
  ) {
    guard
      let (_, latest, _, rule) = dueDay(
        durationValue, after: anchor, person, p, c, wording: { "within \($0) of \($1)" },
        &findings, trace: &trace)
    else { return }
    let ok = day <= latest
    trace?.append((ok ? "✓ " : "✗ ") + "\(rule) (latest \(CalendarDate(dayNumber: latest)))")
    if !ok {
      findings.add(
        .tooLate,
        "achieved \(CalendarDate(dayNumber: day)), after the last day \(CalendarDate(dayNumber: latest)) (\(rule))"
      )
    }
  }

  func checkPrerequisites(
    _ outcome: CompiledOutcome, person: Int, _ findings: inout Findings, trace: inout [String]?
  ) {
    for required in outcome.requires {
      let id = card.outcomes[required].id
      let ok = paid[person][required] != nil
      trace?.append((ok ? "✓ " : "✗ ") + "requires \(id)")
      if !ok { findings.add(.prerequisiteMissing, "\(id) has not been paid for this participant") }
    }
    if let previous = outcome.previousRung {
      let id = card.outcomes[previous].id
      let ok = paid[person][previous] != nil
      trace?.append((ok ? "✓ " : "✗ ") + "requires the previous rung \(id)")
      if !ok { findings.add(.previousRungMissing, "the previous rung \(id) has not been paid") }
    }
  }

  func checkEvidence(
    _ rule: CompiledEvidenceRule?, supplied: [String], _ p: [Value], _ c: [Value],
    _ findings: inout Findings, trace: inout [String]?
  ) {
    guard let rule else { return }
    let given = Set(supplied.compactMap { card.evidenceIndex[$0] })
    var matched: [Int] = []
    var satisfied = true
    for term in rule.terms {
      let allowed = term.items.filter { $0.condition?.evaluate(p, c).isTrue ?? true }.map(
        \.evidence)
      let present = allowed.filter { given.contains($0) }
      matched += present
      switch term.combination {
      case .any: satisfied = satisfied && !present.isEmpty
      case .all: satisfied = satisfied && !allowed.isEmpty && present.count == allowed.count
      }
    }
    let suppliedText = supplied.isEmpty ? "none" : supplied.joined(separator: ", ")
    if !satisfied {
      trace?.append("✗ \(rule.source) [supplied: \(suppliedText)]")
      findings.add(
        .evidenceMissing, "\(rule.source) is not met by the evidence supplied (\(suppliedText))")
      return
    }
    if let floor = rule.floor {
      let strongest = matched.map { card.evidence[$0].strength }.max()
      if let strongest, strongest >= floor {
        trace?.append(
          "✓ \(rule.source) [matched: \(matched.map { card.evidence[$0].id }.joined(separator: ", "))]"
        )
      } else {
        trace?.append("✗ \(rule.source): no item is \(floor.rawValue) or stronger")
        findings.add(.evidenceTooWeak, "no evidence supplied is \(floor.rawValue) or stronger")
      }
      return
    }
    trace?.append(
      "✓ \(rule.source) [matched: \(matched.map { card.evidence[$0].id }.joined(separator: ", "))]")
  }

  func checkLimit(
    _ limit: CompiledLimit?, outcomeIndex: Int, person: Int, day: DayNumber, _ p: [Value],
    _ c: [Value], _ findings: inout Findings, trace: inout [String]?
  ) -> (oncePer: Value, higher: Value, different: Value) {
    let values = (
      oncePer: limit?.oncePer?.evaluate(p, c) ?? .missing,
      higher: limit?.higher?.evaluate(p, c) ?? .missing,
      different: limit?.different?.evaluate(p, c) ?? .missing
    )
    guard let limit else { return values }
    let earlier = paid[person][outcomeIndex]
    let count = earlier?.count ?? 0
    var problems: [String] = []
    if let limitCount = limit.count, count >= limitCount {
      problems.append("already paid \(count) time\(count == 1 ? "" : "s") (at most \(limitCount))")
    }
    if let earlier {
      if limit.oncePer != nil, earlier.oncePer.contains(values.oncePer) {
        problems.append("already paid once for this kind")
      }
      if limit.higher != nil {
        let higher = earlier.highest.map { (Value.compare(values.higher, $0) ?? 0) > 0 } ?? true
        let different =
          limit.different != nil && !values.different.isMissing
          && !earlier.different.contains(values.different)
        if !higher && !different {
          problems.append(
            "not at a higher level than, or in a different subject from, an earlier claim")
        }
      }
      if let gap = limit.apart, let next = CalendarArithmetic.add(gap, to: earlier.lastDay),
        day < next
      {
        problems.append(
          "less than \(gap) after the last paid claim on \(CalendarDate(dayNumber: earlier.lastDay))"
        )
      }
    }
    if problems.isEmpty {
      trace?.append("✓ \(limit.source) (paid \(count) before)")
    } else {
      trace?.append("✗ \(limit.source): " + problems.joined(separator: "; "))
      findings.add(
        .limitReached, "claim limit \(limit.source): " + problems.joined(separator: "; "))
    }
    return values
  }

  /// Applies the caps in order: the outcome's count and amount caps, the per-participant cap,
  /// the payers' caps, the contract cap. Returns the amount payable and the cap that bound.
  func applyCaps(
    _ price: Int64, outcomeIndex: Int, person: Int, shares: [(payer: Int, share: Decimal)],
    trace: inout [String]?
  ) -> (Int64, String?) {
    var amount = price
    var binding: String?
    func limit(_ name: String, cap: Int64, used: Int64, trace: inout [String]?) {
      let headroom = max(0, cap - used)
      trace?.append("cap \(name) \(money(cap)): used \(money(used)), headroom \(money(headroom))")
      if headroom < amount {
        amount = headroom
        binding = "the \(name) cap of \(money(cap))"
      }
    }
    let outcome = card.outcomes[outcomeIndex]
    if let count = outcome.capCount {
      trace?.append("cap on \(outcome.id): \(count) claims, \(outcomeCounts[outcomeIndex]) paid")
      if outcomeCounts[outcomeIndex] >= count {
        amount = 0
        binding = "the cap of \(count) claims of \(outcome.id)"
      }
    }
    if let cap = outcome.capAmount {
      limit("on \(outcome.id)", cap: cap, used: outcomeAmounts[outcomeIndex], trace: &trace)
    }
    if let cap = card.participantCap {
      limit("per participant", cap: cap, used: participantTotals[person], trace: &trace)
    }
    for (payer, cap) in card.payerCaps.sorted(by: { $0.key < $1.key }) {
      guard let position = shares.firstIndex(where: { $0.payer == payer }), amount > 0 else {
        continue
      }
      let headroom = max(0, cap - payerTotals[payer])
      trace?.append(
        "cap for payer \(card.payers[payer].id) \(money(cap)): used \(money(payerTotals[payer])), headroom \(money(headroom))"
      )
      // The largest amount whose share for this payer fits its headroom.
      var rounds = 0
      while amount > 0, PayerSplit.split(amount, shares: shares.map(\.share))[position] > headroom {
        rounds += 1
        if rounds > 64 {
          amount = 0
          break
        }
        let share = shares[position].share
        let estimate = share > 0 ? Evaluator.floor(Decimal(headroom) * 100 / share) : amount
        amount = min(amount - 1, max(0, estimate))
        binding = "the cap for payer \(card.payers[payer].id) of \(money(cap))"
      }
    }
    if let cap = card.contractCap {
      limit("on the contract", cap: cap, used: contractTotal, trace: &trace)
    }
    return (amount, binding)
  }

  static func floor(_ value: Decimal) -> Int64 {
    var copy = value
    var rounded = Decimal()
    NSDecimalRound(&rounded, &copy, 0, .down)
    return NSDecimalNumber(decimal: rounded).int64Value
  }
}
