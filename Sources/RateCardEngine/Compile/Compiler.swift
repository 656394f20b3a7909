import Foundation
import RateCard

/// Compiles a checked card (one with no errors) into a `CompiledCard`.
public struct Compiler {
  let card: CheckedCard
  let folder: ConstantFolder
  var compiled: CompiledCard

  /// Compiles one expression of a checked card (for the audit settings).
  public static func compileExpression(_ expression: RateCard.Expression, card: CheckedCard)
    -> CompiledExpression
  {
    Compiler(card: card).compile(expression)
  }

  public static func compile(_ card: CheckedCard) -> CompiledCard {
    compile(card, outcomeOrder: card.outcomeOrder)
  }

  /// Compiles one version of a card with outcome positions shared by every version
  /// (`outcomeOrder`): an outcome this version does not have is a placeholder not in force.
  public static func compile(_ card: CheckedCard, outcomeOrder: [String]) -> CompiledCard {
    var compiler = Compiler(card: card, outcomeOrder: outcomeOrder)
    compiler.compileOutcomes(outcomeOrder)
    compiler.compiled.suspensions = card.suspensions.map { suspension in
      CompiledSuspension(
        title: suspension.title, days: suspension.from.dayNumber...suspension.to.dayNumber,
        outcomes: suspension.outcomes.map {
          Set($0.compactMap { compiler.compiled.outcomeIndex[$0] })
        },
        price: suspension.price.map { compiler.compile($0) },
        priceSource: suspension.price.map(ExpressionPrinter.print))
    }
    return compiler.compiled
  }

  init(card: CheckedCard, outcomeOrder: [String]? = nil) {
    self.card = card
    self.folder = ConstantFolder(card: card)
    let participant = Compiler.schema(card.participantFields, builtins: BuiltinFields.participant)
    let claim = Compiler.schema(card.claimFields, builtins: BuiltinFields.claim)
    let payers = card.payers.map { CompiledCard.Payer(id: $0.id, title: $0.title, share: $0.share) }
    let evidence = card.evidence.values.sorted { $0.span.start < $1.span.start }.map {
      CompiledCard.EvidenceKind(id: $0.id, title: $0.title, strength: $0.strength)
    }
    var payerCaps: [Int: Int64] = [:]
    var contractCap: Int64?
    var participantCap: Int64?
    for cap in card.caps {
      switch cap.scope {
      case .contract: contractCap = cap.amount.minorUnits
      case .perParticipant: participantCap = cap.amount.minorUnits
      case .payer(let payer):
        if let index = card.payers.firstIndex(where: { $0.id == payer.name }) {
          payerCaps[index] = cap.amount.minorUnits
        }
      }
    }
    compiled = CompiledCard(
      title: card.title, currency: card.currency, version: card.version ?? "",
      term: card.term.map { $0.lowerBound.dayNumber...$0.upperBound.dayNumber }, payers: payers,
      contractCap: contractCap, participantCap: participantCap, payerCaps: payerCaps,
      participantSchema: participant, claimSchema: claim, evidence: evidence,
      evidenceIndex: Dictionary(uniqueKeysWithValues: evidence.enumerated().map { ($1.id, $0) }),
      outcomes: [],
      outcomeIndex: Dictionary(
        uniqueKeysWithValues: (outcomeOrder ?? card.outcomeOrder).enumerated().map { ($1, $0) }))
  }

  static func schema(
    _ fields: [String: CheckedCard.FieldInfo],
    builtins: [(name: String, type: ValueType, optional: Bool)]
  ) -> Schema {
    let declared = fields.values.filter { !$0.builtin }.sorted {
      ($0.span?.start ?? 0) < ($1.span?.start ?? 0)
    }
    return Schema(
      builtins.map {
        Schema.Field(name: $0.name, type: $0.type, optional: $0.optional, builtin: true)
      }
        + declared.map {
          Schema.Field(name: $0.name, type: $0.type, optional: $0.optional, builtin: false)
        })
  }

  // MARK: Outcomes

