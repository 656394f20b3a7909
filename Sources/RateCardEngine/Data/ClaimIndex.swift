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
    var positions: [ByteKey: Int32] = [:]
    positions.reserveCapacity(participants.count)
    for (position, participant) in participants.enumerated() {
      // One hash per id; the first record of an id is put back when a later one replaced it.
      let key = ByteKey(participant.id)
      if let first = positions.updateValue(Int32(position), forKey: key) { positions[key] = first }
    }
    var people: [Int32] = []
    var outcomes: [Int32] = []
    people.reserveCapacity(claims.count)
    outcomes.reserveCapacity(claims.count)
    claims.withUnsafeBufferPointer { claims in
      for claim in claims.indices {
        people.append(positions[ByteKey(claims[claim].participantID)] ?? -1)
        outcomes.append(card.outcomePosition(claims[claim].outcome).map(Int32.init) ?? -1)
      }
    }
    return (people, outcomes)
  }

  /// One hash per claim id: the first claim of each id is remembered, and a later one marks
  /// both.
  static func sharedIDs(_ claims: [ClaimRecord]) -> [Bool] {
    var shared = Array(repeating: false, count: claims.count)
    var first: [ByteKey: Int] = [:]
    first.reserveCapacity(claims.count)
    claims.withUnsafeBufferPointer { claims in
      for position in claims.indices {
        let key = ByteKey(claims[position].id)
        if let earlier = first.updateValue(position, forKey: key) {
          first[key] = earlier
          shared[earlier] = true
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
