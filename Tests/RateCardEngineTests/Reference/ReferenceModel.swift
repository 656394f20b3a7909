import Foundation
import RateCard

/// A deliberately naive evaluator written from docs/evaluation.md, to hold the engine to
/// (Cedar's habit: a simple model and differential testing). It shares nothing with the
/// engine but the parsed card: it reads the data rows itself, evaluates the syntax tree
/// directly, rescans every earlier claim for each claim, and finds the amount the caps allow
/// by counting down a penny at a time.
struct ReferenceModel {
  struct Row: Equatable, CustomStringConvertible {
    var claimID: String
    var status: String
    var amount: Decimal
    var payers: [Decimal]
    var reasons: [String]

    var description: String {
      "\(claimID) \(status) \(amount) \(payers) \(reasons.joined(separator: ";"))"
    }
  }

  struct Person {
    var id: String
    var values: [String: RValue]
    var invalid: Bool
  }

  struct Claim {
    var row: Int
    var id: String
    var participant: String
    var outcome: String
    var day: Int?
    var evidence: [String]
    var values: [String: RValue]
    var invalid: Bool
  }

  /// A claim that passed every rule, with the values its claim limit recorded.
  struct Achieved {
    var person: String
    var outcome: String
    var day: Int
    var claim: [String: RValue]
    var oncePer: RValue
    var higher: RValue
    var different: RValue
  }

  struct Paid {
    var person: String
    var outcome: String
    var amount: Decimal
    var payers: [Decimal]
    /// The caps it was paid under, each named by where it is declared and what it counts
    /// ("group G1 amount"): a cap is one budget in every version (docs/evaluation.md).
    var caps: Set<String> = []
  }

  let card: CheckedCard
  var constants: [String: ConstantDeclaration] = [:]
  var tables: [String: TableDeclaration] = [:]

  init(card: CheckedCard) {
    self.card = card
    for declaration in card.file.declarations {
      if case .constant(let constant) = declaration, constants[constant.name.name] == nil {
        constants[constant.name.name] = constant
      }
      if case .table(let table) = declaration, tables[table.name.name] == nil {
        tables[table.name.name] = table
      }
    }
  }

  // MARK: Data

  static let participantBuiltins: [(String, ValueType, Bool)] = [
    ("participant_id", .text, false), ("provider", .text, false), ("referred_on", .date, false),
    ("started_on", .date, true), ("ended_on", .date, true), ("referral_source", .text, true),
  ]
  static let claimBuiltins: [(String, ValueType, Bool)] = [
    ("claim_id", .text, false), ("outcome", .text, false), ("achieved_on", .date, false),
    ("claimed_on", .date, true),
  ]

  func fields(_ subject: String) -> [(String, ValueType, Bool)] {
    let builtins =
      subject == "participant" ? ReferenceModel.participantBuiltins : ReferenceModel.claimBuiltins
    let declared = (subject == "participant" ? card.participantFields : card.claimFields).values
      .filter { !$0.builtin }.map { ($0.name, $0.type, $0.optional) }
    return builtins + declared
  }

  /// Reads one table: a header row and records. A row with the wrong number of fields, a
  /// value that does not read, or an empty required value is invalid.
  func read(_ rows: [[String]], subject: String) -> [(values: [String: RValue], invalid: Bool)] {
    guard let header = rows.first else { return [] }
    var firstColumn: [String: Int] = [:]
    for (index, name) in header.enumerated() where firstColumn[name] == nil {
      firstColumn[name] = index
    }
    return rows.dropFirst().map { row in
      var values: [String: RValue] = [:]
      var invalid = row.count != header.count
      for (name, type, optional) in fields(subject) {
        guard let column = firstColumn[name] else {
          if !optional { invalid = true }
          values[name] = .empty
          continue
        }
        let raw = column < row.count ? row[column] : ""
        guard let value = RReader.value(raw, type: type, currency: card.currency) else {
          invalid = true
          values[name] = .empty
          continue
        }
        if value == .empty && !optional { invalid = true }
        values[name] = value
      }
      return (values, invalid)
    }
  }

  // MARK: Evaluation

