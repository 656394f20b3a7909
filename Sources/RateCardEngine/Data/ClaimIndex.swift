/// Every claim's participant, looked up once (ids compared byte for byte, the first record of
/// an id wins), and which claim ids are used more than once. Shared: the loader's
/// cross-check, the evaluator and the detectors all read it, so no stage hashes a million
/// ids again.
public struct ClaimIndex: Sendable {
  /// Per claim: its participant's position among the participant records, or -1 when no
  /// participant has its id.
  public let person: [Int32]
  /// Per claim: whether another claim has the same id, byte for byte. Only these claims need
  /// their ids hashed again to tell the first of them from the repeats.
  public let sharedID: [Bool]

  public init(claims: [ClaimRecord], participants: [ParticipantRecord]) {
    // The two lookups are independent: one core each.
    (person, sharedID) = Parallel.both(
      { ClaimIndex.people(claims, participants) }, { ClaimIndex.sharedIDs(claims) })
  }

  static func people(_ claims: [ClaimRecord], _ participants: [ParticipantRecord]) -> [Int32] {
    var positions: [ByteKey: Int32] = [:]
    positions.reserveCapacity(participants.count)
    for (position, participant) in participants.enumerated()
    where positions[ByteKey(participant.id)] == nil {
      positions[ByteKey(participant.id)] = Int32(position)
    }
    return claims.withUnsafeBufferPointer { claims in
      claims.indices.map { positions[ByteKey(claims[$0].participantID)] ?? -1 }
    }
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