  mutating func compileOutcomes(_ order: [String]) {
    for id in order {
      if let info = card.outcomes[id] {
        compiled.outcomes.append(compileOutcome(info))
      } else {
        compiled.outcomes.append(CompiledOutcome.notInForce(id))
      }
    }
    // Each outcome that a `matching` requirement names records the value it matches on.
    for index in compiled.outcomes.indices {
      for requirement in compiled.outcomes[index].requirements {
        guard let matching = requirement.matching, let source = requirement.matchingSource else {
          continue
        }
        for required in requirement.outcomes
        where !compiled.outcomes[required].matchKeys.contains(where: { $0.source == source }) {
          compiled.outcomes[required].matchKeys.append((source, matching))
        }
      }
    }
  }

  func compileOutcome(_ info: CheckedCard.OutcomeInfo) -> CompiledOutcome {
    var outcome = CompiledOutcome(
      id: info.id, title: info.title, group: nil, ladder: nil, previousRung: nil,
      base: RuleSet(), exceptions: [], onlyByException: [], requirements: [], timing: [],
      caps: [], problems: [], milestone: nil, inForce: true, basis: .achievement)
    var problems: [String] = []
    outcome.base = ruleSet(info.clauses, problems: &problems)
    if outcome.base.price == nil, let price = info.price {
      outcome.base.price = compile(price)
      outcome.base.priceSource = ExpressionPrinter.print(price)
    }
    if outcome.base.limit == nil {
      outcome.base.limit = CompiledLimit(
        count: 1, oncePer: nil, higher: nil, different: nil, apart: nil,
        source: "once per participant")
    }
    if outcome.base.payers == nil, let group = info.group, let declared = card.groups[group] {
      // The group's payers (a fund whose share varies by group of outcomes).
      outcome.base.payers = ruleSet(declared.clauses, problems: &problems).payers
    }
    if outcome.base.payers == nil {
      outcome.base.payers = PayerShares(compiled.payers.enumerated().map { ($0, $1.share) })
    }
    if case .rung(let ladder, let index, let duration, let ladderAnchor) = info.kind {
      outcome.ladder = ladder
      // A ladder that restarts measures from its anchor outcome's latest claim (up to a limit).
      var anchor = compile(ladderAnchor)
      for case .restarts(let count) in info.clauses.map(\.kind) {
        if case .number(let value)? = fixed(count, "the number of restarts", problems: &problems),
          case .outcome(let position, _) = anchor
        {
          anchor = .outcome(position, restarts: NSDecimalNumber(decimal: value).intValue)
        }
      }
      if let duration {
        outcome.timing.append(.atLeast(.fixed(duration), anchor, until: nil))
      }
      if let (measure, value) = info.milestone {
        // A milestone rung is claimed on or after its ladder's anchor, once the measure
        // reaches the milestone.
        outcome.timing.append(.onlyAfter(anchor))
        outcome.milestone = Milestone(
          measure: compile(measure), value: Value(value), source: ExpressionPrinter.print(measure),
          valueText: value.source)
      }
      let chained = info.clauses.contains {
        if case .requiresPrevious = $0.kind { true } else { false }
      }
      if chained, index > 0,
        let previous = card.outcomes.values.first(where: {
          if case .rung(ladder, index - 1, _, _) = $0.kind { true } else { false }
        })
      {
        outcome.previousRung = compiled.outcomeIndex[previous.id]
      }
    }
    for clause in info.clauses {
      switch clause.kind {
      case .group(let title): outcome.group = title
      case .versionedBy(let basis): outcome.basis = basis
      case .capCount, .capAmount:
        break  // below, with the ladder's and the group's
      case .requires(let requirement):
        outcome.requirements.append(
          CompiledRequirement(
            any: requirement.any,
            outcomes: requirement.names.compactMap { compiled.outcomeIndex[$0.name] },
            matching: requirement.matching.map { compile($0) },
            matchingSource: requirement.matching.map(ExpressionPrinter.print)))
      case .onlyAfter(let anchor): outcome.timing.append(.onlyAfter(compile(anchor)))
      case .within(let duration, let anchor):
        if case .duration(let value)? = folder.fold(duration) {
          outcome.timing.append(.within(.fixed(value), compile(anchor)))
        } else {
          outcome.timing.append(.withinComputed(compile(duration), compile(anchor)))
        }
      case .atLeastAfter(let duration, let anchor, let until):
        let untilExpression = until.map { compile($0) }
        if case .duration(let value)? = folder.fold(duration) {
          outcome.timing.append(
            .atLeast(.fixed(value), compile(anchor), until: untilExpression))
        } else {
          outcome.timing.append(
            .atLeastComputed(compile(duration), compile(anchor), until: untilExpression))
        }
      case .exception(let rule):
        outcome.exceptions.append(
          CompiledException(
            name: rule.name.name, overrides: rule.overrides?.name, beats: [],
            condition: labelled(rule.condition),
            rules: ruleSet(rule.clauses, problems: &problems)))
      case .onlyByException(let name, let condition):
        outcome.onlyByException.append((name.name, labelled(condition)))
      default: break
      }
    }
    outcome.caps = capPools(info, problems: &problems)
    outcome.problems = problems
    Compiler.orderExceptions(&outcome.exceptions)
    return outcome
  }

