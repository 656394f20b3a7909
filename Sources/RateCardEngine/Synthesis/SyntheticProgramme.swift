import Foundation
import RateCard

/// Generates a programme for a card: participants referred over the term, most of them
/// starting, and claims for the outcomes they achieve. Two shapes (`Shape`): `exercise`
/// draws claim fields independently, whether or not the rules are met, with many mistakes,
/// so every rule of the engine is exercised; `realistic` (SyntheticProgramme+Realistic.swift)
/// claims only where the rules are met, as real claims data looks. The same card, shape, size
/// and seed give the same data.
public struct SyntheticProgramme {
  /// What the data is for.
  public enum Shape: String, Sendable, CaseIterable {
    /// Fields drawn independently and uniformly, claims whether or not the rules are met,
    /// with plenty of mistakes: for testing and benchmarking the engine.
    case exercise
    /// Claims only where the rules are met, a few mistakes in realistic proportions,
    /// correlated fields, delayed starts, providers of different sizes: for the detectors.
    case realistic
  }

  public struct Settings: Sendable {
    public var participants: Int
    public var seed: UInt64
    public var providers: [String]
    /// Whether to include data errors: claims for unknown participants and outcomes, and
    /// reused claim ids.
    public var dataErrors: Bool
    /// Gaming planted at chosen providers, for testing the detectors.
    public var plants: [Plant] = []
    /// Which participants are high-need (for planted cherry-picking and parking).
    public var highNeed: CompiledExpression?
    /// The claim field and value where planted results bunch (the exercise shape).
    public var threshold: PlantedThreshold?
    /// Every threshold of the card's audit block, with its expression (the realistic shape).
    public var bunchingThresholds: [PlantedThreshold] = []
    /// The date before which planted claims surge, and the window's length in days.
    public var surgeDate: DayNumber?
    public var surgeWindowDays = 56
    public var shape = Shape.exercise
    /// The exercise shape: each participant's chance of achieving each outcome open to them,
    /// in percent, drawn evenly from this range (some achieve much, some little). The
    /// default gives about 2.5 claims a participant on a card of eight outcomes and rungs;
    /// raise it for programmes whose participants claim more.
    public var achievement: ClosedRange<Int> = 25...85
    /// The card's versions: the realistic shape claims an outcome only while it is in force.
    public var versions: VersionedCard?

    public init(
      participants: Int = 250, seed: UInt64 = 1, providers: [String] = SyntheticProgramme.providers,
      dataErrors: Bool = false
    ) {
      self.participants = participants
      self.seed = seed
      self.providers = providers
      self.dataErrors = dataErrors
    }

    /// High need, the thresholds where results bunch and the surge date, from the card's
    /// `audit` block, so planted gaming is where the detectors look.
    public mutating func readAudit(_ checked: CheckedCard, card: CompiledCard) {
      let audit = checked.audit
      highNeed = audit.highNeed.map { Compiler.compileExpression($0, card: checked) }
      threshold = nil
      bunchingThresholds = []
      for threshold in audit.thresholds {
        // The exercise shape bunches on the first threshold that is one claim field.
        if self.threshold == nil, case .field(let subject, let field) = threshold.value.kind,
          subject.name == "claim", let index = card.claimSchema.index[field.name]
        {
          self.threshold = .init(field: index, at: Value(threshold.at))
        }
        let expression = Compiler.compileExpression(threshold.value, card: checked)
        guard let field = expression.claimFieldsRead.min() else { continue }
        let width: Decimal =
          switch threshold.binWidth {
          case .number(let value): value
          case .money(let money): Decimal(money.minorUnits)
          default: 1
          }
        bunchingThresholds.append(
          .init(field: field, at: Value(threshold.at), width: width, expression: expression))
      }
      surgeDate = audit.surgeDates.first?.dayNumber ?? card.term.map { $0.upperBound + 1 }
    }
  }

  /// A gaming pattern planted at one provider with a strength from 0 (none) to 1.
  public struct Plant: Sendable {
    public var pattern: String
    public var provider: String
    public var strength: Double

    public init(pattern: String, provider: String, strength: Double) {
      self.pattern = pattern
      self.provider = provider
      self.strength = strength
    }
  }

  public struct PlantedThreshold: Sendable {
    public var field: Int
    public var at: Value
    public var width: Decimal
    /// The thresholded value, when it is more than one field (`star_score - baseline`).
    public var expression: CompiledExpression?

    public init(field: Int, at: Value, width: Decimal = 1, expression: CompiledExpression? = nil) {
      self.field = field
      self.at = at
      self.width = width
      self.expression = expression
    }
  }

  func plant(_ pattern: String, at provider: Value) -> Plant? {
    guard case .text(let name) = provider else { return nil }
    return settings.plants.first { $0.pattern == pattern && $0.provider == name }
  }