  /// Evaluates with this card alone, or with the card's dated versions (each a model and its
  /// effective day; the first is the original terms).
  func evaluate(
    participants participantRows: [[String]], claims claimRows: [[String]],
    versions given: [(model: ReferenceModel, effective: Int?)] = []
  ) -> [Row] {
    let versions = given.isEmpty ? [(model: self, effective: nil)] : given
    var people: [Person] = []
    for (values, invalid) in read(participantRows, subject: "participant") {
      guard case .text(let id) = values["participant_id"] ?? .empty else { continue }
      if people.contains(where: { Array($0.id.utf8) == Array(id.utf8) }) { continue }
      people.append(Person(id: id, values: values, invalid: invalid))
    }
    let header = claimRows.first ?? []
    let participantColumn = header.firstIndex(of: "participant_id")
    let evidenceColumn = header.firstIndex(of: "evidence")
    var claims: [Claim] = []
    for (offset, (values, invalidValues)) in read(claimRows, subject: "claim").enumerated() {
      let raw = claimRows[offset + 1]
      var invalid = invalidValues
      let participant = participantColumn.map { $0 < raw.count ? RReader.trim(raw[$0]) : "" } ?? ""
      if participant.isEmpty { invalid = true }
      let evidence =
        evidenceColumn.map { column in
          (column < raw.count ? raw[column] : "").split(separator: ";").map {
            RReader.trim(String($0))
          }.filter { !$0.isEmpty }
        } ?? []
      var id = "(row \(offset + 2))"
      if case .text(let text) = values["claim_id"] ?? .empty { id = text }
      var outcome = ""
      if case .text(let text) = values["outcome"] ?? .empty { outcome = text }
      var day: Int?
      if case .day(let value) = values["achieved_on"] ?? .empty { day = value }
      claims.append(
        Claim(
          row: offset + 2, id: id, participant: participant, outcome: outcome, day: day,
          evidence: evidence, values: values, invalid: invalid))
    }
    // Evaluation order: achieved date (unreadable last), then claim id, participant, outcome
    // and evidence, all by their bytes.
    claims.sort { a, b in
      let keys: [([UInt8], [UInt8])] = [
        (Array(a.id.utf8), Array(b.id.utf8)),
        (Array(a.participant.utf8), Array(b.participant.utf8)),
        (Array(a.outcome.utf8), Array(b.outcome.utf8)),
      ]
      if (a.day ?? .max) != (b.day ?? .max) { return (a.day ?? .max) < (b.day ?? .max) }
      for (x, y) in keys where x != y { return x.lexicographicallyPrecedes(y) }
      return a.evidence.map { Array($0.utf8) }.lexicographicallyPrecedes(
        b.evidence.map { Array($0.utf8) }
      ) { $0.lexicographicallyPrecedes($1) }
    }
    var rows: [Row] = []
    var achieved: [Achieved] = []
    var paid: [Paid] = []
    var seen: [[UInt8]] = []
    for claim in claims {
      let duplicate = seen.contains(Array(claim.id.utf8))
      seen.append(Array(claim.id.utf8))
      let person = people.first { Array($0.id.utf8) == Array(claim.participant.utf8) }
      let chosen = ReferenceModel.choose(claim, person, versions)
      rows.append(
        versions[chosen].model.evaluate(
          claim, people: people, duplicate: duplicate, version: chosen,
          history: versions.map(\.model), achieved: &achieved, paid: &paid))
    }
    return rows
  }

  /// docs/language.md, "Versions": the version in force on a date is the last whose effective
  /// date is on or before it; the date is the one the outcome's `versioned by` names (as the
  /// version in force on the achievement date states it, or else the earliest version that has
  /// the outcome), the achievement date when that date is empty.
  static func choose(
    _ claim: Claim, _ person: Person?, _ versions: [(model: ReferenceModel, effective: Int?)]
  ) -> Int {
    func inForce(on day: Int) -> Int {
      versions.indices.last { index in versions[index].effective.map { $0 <= day } ?? true } ?? 0
    }
    guard let achieved = claim.day, versions.count > 1 else { return 0 }
    let first = inForce(on: achieved)
    func basis(_ model: ReferenceModel) -> String? {
      guard let info = model.card.outcomes[claim.outcome] else { return nil }
      for clause in info.clauses {
        if case .versionedBy(let basis) = clause.kind { return basis.rawValue }
      }
      return "achievement"
    }
    let word = basis(versions[first].model) ?? versions.lazy.compactMap { basis($0.model) }.first
    var day = achieved
    switch word {
    case "referral":
      if case .day(let d) = person?.values["referred_on"] ?? .empty { day = d }
    case "start":
      if case .day(let d) = person?.values["started_on"] ?? .empty { day = d }
    case "claim":
      if case .day(let d) = claim.values["claimed_on"] ?? .empty { day = d }
    default: break
    }
    return inForce(on: day)
  }

