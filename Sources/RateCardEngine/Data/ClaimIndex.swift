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

  public init(claims: [ClaimRecord], participants: [ParticipantRecord], card: CompiledCard) {
    // The lookups are independent: one core for the participants and outcomes, one for the
    // claim ids.
    ((person, outcome), sharedID) = Parallel.both(
      { ClaimIndex.peopleAndOutcomes(claims, participants, card) },
      { ClaimIndex.sharedIDs(claims) })
  }

  static func peopleAndOutcomes(
    _ claims: [ClaimRecord], _ participants: [ParticipantRecord], _ card: CompiledCard
  ) -> ([Int32], [Int32]) {
    // The first record of an id is the one its claims belong to.
    var numbering = IDNumbering(capacity: participants.count)
    var positions: [Int32] = []
    positions.reserveCapacity(participants.count)
    for (position, participant) in participants.enumerated()
    where numbering.number(participant.id).isNew {
      positions.append(Int32(position))
    }
    var outcomeNumbering = IDNumbering(capacity: card.outcomes.count)
    var outcomePositions: [Int32] = []
    for (position, outcome) in card.outcomes.enumerated()
    where outcomeNumbering.number(outcome.id).isNew {
      outcomePositions.append(Int32(position))
    }
    var people: [Int32] = []
    var outcomes: [Int32] = []
    people.reserveCapacity(claims.count)
    outcomes.reserveCapacity(claims.count)
    claims.withUnsafeBufferPointer { claims in
      for claim in claims.indices {
        people.append(
          numbering.number(of: claims[claim].participantID).map { positions[Int($0)] } ?? -1)
        outcomes.append(
          outcomeNumbering.number(of: claims[claim].outcome).map { outcomePositions[Int($0)] } ?? -1
        )
      }
    }
    return (people, outcomes)
  }

  /// One hash per claim id: the first claim of each id is remembered, and a later one marks
  /// both.
  static func sharedIDs(_ claims: [ClaimRecord]) -> [Bool] {
    var shared = Array(repeating: false, count: claims.count)
    var numbering = IDNumbering(capacity: claims.count)
    var first: [Int] = []
    first.reserveCapacity(claims.count)
    claims.withUnsafeBufferPointer { claims in
      for position in claims.indices {
        let (number, isNew) = numbering.number(claims[position].id)
        if isNew {
          first.append(position)
        } else {
          shared[first[Int(number)]] = true
          shared[position] = true
        }
      }
    }
    return shared
  }

  /// The participant of claim `position`, if there is one.
  public func participant(of position: Int) -> Int? {
    let found = person[position]
    return found < 0 ? nil : Int(found)
  }
}