  /// Invented provider names: a programme's eight by default.
  public static let providers = Array(providerNames.prefix(8))

  /// Invented provider names, the first eight the default programme's.
  static let providerNames = [
    "Calder Housing Trust", "Colne Valley Support", "Holme Moss Partnership", "Spen Advice",
    "Dewsbury Community Care", "Batley Futures", "Kirkburton Outreach",
    "Pennine Domestic Abuse Partnership", "Mirfield Works", "Huddersfield Pathways",
    "Heckmondwike Skills", "Marsden Moor Homes",
  ]

  /// `count` invented provider names: the listed ones first, then the list again numbered
  /// ("Spen Advice 2"), so any number of providers have different names.
  public static func providers(count: Int) -> [String] {
    (0..<max(0, count)).map { index in
      let name = providerNames[index % providerNames.count]
      let round = index / providerNames.count
      return round == 0 ? name : "\(name) \(round + 1)"
    }
  }

  public static let referralSources = [
    "council gateway", "self", "probation", "health", "housing options",
  ]

  public let card: CompiledCard
  var random: SeededRandom
  let settings: Settings

  public init(card: CompiledCard, settings: Settings = Settings()) {
    self.card = card
    self.settings = settings
    self.random = SeededRandom(seed: settings.seed)
  }

  /// `progress` hears how many participants are done, every 4,096.
  public mutating func generate(progress: ((Int) -> Void)? = nil) -> (
    participants: [ParticipantRecord], claims: [ClaimRecord]
  ) {
    let term =
      card.term
      ?? (CalendarDate(year: 2020, month: 1, day: 1)!
        .dayNumber...CalendarDate(year: 2023, month: 12, day: 31)!.dayNumber)
    var participants: [ParticipantRecord] = []
    var claims: [ClaimRecord] = []
    let width = String(settings.participants).count
    for number in 1...max(1, settings.participants) {
      if let progress, number % 4_096 == 0 { progress(number) }
      let id =
        "P" + String(repeating: "0", count: max(0, width + 1 - String(number).count))
        + String(number)
      switch settings.shape {
      case .exercise:
        let participant = makeParticipant(id, term: term)
        participants.append(participant)
        claims += makeClaims(for: participant, term: term, startNumber: claims.count)
      case .realistic:
        let participant = makeRealisticParticipant(id, term: term)
        participants.append(participant)
        claims += makeRealisticClaims(for: participant, term: term, startNumber: claims.count)
      }
    }
    return (participants, claims)
  }

  /// Claim ids: `C` and at least six digits.
  static func claimID(_ number: Int) -> String {
    "C" + String(repeating: "0", count: max(0, 6 - String(number).count)) + String(number)
  }

  mutating func makeParticipant(_ id: String, term: ClosedRange<DayNumber>) -> ParticipantRecord {
    let schema = card.participantSchema
    var values = Array(repeating: Value.missing, count: schema.fields.count)
    let span = Int(term.upperBound - term.lowerBound)
    let referred = term.lowerBound + DayNumber(random.int(0...max(0, span * 6 / 10)))
    values[0] = .text(id)
    values[1] = .text(random.pick(settings.providers))
    values[2] = .date(referred)
    if random.chance(0.92) { values[3] = .date(referred + DayNumber(random.int(0...28))) }
    if random.chance(0.6) { values[5] = .text(random.pick(SyntheticProgramme.referralSources)) }
    for index in 6..<schema.fields.count {
      let field = schema.fields[index]
      if field.optional && random.chance(0.15) { continue }
      values[index] = randomValue(field, near: referred)
    }
    plantCherryPicking(&values)
    return ParticipantRecord(id: id, values: FieldValues(values))
  }

  /// Planted cherry-picking: high-need referrals are turned away, or kept waiting.
  mutating func plantCherryPicking(_ values: inout [Value]) {
    if let plant = plant("cherry-picking", at: values[1]),
      settings.highNeed?.evaluate(values, []) == .bool(true),
      case .date(let started) = values[3]
    {
      if random.chance(plant.strength) {
        values[3] = .missing
      } else if random.chance(plant.strength) {
        values[3] = .date(started + DayNumber(random.int(30...120)))
      }
    }
  }

  /// A plausible value of a field's type.
  mutating func randomValue(_ field: Schema.Field, near day: DayNumber) -> Value {
    switch field.type {
    case .bool: return .bool(random.chance(0.25))
    case .number: return .number(Decimal(random.int(0...24)))
    case .money: return .money(Int64(random.int(0...400_000)))
    case .percent: return .percent(Decimal(random.int(0...100)))
    case .date: return .date(day + DayNumber(random.int(0...60)))
    case .duration: return .duration(Duration(amount: Decimal(random.int(1...26)), unit: .weeks))
    case .text: return .text(random.pick(["maths", "english", "construction", "catering", "care"]))
    case .enumeration(let type): return .choice(random.int(0...(type.cases.count - 1)))
    case .error: return .missing
    }
  }