  /// The caps an outcome's claims are paid within, in the documented order.
  func capPools(_ info: CheckedCard.OutcomeInfo, problems: inout [String]) -> [CapPool] {
    var pools: [CapPool] = []
    func add(_ clauses: [Clause], scope: String, label: String) {
      // Counts first: a cap on claims that is reached leaves nothing, whatever the amount.
      let ordered =
        clauses.filter { if case .capCount = $0.kind { true } else { false } }
        + clauses.filter { if case .capAmount = $0.kind { true } else { false } }
      // One pool per cap clause; an outcome's own whole-contract cap keeps its own wording.
      func pool(count: Int?, amount: Int64?, perParticipant: Bool, outcomeName: CapName) {
        let name: CapName =
          scope.hasPrefix("outcome:") && !perParticipant
          ? outcomeName
          : .scoped(
            label, count: count, amount: amount, perParticipant: perParticipant,
            currency: card.currency)
        pools.append(
          CapPool(
            key: scope + (count != nil ? ":count" : ":amount") + (perParticipant ? ":pp" : ""),
            name: name, label: label, perParticipant: perParticipant, amount: amount,
            count: count))
      }
      for clause in ordered {
        switch clause.kind {
        case .capCount(let expression, let perParticipant):
          guard case .number(let value)? = fixed(expression, "the cap", problems: &problems) else {
            continue
          }
          let count = NSDecimalNumber(decimal: value).intValue
          pool(
            count: count, amount: nil, perParticipant: perParticipant,
            outcomeName: .claims(count, outcome: info.id))
        case .capAmount(let expression, let perParticipant):
          guard case .money(let units)? = fixed(expression, "the cap", problems: &problems) else {
            continue
          }
          pool(
            count: nil, amount: units, perParticipant: perParticipant,
            outcomeName: .outcome(info.id, units, currency: card.currency))
        default: break
        }
      }
    }
    add(info.clauses, scope: "outcome:" + info.id, label: "outcome \(info.id)")
    if case .rung(let ladder, _, _, _) = info.kind, let caps = card.ladders[ladder]?.caps {
      add(caps, scope: "ladder:" + ladder, label: "ladder \(ladder)")
    }
    if let group = info.group, let declared = card.groups[group] {
      add(declared.clauses, scope: "group:" + group, label: "group \"\(group)\"")
    }
    if let cap = compiled.participantCap {
      pools.append(
        CapPool(
          key: "participant", name: .participant(cap, currency: card.currency),
          label: "per participant", perParticipant: true, amount: cap, count: nil))
    }
    if let cap = compiled.contractCap {
      pools.append(
        CapPool(
          key: "contract", name: .contract(cap, currency: card.currency), label: "contract",
          perParticipant: false, amount: cap, count: nil))
    }
    return pools
  }

