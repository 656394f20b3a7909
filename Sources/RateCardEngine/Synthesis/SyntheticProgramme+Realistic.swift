import Foundation
import RateCard

/// The realistic shape: data that looks like a real programme's claims extract, for testing
/// the gaming detectors on what they will meet (docs/audit.md, "Calibration").
///
/// - Providers differ in size (the largest about five times the smallest).
/// - Most referrals start, after a wait that is usually short with a long tail; high-need
///   referrals start a little less often and wait a little longer, at every provider alike.
/// - The entry outcome (such as an initial assessment) is claimed for nearly everyone within
///   days of starting; further outcomes follow for some, fewer for high-need participants,
///   and ladders thin out rung by rung.
/// - Claims exist only where the rules are met: the values the outcome's rules read are
///   drawn (the extract's other columns stay empty) until its conditions hold, so a value with a threshold is never below it, and the shares
///   above it fall smoothly. A participant's values stay with them across claims (hours
///   repeat across a person's rungs; scores drift).
/// - Achievements after the end of the term are not in the data. A few mistakes remain in
///   realistic proportions: early claims, wrong or missing evidence, repeats.
/// - Planted gaming takes its realistic form: parking is "assessed, then nothing"; bunching is
///   a result just below a threshold written down as the threshold.
extension SyntheticProgramme {
  /// Relative sizes of the providers, in order.
  static let providerWeights = [26, 18, 14, 12, 10, 8, 7, 5]

  mutating func weightedProvider() -> String {
    let weights = settings.providers.indices.map {
      SyntheticProgramme.providerWeights[$0 % SyntheticProgramme.providerWeights.count]
    }
    var pick = random.int(1...weights.reduce(0, +))
    for (index, weight) in weights.enumerated() {
      pick -= weight
      if pick <= 0 { return settings.providers[index] }
    }
    return settings.providers[settings.providers.count - 1]
  }

  /// A whole number drawn from an exponential distribution with this mean: mostly small, with
  /// a long tail.
  mutating func exponential(mean: Double) -> Int {
    let uniform = max(Double(random.next() >> 11) / 0x1p53, 1e-12)
    return Int(-log(uniform) * mean)
  }

  mutating func makeRealisticParticipant(_ id: String, term: ClosedRange<DayNumber>)
    -> ParticipantRecord
  {
    let schema = card.participantSchema
    var values = Array(repeating: Value.missing, count: schema.fields.count)
    let span = Int(term.upperBound - term.lowerBound)
    let referred = term.lowerBound + DayNumber(random.int(0...max(0, span * 6 / 10)))
    values[0] = .text(id)
    values[1] = .text(weightedProvider())
    values[2] = .date(referred)
    for index in 6..<schema.fields.count {
      let field = schema.fields[index]
      if field.optional && random.chance(0.15) { continue }
      // Counts about a person (months in work, say) are mostly small.
      values[index] =
        field.type == .number
        ? .number(Decimal(exponential(mean: 4))) : randomValue(field, near: referred)
    }
    let high = settings.highNeed?.evaluate(values, []) == .bool(true)
    // Probation and health services refer more of the complex cases.
    if random.chance(0.9) {
      let sources = SyntheticProgramme.referralSources
      values[5] = .text(
        high && random.chance(0.4) ? random.pick(["probation", "health"]) : random.pick(sources))
    }
    if random.chance(high ? 0.84 : 0.91) {
      let wait = 1 + min(150, exponential(mean: high ? 16 : 10))
      values[3] = .date(referred + DayNumber(wait))
    }
    plantCherryPicking(&values)
    return ParticipantRecord(id: id, values: FieldValues(values))
  }