  mutating func makeClaims(
    for participant: ParticipantRecord, term: ClosedRange<DayNumber>, startNumber: Int
  )
    -> [ClaimRecord]
  {
    var claims: [ClaimRecord] = []
    var achieved: [Int: DayNumber] = [:]
    guard case .date(let referred) = participant.values[2] else { return [] }
    let started: DayNumber? = if case .date(let day) = participant.values[3] { day } else { nil }
    // Planted parking: high-need participants enrolled and then left without support.
    if let plant = plant("parking", at: participant.values[1]), started != nil,
      settings.highNeed?.evaluate(participant.values, []) == .bool(true),
      random.chance(plant.strength)
    {
      return []
    }
    let base = started ?? referred
    // Some participants achieve much, some little: a per-person propensity.
    let low = settings.achievement.lowerBound
    let propensity =
      Double(low) / 100 + Double(random.int(0...(settings.achievement.upperBound - low))) / 100
    for (index, outcome) in card.outcomes.enumerated() {
      guard random.chance(propensity) else { continue }
      // Most claims follow the card's order: a rung after the one before it, an outcome after
      // those it needs. A few do not, as in real data.
      let gapChance = 0.05 + (plant("ladder-gap", at: participant.values[1])?.strength ?? 0)
      if needs(outcome).contains(where: { achieved[$0] == nil }) && !random.chance(gapChance) {
        continue
      }
      var values = Array(repeating: Value.missing, count: card.claimSchema.fields.count)
      for field in 4..<card.claimSchema.fields.count {
        let spec = card.claimSchema.fields[field]
        if spec.optional && random.chance(0.1) { continue }
        values[field] = randomValue(spec, near: base + DayNumber(random.int(0...200)))
      }
      let earliest = earliestDay(
        outcome, after: base + DayNumber(random.int(5...120)), participant: participant,
        claim: &values, achieved: achieved, base: base)
      var day = earliest + DayNumber(random.int(0...45))
      // Real claims are sometimes early, or late, or for a participant who never started.
      if random.chance(0.06) { day -= DayNumber(random.int(10...60)) }
      if random.chance(0.02) { day = term.upperBound + DayNumber(random.int(1...90)) }
      var evidence = evidenceFor(outcome, values, Array(participant.values))
      if random.chance(0.07) { evidence = [random.pick(card.evidence).id] }
      if random.chance(0.03) { evidence = [] }
      plantSelfCertification(&evidence, at: participant.values[1])
      if let plant = plant("threshold-bunching", at: participant.values[1]),
        let threshold = settings.threshold,
        let distance = CompiledExpression.binary(
          .subtract, .constant(values[threshold.field]), .constant(threshold.at)
        )
        .evaluate([], []).decimal,
        distance.magnitude <= 2 * threshold.width, random.chance(plant.strength)
      {
        values[threshold.field] = threshold.at
      }
      let number = startNumber + claims.count + 1
      let claimID = SyntheticProgramme.claimID(number)
      var outcomeID = outcome.id
      if random.chance(0.01) && settings.dataErrors { outcomeID += "_typo" }
      values[1] = .text(outcomeID)
      values[2] = .date(day)
      if random.chance(0.5) { values[3] = .date(day + DayNumber(random.int(0...40))) }
      plantSurge(&values, day: day, at: participant.values[1])
      let claimant =
        random.chance(0.005) && settings.dataErrors ? participant.id + "X" : participant.id
      let reused = random.chance(0.005) && settings.dataErrors && startNumber + claims.count > 0
      let finalID = reused ? SyntheticProgramme.claimID(1) : claimID
      values[0] = .text(finalID)
      claims.append(
        ClaimRecord(
          id: finalID, participantID: claimant, outcome: outcomeID, achievedOn: day,
          evidence: evidence, values: FieldValues(values)))
      achieved[index] = achieved[index] ?? day
      // Now and then the same outcome is claimed again.
      repeatLastClaim(
        &claims, chance: 0.04, at: participant.values[1], startNumber: startNumber,
        laterBy: 0...120)
    }
    return claims
  }

  /// The outcomes a claim of `outcome` needs first: those it requires, the previous rung and
  /// those its time is measured from.
  func needs(_ outcome: CompiledOutcome) -> [Int] {
    var needed = outcome.requires + (outcome.previousRung.map { [$0] } ?? [])
    for case .atLeast(_, .outcome(let anchor, _), _) in outcome.timing { needed.append(anchor) }
    return needed
  }

