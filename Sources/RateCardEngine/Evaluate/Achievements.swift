import RateCard

/// What every participant has **achieved** of every outcome (claims that passed every rule
/// check, whatever the caps then paid), as running aggregates so each claim is checked in
/// constant time. Prerequisites, anchors, `requires previous` and claim limits read it.
///
/// One small slot per participant and outcome, side by side in one array: claims come in date
/// order, so their participants come in no order, and a claim's checks read only its own
/// participant's adjacent slots. The rest of a history (its days, the values of `once per`,
/// `each higher` and `or different`, and what later claims match on) is kept apart, and only
/// for the outcomes some rule in some version reads it for.
struct Achievements {
  struct Slot {
    /// Achieved claims so far (0: the outcome is not achieved).
    var count: Int32 = 0
    var firstDay: DayNumber = 0
    var lastDay: DayNumber = 0
  }

  struct Detail {
    /// Achieved days, in order (a restarting ladder measures from a later one).
    var days: [DayNumber] = []
    /// The `once per` values seen so far; an empty value (also what a claim priced without
    /// `once per` records) is kept as a flag.
    var oncePer: Set<Value> = []
    var oncePerEmpty = false
    /// The highest non-empty value of `each higher` seen so far: empty values take no part.
    var highest: Value?
    /// The non-empty values of `or different` seen so far.
    var different: Set<Value> = []
    /// The values later claims match on (`requires X matching claim.course_id`), by key.
    var matched: [String: Set<Value>] = [:]

    func seen(oncePer value: Value) -> Bool {
      value.isMissing ? oncePerEmpty : oncePer.contains(value)
    }
  }

  private(set) var slots: [Slot]
  /// By slot, where the rest of the history is in `details`, or -1; empty when no rule reads
  /// more than the slot (the usual card), so that a slot is 12 bytes, not 16.
  private(set) var detailIndex: [Int32]
  private(set) var details: [Detail] = []
  let outcomes: Int
  /// By outcome position: whether any version's rules read more than the slot.
  let keepsDetail: [Bool]

  init(participants: Int, history: VersionedCard) {
    outcomes = history.latest.outcomes.count
    slots = Array(repeating: Slot(), count: participants * outcomes)
    keepsDetail = Achievements.detailRead(history)
    detailIndex =
      keepsDetail.contains(true) ? Array(repeating: -1, count: participants * outcomes) : []
  }

  /// The outcomes whose days or values some rule reads: a limit with `once per`, `each
  /// higher` or `or different` (in the base rules or an exception), a `matching` key, or an
  /// anchor on a later claim of the outcome (`restarts`), in any version.
  static func detailRead(_ history: VersionedCard) -> [Bool] {
    var read = Array(repeating: false, count: history.latest.outcomes.count)
    for version in history.versions {
      for (position, outcome) in version.card.outcomes.enumerated() {
        let limits = [outcome.base.limit] + outcome.exceptions.map(\.rules.limit)
        if !outcome.matchKeys.isEmpty
          || limits.contains(where: {
            $0?.oncePer != nil || $0?.higher != nil || $0?.different != nil
          })
        {
          read[position] = true
        }
        for timing in outcome.timing {
          switch timing {
          case .onlyAfter(let anchor), .within(_, let anchor), .atLeast(_, let anchor, _),
            .atLeastComputed(_, let anchor, _), .withinComputed(_, let anchor):
            if case .outcome(let index, let restarts) = anchor, restarts > 0 {
              read[index] = true
            }
          }
        }
      }
    }
    return read
  }

  func slot(_ person: Int, _ outcome: Int) -> Slot { slots[person * outcomes + outcome] }

  /// Asks for `person`'s slots to be brought into the cache (see `Prefetch`).
  func prefetch(person: Int) {
    Prefetch.read(stripe: person, width: outcomes, of: slots)
  }

  func achieved(_ person: Int, _ outcome: Int) -> Bool {
    slots[person * outcomes + outcome].count > 0
  }

  /// The detail of an achieved outcome whose rules read it (see `keepsDetail`).
  func detail(_ person: Int, _ outcome: Int) -> Detail? {
    guard !detailIndex.isEmpty else { return nil }
    let index = detailIndex[person * outcomes + outcome]
    return index < 0 ? nil : details[Int(index)]
  }

  /// Whether an earlier claim of the outcome recorded this value of a `matching` key.
  func matched(_ person: Int, _ outcome: Int, key source: String, _ value: Value) -> Bool {
    detail(person, outcome)?.matched[source]?.contains(value) == true
  }

  /// The day of the latest of the first `restarts + 1` achieved claims.
  func day(_ person: Int, _ outcome: Int, restarts: Int) -> DayNumber? {
    let slot = slot(person, outcome)
    guard slot.count > 0 else { return nil }
    guard restarts > 0 else { return slot.firstDay }
    // `keepsDetail` holds for every outcome an anchor restarts on.
    return detail(person, outcome)?.days.prefix(restarts + 1).last
  }

  mutating func record(
    _ person: Int, _ outcome: Int, day: DayNumber,
    _ values: (oncePer: Value, higher: Value, different: Value),
    matched: [(source: String, value: Value)]
  ) {
    let position = person * outcomes + outcome
    if slots[position].count == 0 { slots[position].firstDay = day }
    slots[position].count += 1
    slots[position].lastDay = day
    guard keepsDetail[outcome] else { return }
    if detailIndex[position] < 0 {
      detailIndex[position] = Int32(details.count)
      details.append(Detail())
    }
    let index = Int(detailIndex[position])
    details[index].days.append(day)
    if values.oncePer.isMissing {
      details[index].oncePerEmpty = true
    } else {
      details[index].oncePer.insert(values.oncePer)
    }
    if !values.different.isMissing { details[index].different.insert(values.different) }
    if !values.higher.isMissing,
      details[index].highest == nil
        || (Value.compare(values.higher, details[index].highest!) ?? 0) > 0
    {
      details[index].highest = values.higher
    }
    for (source, value) in matched { details[index].matched[source, default: []].insert(value) }
  }
}