  mutating func makeRealisticClaims(
    for participant: ParticipantRecord, term: ClosedRange<DayNumber>, startNumber: Int
  ) -> [ClaimRecord] {
    let provider = participant.values[1]
    guard let started = participant.values[3].dayValue else { return [] }
    let high = settings.highNeed?.evaluate(participant.values, []) == .bool(true)
    let entry = card.entryOutcome
    // Planted parking: assessed, then nothing.
    let parked =
      high && random.chance(plant("parking", at: provider)?.strength ?? 0)
    // How far this person gets; high-need participants get less far, everywhere.
    let propensity = (0.15 + 0.6 * Double(random.int(0...100)) / 100) * (high ? 0.7 : 1)
    let gapChance = 0.003 + (plant("ladder-gap", at: provider)?.strength ?? 0)
    var claims: [ClaimRecord] = []
    var achieved: [Int: DayNumber] = [:]
    var persona: [Int: Value] = [:]
    for (index, outcome) in card.outcomes.enumerated() where outcome.inForce {
      let isEntry = index == entry
      if parked && !isEntry { break }
      // A follow-up (a rung, an outcome that needs another) is likely once its first step is
      // done; a fresh outcome depends on how far the person gets.
      let chance =
        isEntry ? 0.97 : !needs(outcome).isEmpty ? (high ? 0.55 : 0.7) : propensity * 0.45
      guard random.chance(chance) else { continue }
      if needs(outcome).contains(where: { achieved[$0] == nil }) && !random.chance(gapChance) {
        continue
      }
      guard var values = realisticValues(outcome, participant, persona: &persona, provider)
      else { continue }
      let measured = outcome.timing.contains {
        if case .atLeast = $0 { true } else if case .atLeastComputed = $0 { true } else { false }
      }
      // The entry outcome comes days after starting; an outcome measured from an anchor soon
      // after it is due; others months into support.
      let floor =
        started
        + DayNumber(isEntry ? 1 + exponential(mean: 4) : measured ? 0 : 20 + exponential(mean: 120))
      let earliest = earliestDay(
        outcome, after: floor, participant: participant, claim: &values, achieved: achieved,
        base: started)
      var day = earliest + DayNumber(isEntry ? 0 : exponential(mean: 12))
      if missesDeadline(outcome, day: day, participant: participant, achieved: achieved) {
        continue
      }
      // The extract ends with the term: later achievements are not in it.
      if day > term.upperBound && !random.chance(0.01) { continue }
      // An outcome a revision retired is no longer worked towards.
      if let versions = settings.versions {
        let version = versions.versions[versions.index(on: day)].card
        guard let position = version.outcomeIndex[outcome.id], version.outcomes[position].inForce
        else { continue }
      }
      if random.chance(0.02) { day -= DayNumber(random.int(5...30)) }  // claimed too early
      var evidence = evidenceFor(outcome, values, Array(participant.values))
      if random.chance(0.015) { evidence = [random.pick(card.evidence).id] }
      if random.chance(0.01) { evidence = [] }
      plantSelfCertification(&evidence, at: provider)
      let claimID = SyntheticProgramme.claimID(startNumber + claims.count + 1)
      values[0] = .text(claimID)
      values[1] = .text(outcome.id)
      values[2] = .date(day)
      if random.chance(0.7) { values[3] = .date(day + DayNumber(exponential(mean: 10))) }
      plantSurge(&values, day: day, at: provider)
      claims.append(
        ClaimRecord(
          id: claimID, participantID: participant.id, outcome: outcome.id, achievedOn: day,
          evidence: evidence, values: FieldValues(values)))
      achieved[index] = achieved[index] ?? day
      repeatLastClaim(
        &claims, chance: 0.015, at: provider, startNumber: startNumber, laterBy: 0...90)
    }
    return claims
  }

  /// Claim values that meet the outcome's conditions, drawn up to eight times from the
  /// person's own values (nil when none does: the outcome was not achieved). Where bunching
  /// is planted, a value up to two bins below the threshold may be written down as the
  /// threshold instead.
  mutating func realisticValues(
    _ outcome: CompiledOutcome, _ participant: ParticipantRecord, persona: inout [Int: Value],
    _ provider: Value
  ) -> [Value]? {
    let schema = card.claimSchema
    let read = outcome.claimFieldsRead.filter { $0 >= 4 }.sorted()
    let near = participant.values[3].dayValue ?? participant.values[2].dayValue ?? 0
    for _ in 0..<8 {
      var values = Array(repeating: Value.missing, count: schema.fields.count)
      for field in read {
        let spec = schema.fields[field]
        if spec.optional && random.chance(0.05) { continue }
        values[field] = personalValue(field, spec, persona: &persona, near: near)
      }
      if meetsConditions(outcome, Array(participant.values), values) { return values }
      guard let plant = plant("threshold-bunching", at: provider) else { continue }
      for threshold in settings.bunchingThresholds {
        if let moved = onto(threshold, values, Array(participant.values)),
          meetsConditions(outcome, Array(participant.values), moved), random.chance(plant.strength)
        {
          return moved
        }
      }
    }
    return nil
  }

