/// Every claim's participant, looked up once (ids compared byte for byte, the first record of
/// an id wins) and shared: the loader's cross-check, the evaluator and the detectors all read
/// it, so no stage hashes a million participant ids again.
public struct ClaimIndex: Sendable {
  /// Per claim: its participant's position among the participant records, or -1 when no
  /// participant has its id.
  public let person: [Int32]

  public init(claims: [ClaimRecord], participants: [ParticipantRecord]) {
    var positions: [ByteKey: Int32] = [:]
    positions.reserveCapacity(participants.count)
    for (position, participant) in participants.enumerated()
    where positions[ByteKey(participant.id)] == nil {
      positions[ByteKey(participant.id)] = Int32(position)
    }
    let found = positions
    (person, _) = Parallel.array(count: claims.count) { range, emit -> Bool in
      claims.withUnsafeBufferPointer { claims in
        for position in range { emit(found[ByteKey(claims[position].participantID)] ?? -1) }
      }
      return true
    }
  }

  /// The participant of claim `position`, if there is one.
  public func participant(of position: Int) -> Int? {
    let found = person[position]
    return found < 0 ? nil : Int(found)
  }
}