  /// The earliest day the card allows a claim of `outcome`, from the anchors it is measured
  /// from and the outcomes it needs, and no earlier than `floor`. A date field an anchor
  /// reads (such as when a placement started) is filled in on the way.
  mutating func earliestDay(
    _ outcome: CompiledOutcome, after floor: DayNumber, participant: ParticipantRecord,
    claim values: inout [Value], achieved: [Int: DayNumber], base: DayNumber
  ) -> DayNumber {
    var earliest = floor
    for timing in outcome.timing {
      let duration: Duration
      let anchor: CompiledAnchor
      switch timing {
      case .atLeast(let fixed, let from, _):
        (duration, anchor) = (fixed.duration, from)
      case .atLeastComputed(let expression, let from, _):
        guard
          case .duration(let computed) = expression.evaluate(
            participant.values, FieldValues(values))
        else {
          continue
        }
        (duration, anchor) = (computed, from)
      default: continue
      }
      var anchorDay = day(of: anchor, participant, achieved)
      if case .date(.claimField(let field)) = anchor {
        let day = base + DayNumber(random.int(0...150))
        values[field] = .date(day)
        anchorDay = day
      }
      if let anchorDay, let due = CalendarArithmetic.add(duration, to: anchorDay) {
        earliest = max(earliest, due)
      }
    }
    for required in outcome.requires {
      if let day = achieved[required] { earliest = max(earliest, day + 1) }
    }
    return earliest
  }

  /// The day an anchor falls on for this participant, when the participant and the outcomes
  /// achieved so far tell (a date read from the claim is the caller's to fill in).
  func day(
    of anchor: CompiledAnchor, _ participant: ParticipantRecord, _ achieved: [Int: DayNumber]
  )
    -> DayNumber?
  {
    switch anchor {
    case .referral: return participant.values[2].dayValue
    case .start: return participant.values[3].dayValue
    case .outcome(let index, _): return achieved[index]
    case .date: return nil
    }
  }

  /// Planted self-certification skew: the claim rests on self-certification alone.
  mutating func plantSelfCertification(_ evidence: inout [String], at provider: Value) {
    if let plant = plant("self-certification-skew", at: provider),
      let selfCertified = card.evidence.first(where: { $0.strength == .selfCertified }),
      random.chance(plant.strength)
    {
      evidence = [selfCertified.id]
    }
  }

  /// Planted surge: claims held back and made just before the surge date.
  mutating func plantSurge(_ values: inout [Value], day: DayNumber, at provider: Value) {
    if let plant = plant("claim-surge", at: provider), let surge = settings.surgeDate {
      let window = DayNumber(settings.surgeWindowDays)
      let made = values[3].dayValue ?? day
      if made >= surge - 5 * window, made < surge - window, random.chance(plant.strength) {
        values[3] = .date(max(day, surge - DayNumber(random.int(1...Int(window)))))
      }
    }
  }

  /// Now and then the same outcome is claimed again (more often where duplicate claims are
  /// planted), some days later.
  mutating func repeatLastClaim(
    _ claims: inout [ClaimRecord], chance: Double, at provider: Value, startNumber: Int,
    laterBy days: ClosedRange<Int>
  ) {
    guard random.chance(chance + (plant("duplicate-claim", at: provider)?.strength ?? 0)),
      var again = claims.last
    else { return }
    again.id = SyntheticProgramme.claimID(startNumber + claims.count + 1)
    again.values[0] = .text(again.id)
    let later = DayNumber(random.int(days))
    again.achievedOn = again.achievedOn.map { $0 + later }
    again.values[2] = again.achievedOn.map(Value.date) ?? .missing
    if case .date(let claimed) = again.values[3] { again.values[3] = .date(claimed + later) }
    claims.append(again)
  }

  /// Evidence that satisfies the outcome's base rule.
  mutating func evidenceFor(_ outcome: CompiledOutcome, _ claim: [Value], _ participant: [Value])
    -> [String]
  {
    guard let rule = outcome.base.evidence else { return [] }
    var ids: [String] = []
    for term in rule.terms {
      let allowed = term.items.filter { $0.condition?.evaluate(participant, claim).isTrue ?? true }
      guard !allowed.isEmpty else { continue }
      switch term.combination {
      case .any:
        var candidates = allowed.map(\.evidence)
        if let floor = rule.floor {
          let strong = candidates.filter { card.evidence[$0].strength >= floor }
          if !strong.isEmpty { candidates = strong }
        }
        ids.append(card.evidence[random.pick(candidates)].id)
      case .all: ids += allowed.map { card.evidence[$0.evidence].id }
      }
    }
    return ids
  }
}

extension Value {
  public var dayValue: DayNumber? {
    if case .date(let day) = self { return day }
    return nil
  }

  var decimal: Decimal? {
    switch self {
    case .number(let value): return value
    case .money(let units): return Decimal(units)
    default: return nil
    }
  }
}
