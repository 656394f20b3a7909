/// Every claim's participant, looked up once (ids compared byte for byte, the first record of
/// an id wins), and which claim ids are used more than once. Shared: the loader's
/// cross-check, the evaluator and the detectors all read it, so no stage hashes a million
/// ids again.
public struct ClaimIndex: Sendable {
  /// Per claim: its participant's position among the participant records, or -1 when no
  /// participant has its id.
  public let person: [Int32]
  /// Per claim: its outcome's position on the card (the same in every version of a history),
  /// or -1 when no outcome has its id.
  public let outcome: [Int32]
  /// Per claim: whether another claim has the same id, byte for byte. Only these claims need
  /// their ids hashed again to tell the first of them from the repeats.
  public let sharedID: [Bool]
  /// The claims' positions in evaluation order (`Evaluator.evaluationOrder`), which every
  /// stage reads: each version `impact` prices, `explain`, and the duplicate-claims detector.
  public let order: [Int]

  public init(claims: [ClaimRecord], participants: [ParticipantRecord], card: CompiledCard) {
    self.init(claims: claims, participants: participants, card: card, numbered: nil)
  }

  /// `numbered`, when given, numbers the participants' ids by their positions (participant
  /// `n` has number `n`), as the loader made it: they are not numbered again.
  ///
  /// `people`, when given, is each claim's participant found already (by the loader, as it
  /// typed the claims with `numbered`): it is not looked up again.
  init(
    claims: [ClaimRecord], participants: [ParticipantRecord], card: CompiledCard,
    numbered: IDNumbering?, people: [Int32]? = nil
  ) {
    // The lookups and the order are independent: one core for the participants, outcomes
    // and claim ids, one for the order (each about a tenth of a second at a million claims).
    (((person, outcome), sharedID), order) = Parallel.both(
      {
        (
          ClaimIndex.peopleAndOutcomes(
            claims, participants, card, numbered: numbered, people: people),
          ClaimIndex.sharedIDs(claims)
        )
      },
      { Evaluator.evaluationOrder(claims) })
  }

  static func peopleAndOutcomes(
    _ claims: [ClaimRecord], _ participants: [ParticipantRecord], _ card: CompiledCard,
    numbered: IDNumbering? = nil, people found: [Int32]? = nil
  ) -> ([Int32], [Int32]) {
    if found != nil {
      precondition(
        found?.count == claims.count && numbered?.count == participants.count,
        "one participant found per claim, by the participants' numbering")
    }
    // The first record of an id is the one its claims belong to.
    var numbering = numbered ?? IDNumbering(capacity: found == nil ? participants.count : 0)
    // Each number's participant position; nil when the number is the position (`numbered`).
    var positions: [Int32]?
    if numbered == nil {
      var found: [Int32] = []
      found.reserveCapacity(participants.count)
      for (position, participant) in participants.enumerated()
      where numbering.number(participant.id).isNew {
        found.append(Int32(position))
      }
      positions = found
    } else {
      precondition(numbering.count == participants.count, "one number per participant")
    }
    var outcomeNumbering = IDNumbering(capacity: card.outcomes.count)
    var outcomePositions: [Int32] = []
    for (position, outcome) in card.outcomes.enumerated()
    where outcomeNumbering.number(outcome.id).isNew {
      outcomePositions.append(Int32(position))
    }
    var people: [Int32] = found ?? []
    var outcomes: [Int32] = []
    if found == nil { people.reserveCapacity(claims.count) }
    outcomes.reserveCapacity(claims.count)
    claims.withUnsafeBufferPointer { claims in
      for claim in claims.indices {
        if found == nil {
          if claim + IDNumbering.ahead < claims.count {
            numbering.prefetch(claims[claim + IDNumbering.ahead].participantID)
          }
          people.append(
            numbering.number(of: claims[claim].participantID).map { positions?[Int($0)] ?? $0 }
              ?? -1)
        }
        outcomes.append(
          outcomeNumbering.number(of: claims[claim].outcome).map { outcomePositions[Int($0)] } ?? -1
        )
      }
    }
    return (people, outcomes)
  }

  /// Whether another claim has the same id, byte for byte (see `RepeatedIDs`).
  static func sharedIDs(_ claims: [ClaimRecord]) -> [Bool] {
    claims.withUnsafeBufferPointer { claims in
      RepeatedIDs.flags(count: claims.count) { claims[$0].id }
    }
  }

  /// The participant of claim `position`, if there is one.
  public func participant(of position: Int) -> Int? {
    let found = person[position]
    return found < 0 ? nil : Int(found)
  }
}
