import RateCard
import RateCardEngine

/// Each ladder's funnel for the board report: how many participants were paid (in full or
/// reduced) at each rung. Totalled block by block as a ledger's rows go by, so a report needs
/// no ledger kept whole; participants are told apart by the bytes of their ids.
public struct LadderFunnel: Sendable {
  /// The card's rungs in force, in card order: (ladder, rung outcome id).
  let rungs: [(ladder: String, outcome: String)]
  private var paid: [ByteKey: Set<ByteKey>] = [:]

  public init(card: CompiledCard) {
    rungs = card.outcomes.compactMap { outcome in
      guard outcome.inForce, let ladder = outcome.ladder else { return nil }
      return (ladder, outcome.id)
    }
    for rung in rungs { paid[ByteKey(rung.outcome)] = [] }
  }

  /// Counts the participants of `rows` paid at a rung.
  public mutating func add(_ rows: UnsafeBufferPointer<LedgerEntry>) {
    guard !rungs.isEmpty else { return }
    for row in rows.indices where rows[row].status != .rejected {
      let outcome = ByteKey(rows[row].outcome)
      if paid[outcome] != nil { paid[outcome]!.insert(ByteKey(rows[row].participantID)) }
    }
  }

  /// Each ladder, in card order, with its rungs and the participants paid at each.
  public var ladders: [(ladder: String, rungs: [(outcome: String, participants: Int)])] {
    var order: [String] = []
    var byLadder: [String: [(outcome: String, participants: Int)]] = [:]
    for rung in rungs {
      if byLadder[rung.ladder] == nil { order.append(rung.ladder) }
      byLadder[rung.ladder, default: []].append(
        (rung.outcome, paid[ByteKey(rung.outcome)]?.count ?? 0))
    }
    return order.map { ($0, byLadder[$0]!) }
  }
}