  func rejected(_ claim: Claim, _ reasons: [String]) -> Row {
    var unique: [String] = []
    for reason in reasons where !unique.contains(reason) { unique.append(reason) }
    return Row(
      claimID: claim.id, status: "rejected", amount: 0,
      payers: Array(repeating: 0, count: card.payers.count), reasons: unique.sorted())
  }

  func evaluate(
    _ claim: Claim, people: [Person], duplicate: Bool, version: Int, history: [ReferenceModel],
    achieved: inout [Achieved], paid: inout [Paid]
  ) -> Row {
    var reasons: [String] = []
    let person = people.first { Array($0.id.utf8) == Array(claim.participant.utf8) }
    func has(_ model: ReferenceModel) -> Bool {
      model.card.outcomes.keys.contains { Array($0.utf8) == Array(claim.outcome.utf8) }
    }
    let info = card.outcomes.values.first { Array($0.id.utf8) == Array(claim.outcome.utf8) }
    if person == nil { reasons.append("unknown_participant") }
    if !history.contains(where: has) { reasons.append("unknown_outcome") }
    if duplicate { reasons.append("duplicate_claim_id") }
    if claim.invalid || person?.invalid == true { reasons.append("invalid_data") }
    guard let person, claim.day != nil, reasons.isEmpty else { return rejected(claim, reasons) }
    // An outcome this version lacks: retired if an earlier version had it, else not yet added.
    guard let info, let day = claim.day else {
      return rejected(
        claim, [history[..<version].contains(where: has) ? "retired" : "not_in_force"])
    }
    let scope = Scope(model: self, participant: person.values, claim: claim.values)
    let rules = effectiveRules(info, scope)
    let mine = achieved.filter { Array($0.person.utf8) == Array(person.id.utf8) }

    if let term = card.term,
      !(term.lowerBound.referenceDay...term.upperBound.referenceDay).contains(day)
    {
      reasons.append("outside_term")
    }
    // Timing: a rung is due its duration after its ladder's anchor; then the timing clauses.
    // A ladder that `restarts at most N times` measures its rungs from the latest of the first
    // N + 1 claims of its anchor outcome.
    let restarts =
      info.clauses.compactMap { clause -> Int? in
        if case .restarts(let e) = clause.kind, case .number(let n) = scope.value(e) {
          return NSDecimalNumber(decimal: n).intValue
        }
        return nil
      }.first ?? 0
    func anchorDay(_ anchor: Anchor, restarting: Bool = false) -> (Int?, String?) {
      switch anchor {
      case .referral:
        if case .day(let value) = person.values["referred_on"] ?? .empty { return (value, nil) }
        return (nil, "invalid_data")
      case .start:
        if case .day(let value) = person.values["started_on"] ?? .empty { return (value, nil) }
        return (nil, "not_started")
      case .named(let name):
        if card.outcomes[name.name] != nil {
          let days = mine.filter { $0.outcome == name.name }.map(\.day)
          let chosen = restarting ? days.prefix(restarts + 1).last : days.min()
          return (chosen, chosen == nil ? "prerequisite_missing" : nil)
        }
        if case .day(let value) = scope.constant(name.name) { return (value, nil) }
        return (nil, "condition_not_met")
      case .expression(let expression):
        if case .day(let value) = scope.value(expression) { return (value, nil) }
        return (nil, "condition_not_met")
      }
    }
    func measured(
      _ duration: RValue, _ anchor: Anchor, until: RateCard.Expression?, late: Bool,
      restarting: Bool = false
    ) {
      guard case .duration(let amount, let unit) = duration else {
        reasons.append("invalid_data")
        return
      }
      let (start, missing) = anchorDay(anchor, restarting: restarting)
      guard let start else {
        reasons.append(missing!)
        return
      }
      guard var due = RCalendar.add(amount, unit, to: start) else {
        reasons.append("invalid_data")
        return
      }
      if late {
        if day > due { reasons.append("too_late") }
        return
      }
      if let until, case .day(let sooner) = scope.value(until), sooner < due { due = sooner }
      if day < due { reasons.append("too_early") }
    }
    func onlyAfter(_ anchor: Anchor, restarting: Bool = false) {
      let (start, missing) = anchorDay(anchor, restarting: restarting)
      if let start {
        if day < start { reasons.append("too_early") }
      } else {
        reasons.append(missing!)
      }
    }
    if case .rung(_, _, let duration?, let anchor) = info.kind {
      measured(
        .duration(duration.amount, duration.unit.rawValue), anchor, until: nil, late: false,
        restarting: true)
    }
    // A milestone rung is claimed on or after its ladder's anchor.
    if case .rung(_, _, nil, let anchor) = info.kind, info.milestone != nil {
      onlyAfter(anchor, restarting: true)
    }
    for clause in info.clauses {
      switch clause.kind {
      case .onlyAfter(let anchor):
        onlyAfter(anchor)
      case .atLeastAfter(let duration, let anchor, let until):
        measured(scope.value(duration), anchor, until: until, late: false)
      case .within(let duration, let anchor):
        measured(scope.value(duration), anchor, until: nil, late: true)
      default: break
      }
    }
    // Prerequisites, on achieved claims: all named (or any one, with `any of`), and with
    // `matching FIELD` an earlier claim whose FIELD equals this claim's (never empty).
    for clause in info.clauses {
      guard case .requires(let requirement) = clause.kind else { continue }
      let key = requirement.matching.map { scope.value($0) }
      let met = requirement.names.map { name in
        mine.contains { earlier in
          guard earlier.outcome == name.name else { return false }
          guard let key, let matching = requirement.matching else { return true }
          let theirs = Scope(model: self, participant: person.values, claim: earlier.claim)
            .value(matching)
          return key != .empty && Scope.same(theirs, key)
        }
      }
      if requirement.any ? !met.contains(true) : met.contains(false) {
        reasons.append("prerequisite_missing")
      }
    }
    // A milestone rung: the measure must have reached the milestone.
    if let (measure, value) = info.milestone {
      let reached = Scope.apply(
        .greaterEqual, scope.value(measure),
        scope.value(Expression(.literal(value), span: measure.span)))
      if !reached.holds { reasons.append("condition_not_met") }
    }
    if case .rung(let ladder, let index, _, _) = info.kind, index > 0,
      info.clauses.contains(where: { if case .requiresPrevious = $0.kind { true } else { false } })
    {
      let previous = card.outcomeOrder.firstIndex(of: info.id).map { card.outcomeOrder[$0 - 1] }
      if let previous, card.outcomes[previous].map({ ladderOf($0) == ladder }) == true,
        !mine.contains(where: { $0.outcome == previous })
      {
        reasons.append("previous_rung_missing")
      }
    }
    if let rule = rules.evidence, let problem = evidenceProblem(rule, claim.evidence, scope) {
      reasons.append(problem)
    }
    for condition in rules.conditions where !scope.value(condition).holds {
      reasons.append("condition_not_met")
    }
    for exclusion in rules.exclusions where scope.value(exclusion).holds {
      reasons.append("excluded")
    }
    for clause in info.clauses {
      if case .onlyByException(_, let condition) = clause.kind, !scope.value(condition).holds {
        reasons.append("not_by_exception")
      }
    }
    // The claim limit, on this participant's achieved claims of this outcome.
    let earlier = mine.filter { $0.outcome == info.id }
    // No limit clause means once per participant.
    let limit = rules.limit
    let oncePer =
      limit?.qualifiers.compactMap { q -> RValue? in
        if case .oncePer(let e) = q { return scope.value(e) } else { return nil }
      }.first ?? .empty
    let higher =
      limit?.qualifiers.compactMap { q -> RValue? in
        if case .higherOrDifferent(let e, _) = q { return scope.value(e) } else { return nil }
      }.first ?? .empty
    let different =
      limit?.qualifiers.compactMap { q -> RValue? in
        if case .higherOrDifferent(_, let e?) = q { return scope.value(e) } else { return nil }
      }.first ?? .empty
    do {
      var over = false
      let count: Int? =
        switch limit?.count ?? .once {
        case .once: 1
        case .atMost(let n):
          if case .number(let value) = scope.value(n) {
            NSDecimalNumber(decimal: value).intValue
          } else {
            nil
          }
        case .unlimited: nil
        }
      if let count, earlier.count >= count { over = true }
      if !earlier.isEmpty {
        for qualifier in limit?.qualifiers ?? [] {
          switch qualifier {
          case .oncePer:
            if earlier.contains(where: { $0.oncePer == oncePer }) { over = true }
          case .higherOrDifferent(_, let differentExpression):
            let levels = earlier.map(\.higher).filter { $0 != .empty }
            let isHigher = levels.allSatisfy { (Scope.order(higher, $0) ?? 0) > 0 }
            let isDifferent =
              differentExpression != nil && different != .empty
              && !earlier.contains { $0.different == different }
            if !isHigher && !isDifferent { over = true }
          case .apart(let gap):
            let last = earlier.map(\.day).max()!
            if case .duration(let amount, let unit) = scope.value(gap),
              let next = RCalendar.add(amount, unit, to: last)
            {
              if day < next { over = true }
            } else {
              over = true
            }
          }
        }
      }
      if over { reasons.append("limit_reached") }
    }
    guard reasons.isEmpty else { return rejected(claim, reasons) }
    guard case .pence(let rawPrice) = rules.price.map({ scope.value($0) }) ?? .empty else {
      return rejected(claim, ["invalid_data"])
    }

    // Achieved. Now what the caps allow, counted down a penny at a time.
    achieved.append(
      Achieved(
        person: person.id, outcome: info.id, day: day, claim: claim.values, oncePer: oncePer,
        higher: higher,
        different: different))
    var price = max(0, rawPrice)
    // A suspension: achieved, but not paid, or paid its own price.
    if let suspension = card.suspensions.first(where: {
      ($0.from.referenceDay...$0.to.referenceDay).contains(day)
        && ($0.outcomes?.contains(info.id) ?? true)
    }) {
      guard let alternative = suspension.price else {
        return rejected(claim, ["payment_suspended"])
      }
      guard case .pence(let units) = scope.value(alternative) else {
        return rejected(claim, ["invalid_data"])
      }
      price = max(0, units)
    }
    let shares = rules.payers
    func paidSum(_ rows: [Paid]) -> Decimal { rows.map(\.amount).reduce(0, +) }
    var ceiling = price
    // Caps on a set of outcomes (this outcome's own, its ladder's for all rungs together, its
    // group's), across the contract or for this participant; then the card's.
    func groupOf(_ id: String) -> String? {
      card.outcomes[id]?.clauses.compactMap { clause -> String? in
        if case .group(let title) = clause.kind { return title }
        return nil
      }.last
    }
    // Where each cap is declared names its budget, the same in every version: what was paid
    // under it counts, whatever the outcome's place in the version pricing this claim.
    var pools: [(clauses: [Clause], name: String)] = [(info.clauses, "outcome \(info.id)")]
    if let ladder = ladderOf(info), let caps = card.ladders[ladder]?.caps {
      pools.append((caps, "ladder \(ladder)"))
    }
    if let group = groupOf(info.id), let declared = card.groups[group] {
      pools.append((declared.clauses, "group \(group)"))
    }
    let mineOnly = { (row: Paid) in Array(row.person.utf8) == Array(person.id.utf8) }
    var capsHere: Set<String> = []
    for pool in pools {
      for clause in pool.clauses {
        switch clause.kind {
        case .capCount(let e, let perParticipant):
          let name = pool.name + " count" + (perParticipant ? " each" : "")
          capsHere.insert(name)
          guard case .number(let n) = scope.value(e) else { continue }
          let rows = paid.filter { $0.caps.contains(name) && (!perParticipant || mineOnly($0)) }
          if rows.count >= NSDecimalNumber(decimal: n).intValue { ceiling = 0 }
        case .capAmount(let e, let perParticipant):
          let name = pool.name + " amount" + (perParticipant ? " each" : "")
          capsHere.insert(name)
          guard case .pence(let cap) = scope.value(e) else { continue }
          let rows = paid.filter { $0.caps.contains(name) && (!perParticipant || mineOnly($0)) }
          ceiling = min(ceiling, max(0, cap - paidSum(rows)))
        default: continue
        }
      }
    }
    for cap in card.caps {
      switch cap.scope {
      case .contract:
        ceiling = min(ceiling, max(0, Decimal(cap.amount.minorUnits) - paidSum(paid)))
      case .perParticipant:
        ceiling = min(
          ceiling, max(0, Decimal(cap.amount.minorUnits) - paidSum(paid.filter(mineOnly))))
      case .payer: break
      }
    }
    var amount = ceiling
    var parts = split(amount, shares)
    func withinPayerCaps(_ parts: [Decimal]) -> Bool {
      card.caps.allSatisfy { cap in
        guard case .payer(let payer) = cap.scope,
          let index = card.payers.firstIndex(where: { $0.id == payer.name })
        else { return true }
        let used = paid.map { $0.payers[index] }.reduce(0, +)
        return parts[index] <= max(0, Decimal(cap.amount.minorUnits) - used)
      }
    }
    // A payer's part is at least its share of the amount rounded down, and that floor only
    // grows with the amount: a block of 100 amounts whose lowest already gives some capped
    // payer a floor over its headroom holds no amount that fits, so skip it whole.
    func hopeless(_ lowest: Decimal) -> Bool {
      card.caps.contains { cap in
        guard case .payer(let payer) = cap.scope,
          let index = card.payers.firstIndex(where: { $0.id == payer.name }),
          let share = shares.first(where: { $0.payer == index })?.share
        else { return false }
        var exact = lowest * share / 100
        var floor = Decimal()
        NSDecimalRound(&floor, &exact, 0, .down)
        let used = paid.map { $0.payers[index] }.reduce(0, +)
        return floor > max(0, Decimal(cap.amount.minorUnits) - used)
      }
    }
    while amount >= 100 && hopeless(amount - 99) { amount -= 100 }
    parts = split(amount, shares)
    while amount > 0 && !withinPayerCaps(parts) {
      amount -= 1
      parts = split(amount, shares)
    }
    if amount == 0 && price > 0 { return rejected(claim, ["cap_reached"]) }
    paid.append(
      Paid(person: person.id, outcome: info.id, amount: amount, payers: parts, caps: capsHere))
    return Row(
      claimID: claim.id, status: amount < price ? "reduced" : "paid", amount: amount,
      payers: parts, reasons: amount < price ? ["cap_reached"] : [])
  }