  /// The values with one field the threshold reads moved so that the thresholded value lands
  /// on the threshold, when it lies up to two bins below it; nil otherwise.
  func onto(_ threshold: PlantedThreshold, _ claim: [Value], _ participant: [Value]) -> [Value]? {
    let expression = threshold.expression ?? .claimField(threshold.field)
    guard let value = expression.evaluate(participant, claim).decimal,
      let at = threshold.at.decimal, value < at, value >= at - 2 * threshold.width
    else { return nil }
    for field in expression.claimFieldsRead.sorted() {
      for step in [at - value, value - at] {
        var moved = claim
        switch claim[field] {
        case .number(let current): moved[field] = .number(current + step)
        case .money(let units): moved[field] = .money(units + Int64(truncating: step as NSNumber))
        default: continue
        }
        if expression.evaluate(participant, moved).decimal == at { return moved }
      }
    }
    return nil
  }

  /// A claim field's value for this person: most values stay with a person from claim to
  /// claim (hours, employment type), numbers now and then drift a little; money and dates
  /// are new each time. Numbers and money fall off smoothly from small values.
  mutating func personalValue(
    _ field: Int, _ spec: Schema.Field, persona: inout [Int: Value], near day: DayNumber
  ) -> Value {
    switch spec.type {
    case .number:
      guard case .number(let base)? = persona[field] else {
        let value = Value.number(Decimal(exponential(mean: 8)))
        persona[field] = value
        return value
      }
      if random.chance(0.7) { return .number(base) }
      let step = Decimal(1 + exponential(mean: 1.5))
      return .number(random.chance(0.5) ? base + step : max(0, base - step))
    case .money:
      return .money(Int64(exponential(mean: 400_000)))
    case .date, .percent, .duration:
      return randomValue(spec, near: day + DayNumber(random.int(0...200)))
    case .bool, .text, .enumeration, .error:
      if let value = persona[field], random.chance(0.85) { return value }
      let value = randomValue(spec, near: day)
      persona[field] = value
      return value
    }
  }

  /// Whether claim values meet the outcome's conditions as the evaluator reads them: every
  /// `when`, the milestone, no `unless`, and an `only by exception` condition where there is
  /// one. The generator's own reading; `RealisticProgrammeTests` checks it against the
  /// evaluator.
  func meetsConditions(_ outcome: CompiledOutcome, _ participant: [Value], _ claim: [Value])
    -> Bool
  {
    let rules = outcome.base
    for condition in rules.conditions ?? []
    where !condition.expression.evaluate(participant, claim).isTrue {
      return false
    }
    if let milestone = outcome.milestone,
      !Value.apply(.greaterEqual, milestone.measure.evaluate(participant, claim), milestone.value)
        .isTrue
    {
      return false
    }
    for exclusion in rules.exclusions ?? []
    where exclusion.expression.evaluate(participant, claim).isTrue {
      return false
    }
    if !outcome.onlyByException.isEmpty
      && !outcome.onlyByException.contains(where: {
        $0.condition.expression.evaluate(participant, claim).isTrue
      })
    {
      return false
    }
    return true
  }

  /// Whether a claim on `day` is later than a fixed `within` limit allows.
  func missesDeadline(
    _ outcome: CompiledOutcome, day: DayNumber, participant: ParticipantRecord,
    achieved: [Int: DayNumber]
  ) -> Bool {
    for case .within(let step, let anchor) in outcome.timing {
      if let from = self.day(of: anchor, participant, achieved), let limit = step.add(to: from),
        day > limit
      {
        return true
      }
    }
    return false
  }
}