  /// `over` is a partial order: each exception gets every exception it beats, directly or
  /// through others, so precedence never depends on declaration order. (A cycle is a checker
  /// error; here it would only make each of its members beat the others.)
  static func orderExceptions(_ exceptions: inout [CompiledException]) {
    let direct = Dictionary(
      exceptions.map { ($0.name, $0.overrides.map { [$0] } ?? []) }, uniquingKeysWith: +)
    for index in exceptions.indices {
      var beaten: Set<String> = []
      var queue = direct[exceptions[index].name] ?? []
      while let next = queue.popLast() {
        if beaten.insert(next).inserted { queue += direct[next] ?? [] }
      }
      exceptions[index].beats = beaten
    }
  }

  /// The price, payers, limit, evidence, conditions and exclusions among some clauses.
  func ruleSet(_ clauses: [Clause], problems: inout [String]) -> RuleSet {
    var rules = RuleSet()
    for clause in clauses {
      switch clause.kind {
      case .price(let price):
        rules.price = compile(price)
        rules.priceSource = ExpressionPrinter.print(price)
      case .payers(let shares):
        var compiledShares: [(payer: Int, share: Decimal)] = []
        for share in shares {
          guard let index = compiled.payers.firstIndex(where: { $0.id == share.payer.name }),
            case .percent(let value)? = fixed(share.share, "the share", problems: &problems)
          else {
            problems.append("the payer `\(share.payer.name)` could not be resolved")
            continue
          }
          compiledShares.append((index, value))
        }
        rules.payers = PayerShares(compiledShares)
      case .limit(let limit): rules.limit = compile(limit, problems: &problems)
      case .evidence(let rule): rules.evidence = compile(rule)
      case .when(let condition): rules.conditions = (rules.conditions ?? []) + [labelled(condition)]
      case .unless(let condition):
        rules.exclusions = (rules.exclusions ?? []) + [labelled(condition)]
      default: break
      }
    }
    return rules
  }

  func compile(_ limit: ClaimLimit, problems: inout [String]) -> CompiledLimit {
    var result = CompiledLimit(
      count: nil, oncePer: nil, higher: nil, different: nil, apart: nil,
      source: ExpressionPrinter.print(limit))
    switch limit.count {
    case .once: result.count = 1
    case .atMost(let count):
      if case .number(let value)? = fixed(count, "the claim limit", problems: &problems) {
        result.count = NSDecimalNumber(decimal: value).intValue
      }
    case .unlimited: result.count = nil
    }
    for qualifier in limit.qualifiers {
      switch qualifier {
      case .oncePer(let field): result.oncePer = compile(field)
      case .higherOrDifferent(let higher, let different):
        result.higher = compile(higher)
        result.different = different.map { compile($0) }
      case .apart(let gap):
        // A gap may come from the claim (`at least claim.gap apart`): evaluated per claim.
        result.apart = compile(gap)
      }
    }
    return result
  }

  func compile(_ rule: EvidenceRule) -> CompiledEvidenceRule {
    let terms = rule.terms.map { term -> CompiledEvidenceRule.Term in
      let items = term.items.compactMap { item -> (Int, CompiledExpression?)? in
        guard let index = compiled.evidenceIndex[item.id.name] else { return nil }
        return (index, item.condition.map { compile($0) })
      }
      switch term {
      case .anyOf: return .init(combination: .any, items: items)
      case .allOf, .single: return .init(combination: .all, items: items)
      }
    }
    return CompiledEvidenceRule(
      terms: terms, floor: rule.minimumStrength.flatMap { EvidenceStrength(rawValue: $0.name) },
      source: "evidence " + ExpressionPrinter.print(rule))
  }

  func compile(_ anchor: Anchor) -> CompiledAnchor {
    switch anchor {
    case .referral: return .referral
    case .start: return .start
    case .named(let name):
      if let index = compiled.outcomeIndex[name.name] { return .outcome(index, restarts: 0) }
      if let value = card.constants[name.name]?.value { return .date(.constant(Value(value))) }
      return .date(.constant(.missing))
    case .expression(let expression): return .date(compile(expression))
    }
  }