  func ladderOf(_ info: CheckedCard.OutcomeInfo) -> String? {
    if case .rung(let ladder, _, _, _) = info.kind { return ladder }
    return nil
  }

  /// Largest remainder: shares rounded down, the pennies left one each to the largest
  /// remainders, ties to the payer declared first. Parts are in the card's payer order.
  func split(_ amount: Decimal, _ shares: [(payer: Int, share: Decimal)]) -> [Decimal] {
    var parts = Array(repeating: Decimal(0), count: card.payers.count)
    var remainders: [(position: Int, remainder: Decimal)] = []
    for (position, share) in shares.enumerated() {
      var exact = amount * share.share / 100
      var floor = Decimal()
      NSDecimalRound(&floor, &exact, 0, .down)
      parts[share.payer] += floor
      remainders.append((position, exact - floor))
    }
    var left = amount - parts.reduce(0, +)
    let order = remainders.sorted {
      $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.position < $1.position
    }
    var next = 0
    while left > 0 && !order.isEmpty {
      parts[shares[order[next % order.count].position].payer] += 1
      left -= 1
      next += 1
    }
    return parts
  }

  func evidenceProblem(_ rule: EvidenceRule, _ supplied: [String], _ scope: Scope) -> String? {
    let given = Set(
      supplied.filter { id in card.evidence.keys.contains { Array($0.utf8) == Array(id.utf8) } })
    var matched: [String] = []
    for term in rule.terms {
      let allowed = term.items.filter { $0.condition.map { scope.value($0).holds } ?? true }
        .map(\.id.name)
      let present = allowed.filter(given.contains)
      matched += present
      switch term {
      case .anyOf: if present.isEmpty { return "evidence_missing" }
      case .allOf, .single:
        if allowed.isEmpty || present.count != allowed.count { return "evidence_missing" }
      }
    }
    if let floor = rule.minimumStrength.flatMap({ EvidenceStrength(rawValue: $0.name) }) {
      let strongest = matched.compactMap { card.evidence[$0]?.strength }.max()
      if strongest == nil || strongest! < floor { return "evidence_too_weak" }
    }
    return nil
  }

