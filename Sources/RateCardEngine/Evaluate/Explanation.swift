import RateCard

extension Evaluator {
  /// How claim `claimID` was decided, rule by rule: what `evaluate(explain:)` records (for the
  /// first claim of that id in evaluation order), or nothing when no claim has that id.
  ///
  /// When claims of different participants never affect each other
  /// (`VersionedCard.participantsApart`), only the claims of that claim's participant before
  /// it are decided, with the repeated ids of the whole data: each is the single pass's row
  /// (as when participants are decided apart), so a claim among millions is explained in
  /// about the time it takes to read them. Otherwise every claim is evaluated.
  public static func explanation(
    of claimID: String, _ history: VersionedCard, participants: [ParticipantRecord],
    claims: [ClaimRecord], index: ClaimIndex? = nil
  ) -> [String] {
    let index =
      index ?? ClaimIndex(claims: claims, participants: participants, card: history.latest)
    guard history.participantsApart else {
      return evaluate(
        history, participants: participants, claims: claims, explain: claimID, index: index
      ).explanation
    }
    let ordered = index.order
    guard let target = ordered.firstIndex(where: { claims[$0].id.sameBytes(as: claimID) })
    else { return [] }
    let repeated = repeatedIDs(ordered, claims: claims, sharedID: index.sharedID)
    // The participant's position, or -1 for none: then only the claim itself is decided.
    let person = index.person[ordered[target]]
    // One participant's history, in the evaluator's first slot.
    var evaluator = Evaluator(history: history, participantCount: 1)
    var explanation: [String] = []
    claims.withUnsafeBufferPointer { claims in
      for done in 0...target {
        let position = ordered[done]
        guard done == target || (person >= 0 && index.person[position] == person) else {
          continue
        }
        let claim = claims.baseAddress! + position
        _ = evaluator.step(
          claim, Lookup(position, claim, participants, index, history), duplicate: repeated[done],
          participants: participants, explain: done == target ? claimID : nil,
          explanation: &explanation, slot: 0)
      }
    }
    return explanation
  }
}