  func labelled(_ expression: RateCard.Expression) -> LabelledCondition {
    var seen: Set<String> = []
    var fields: [(String, CompiledExpression)] = []
    func collect(_ node: RateCard.Expression) {
      switch node.kind {
      case .field(let subject, let field):
        let label = subject.name + "." + field.name
        if seen.insert(label).inserted { fields.append((label, compile(node))) }
      case .unary(_, let inner), .parenthesized(let inner), .isSet(let inner, _): collect(inner)
      case .binary(_, let left, let right):
        collect(left)
        collect(right)
      case .lookup(_, let key): collect(key)
      case .membership(let value, let members):
        collect(value)
        members.forEach(collect)
      case .literal, .name, .invalid: break
      }
    }
    collect(expression)
    return LabelledCondition(
      expression: compile(expression), source: ExpressionPrinter.print(expression), fields: fields)
  }

  // MARK: Expressions

  /// The checker's folded value of a clause that must be fixed (caps, counts, shares, rung
  /// durations). The checker reports any that cannot be folded; if one still reaches here it
  /// is recorded as a problem that rejects the outcome's claims, never dropped.
  func fixed(_ expression: RateCard.Expression, _ what: String, problems: inout [String])
    -> Value?
  {
    if let value = folder.fold(expression) { return value }
    problems.append("\(what) `\(ExpressionPrinter.print(expression))` could not be worked out")
    return nil
  }

  /// The values of a `one of` field the expression reads, if it reads one directly.
  func choices(of expression: RateCard.Expression) -> [String]? {
    switch expression.kind {
    case .field(let subject, let field):
      let schema = subject.name == "participant" ? compiled.participantSchema : compiled.claimSchema
      return schema.index[field.name].flatMap { schema.fields[$0].choices }
    case .parenthesized(let inner): return choices(of: inner)
    default: return nil
    }
  }

  public func compile(_ expression: RateCard.Expression, choices expected: [String]? = nil)
    -> CompiledExpression
  {
    switch expression.kind {
    case .invalid: return .constant(.missing)
    case .literal(let literal): return .constant(Value(literal))
    case .unary, .binary:
      // Constant arithmetic is folded once, by the checker's folder.
      if let value = folder.fold(expression) { return .constant(value) }
    default: break
    }
    switch expression.kind {
    case .invalid, .literal: return .constant(.missing)
    case .parenthesized(let inner): return compile(inner, choices: expected)
    case .name(let name):
      if let expected, let index = expected.firstIndex(of: name.name) {
        return .constant(.choice(index))
      }
      if let value = card.constants[name.name]?.value { return .constant(Value(value)) }
      return .constant(.text(name.name))
    case .field(let subject, let field):
      if subject.name == "participant" {
        return .participantField(compiled.participantSchema.index[field.name] ?? 0)
      }
      return .claimField(compiled.claimSchema.index[field.name] ?? 0)
    case .unary(.not, let inner): return .not(compile(inner))
    case .unary(.negate, let inner): return .negate(compile(inner))
    case .binary(let op, let left, let right):
      let shared = op.isComparison ? (choices(of: left) ?? choices(of: right)) : nil
      return .binary(op, compile(left, choices: shared), compile(right, choices: shared))
    case .lookup(let table, let key):
      let keyChoices = choices(of: key)
      var entries: [Value: Value] = [:]
      for entry in card.tables[table.name]?.entries ?? [] {
        var keyValue = Value(entry.key)
        if case .text(let name) = entry.key, let keyChoices,
          let index = keyChoices.firstIndex(of: name)
        {
          keyValue = .choice(index)
        }
        entries[keyValue] = Value(entry.value)
      }
      return .lookup(entries, compile(key))
    case .membership(let value, let members):
      let valueChoices = choices(of: value)
      return .membership(compile(value), members.map { compile($0, choices: valueChoices) })
    case .isSet(let inner, let negated): return .isSet(compile(inner), negated: negated)
    }
  }
}
