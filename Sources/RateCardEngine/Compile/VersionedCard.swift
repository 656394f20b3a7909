import RateCard

/// Every version of a card, compiled with outcome positions shared across versions, and the
/// rule for which version prices a claim (docs/change-panels.md, "Which version applies").
public struct VersionedCard: Sendable {
  public struct Version: Sendable {
    public var label: String
    /// nil for the original terms.
    public var effective: DayNumber?
    public var approvedBy: String?
    public var rationale: String?
    public var card: CompiledCard
  }

  public private(set) var versions: [Version]
  /// When one version is forced (`eval --version`), it applies to every claim.
  public var forced: Int?
  /// Each version's effective day, read once per claim: kept apart from the versions so that
  /// choosing one never copies a compiled card.
  private var effectiveDays: [DayNumber?] = []
  /// By the version in force on the achievement day, then by outcome: the date basis that
  /// picks the version pricing the outcome's claims (see `select`).
  private var bases: [[VersionBasis]] = []

  public init(single card: CompiledCard) {
    versions = [Version(label: card.version, effective: nil, card: card)]
    numberPools()
    tabulate()
  }

  /// Works out, once, what `select` reads for every claim. An outcome's basis is the one of
  /// the version in force on the achievement day when the outcome is in force there, else of
  /// the first version where it is.
  private mutating func tabulate() {
    effectiveDays = versions.map(\.effective)
    let outcomes = versions.first?.card.outcomes.count ?? 0
    bases = versions.indices.map { byAchievement in
      (0..<outcomes).map { outcome in
        let source =
          versions[byAchievement].card.outcomes[outcome].inForce
          ? byAchievement : versions.firstIndex { $0.card.outcomes[outcome].inForce }
        return source.map { versions[$0].card.outcomes[outcome].basis } ?? .achievement
      }
    }
  }

  /// How many pool slots evaluation needs: across the contract, and per participant.
  public private(set) var poolSlots = (contract: 0, perParticipant: 0)

  /// Whether claims of different participants never affect each other: no version has a cap
  /// shared across participants (a contract or group cap, or a payer's cap). Then every rule
  /// reads only the claim's own participant's history, and participants can be decided apart.
  public var participantsApart: Bool {
    poolSlots.contract == 0 && versions.allSatisfy { $0.card.payerCaps.isEmpty }
  }

  /// Gives every cap pool its slot, by key, the same in every version.
  mutating func numberPools() {
    var slots: [String: Int] = [:]
    var counts = (contract: 0, perParticipant: 0)
    for version in versions.indices {
      for outcome in versions[version].card.outcomes.indices {
        for pool in versions[version].card.outcomes[outcome].caps.indices {
          let cap = versions[version].card.outcomes[outcome].caps[pool]
          let key = (cap.perParticipant ? "p:" : "c:") + cap.key
          let slot =
            slots[key]
            ?? {
              let next = cap.perParticipant ? counts.perParticipant : counts.contract
              if cap.perParticipant { counts.perParticipant += 1 } else { counts.contract += 1 }
              slots[key] = next
              return next
            }()
          versions[version].card.outcomes[outcome].caps[pool].slot = slot
        }
      }
    }
    poolSlots = counts
  }

  public init(_ checked: [CheckedVersion]) {
    var order: [String] = []
    var seen: Set<String> = []
    for version in checked {
      for id in version.card.outcomeOrder where seen.insert(id).inserted { order.append(id) }
    }
    versions = checked.map { version in
      Version(
        label: version.label, effective: version.effective?.dayNumber,
        approvedBy: version.approvedBy, rationale: version.rationale,
        card: Compiler.compile(version.card, outcomeOrder: order))
    }
    // A claim achieved under one version records what any version's requirements match on.
    for position in order.indices {
      var keys: [(source: String, expression: CompiledExpression)] = []
      for version in versions {
        for key in version.card.outcomes[position].matchKeys
        where !keys.contains(where: { $0.source == key.source }) {
          keys.append(key)
        }
      }
      for index in versions.indices { versions[index].card.outcomes[position].matchKeys = keys }
    }
    numberPools()
    tabulate()
  }

  /// The same history with one version in force throughout; nil when no version has that label.
  public func forcing(_ label: String) -> VersionedCard? {
    guard let index = versions.firstIndex(where: { $0.label == label }) else { return nil }
    var copy = self
    copy.forced = index
    return copy
  }

  /// The latest version, whose payers and layout the ledger uses.
  public var latest: CompiledCard { versions[forced ?? (versions.count - 1)].card }

  /// The version in force on a day: the last whose effective date is on or before it.
  public func index(on day: DayNumber) -> Int {
    var chosen = 0
    for (index, effective) in effectiveDays.enumerated() {
      if let effective, effective <= day { chosen = index }
    }
    return chosen
  }

  /// The dates other than the achievement date that a version can be chosen by (see
  /// `VersionBasis`): the participant's referral and start, and the claim's date.
  struct BasisDays {
    var referred: DayNumber?
    var started: DayNumber?
    var claimed: DayNumber?
  }

  /// Which version prices a claim, and why, in words for `explain` (built only when `why`
  /// is asked for: evaluation needs only the index). `days` are read only when the outcome's
  /// basis is not its achievement date.
  func select(
    outcome: Int?, achieved: DayNumber?, days: @autoclosure () -> BasisDays, why: Bool = true
  ) -> (index: Int, reason: String) {
    if let forced {
      return (forced, "version \(versions[forced].label) is in force throughout (what-if)")
    }
    guard versions.count > 1, let achieved else { return (0, "the card has one version") }
    let byAchievement = index(on: achieved)
    guard let outcome else { return (byAchievement, "chosen by the achievement date") }
    let basis = bases[byAchievement][outcome]
    var day = achieved
    var source = "the achievement date"
    switch basis {
    case .achievement: break
    case .referral:
      if let referred = days().referred { (day, source) = (referred, "the referral date") }
    case .start:
      if let started = days().started { (day, source) = (started, "the start date") }
    case .claim:
      if let claimed = days().claimed { (day, source) = (claimed, "the claim date") }
    }
    let chosen = index(on: day)
    guard why else { return (chosen, "") }
    let effective =
      versions[chosen].effective.map { " (effective \(CalendarDate(dayNumber: $0)))" }
      ?? " (the original terms)"
    return (
      chosen,
      "version \(versions[chosen].label)\(effective) applies: chosen by \(source), \(CalendarDate(dayNumber: day))"
    )
  }

  /// Why an outcome is not in force in a version: retired by an earlier revision, or not yet
  /// added.
  func absence(of outcome: Int, in version: Int) -> Finding {
    let id = versions[version].card.outcomes[outcome].id
    if let last = versions[..<version].lastIndex(where: { $0.card.outcomes[outcome].inForce }) {
      let retiredBy = versions[(last + 1)...].first { !$0.card.outcomes[outcome].inForce }!
      return .retired(id, by: retiredBy.label, on: retiredBy.effective)
    }
    let added = versions[version...].first { $0.card.outcomes[outcome].inForce }
    return .notInForce(id, by: added?.label, on: added?.effective)
  }
}