  // MARK: Rules and exceptions

  struct Rules {
    var price: RateCard.Expression?
    var payers: [(payer: Int, share: Decimal)]
    var limit: ClaimLimit?
    var evidence: EvidenceRule?
    var conditions: [RateCard.Expression]
    var exclusions: [RateCard.Expression]
  }

  struct Replacement {
    var price: RateCard.Expression?
    var payers: [PayerShare]?
    var limit: ClaimLimit?
    var evidence: EvidenceRule?
    var conditions: [RateCard.Expression]?
    var exclusions: [RateCard.Expression]?

    init(_ clauses: [Clause]) {
      for clause in clauses {
        switch clause.kind {
        case .price(let e): price = e
        case .payers(let shares): payers = shares
        case .limit(let l): limit = l
        case .evidence(let rule): evidence = rule
        case .when(let e): conditions = (conditions ?? []) + [e]
        case .unless(let e): exclusions = (exclusions ?? []) + [e]
        default: break
        }
      }
    }
  }

  /// The base rules with, for each kind of rule, the applicable exception that no other
  /// applicable one wins over (`over`, followed through chains) put in its place.
  func effectiveRules(_ info: CheckedCard.OutcomeInfo, _ scope: Scope) -> Rules {
    var base = Replacement(info.clauses)
    if base.price == nil { base.price = info.price }
    var exceptions: [(name: String, over: String?, rules: Replacement, applies: Bool)] = []
    for clause in info.clauses {
      if case .exception(let rule) = clause.kind {
        exceptions.append(
          (
            rule.name.name, rule.overrides?.name, Replacement(rule.clauses),
            scope.value(rule.condition).holds
          ))
      }
    }
    func beats(_ a: String, _ b: String) -> Bool {
      var frontier = [a]
      var visited: Set<String> = []
      while let next = frontier.popLast() {
        guard visited.insert(next).inserted else { continue }
        for exception in exceptions where exception.name == next {
          if exception.over == b { return true }
          if let over = exception.over { frontier.append(over) }
        }
      }
      return false
    }
    func choose<T>(_ pick: (Replacement) -> T?) -> T? {
      let candidates = exceptions.filter { $0.applies && pick($0.rules) != nil }
      let winner = candidates.first { candidate in
        !candidates.contains { $0.name != candidate.name && beats($0.name, candidate.name) }
      }
      return (winner ?? candidates.first).flatMap { pick($0.rules) } ?? pick(base)
    }
    // An outcome with no payers of its own takes its group's, then the card's.
    if base.payers == nil,
      let group = info.clauses.compactMap({ clause -> String? in
        if case .group(let title) = clause.kind { return title }
        return nil
      }).last, let declared = card.groups[group]
    {
      base.payers = Replacement(declared.clauses).payers
    }
    let shares =
      choose { $0.payers }?.compactMap { share -> (Int, Decimal)? in
        guard let index = card.payers.firstIndex(where: { $0.id == share.payer.name }),
          case .percent(let value) = scope.value(share.share)
        else { return nil }
        return (index, value)
      } ?? card.payers.enumerated().map { ($0, $1.share) }
    return Rules(
      price: choose { $0.price }, payers: shares, limit: choose { $0.limit },
      evidence: choose { $0.evidence }, conditions: choose { $0.conditions } ?? [],
      exclusions: choose { $0.exclusions } ?? [])
  }
}

extension CalendarDate {
  var referenceDay: Int { RCalendar.day(year, month, day) }
}
