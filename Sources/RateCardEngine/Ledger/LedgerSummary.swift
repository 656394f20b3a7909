import RateCard

/// Totals over a ledger: by outcome, provider, payer and month, and how much room each cap
/// has left.
public struct LedgerSummary: Sendable {
  public struct Line: Sendable, Equatable {
    public var key: String
    public var paid = 0
    public var reduced = 0
    public var rejected = 0
    public var amount: Int64 = 0
  }

  public struct CapLine: Sendable, Equatable {
    public var name: String
    public var cap: Int64
    public var used: Int64
    public var headroom: Int64 { max(0, cap - used) }
  }

  public var claims: Int
  public var paid: Int
  public var reduced: Int
  public var rejected: Int
  public var total: Int64
  public var byOutcome: [Line]
  public var byProvider: [Line]
  public var byMonth: [Line]
  /// Amount per payer, in the card's payer order.
  public var byPayer: [(payer: String, amount: Int64)]
  public var caps: [CapLine]
  /// How many claims were rejected for each reason.
  public var reasons: [(reason: String, count: Int)]

  public init(_ ledger: ClaimLedger) {
    let card = ledger.card
    claims = ledger.entries.count
    paid = ledger.count(.paid)
    reduced = ledger.count(.reduced)
    rejected = ledger.count(.rejected)
    total = ledger.total
    func group(_ key: (LedgerEntry) -> String) -> [Line] {
      var lines: [String: Line] = [:]
      for entry in ledger.entries {
        let name = key(entry)
        var line = lines[name] ?? Line(key: name)
        switch entry.status {
        case .paid: line.paid += 1
        case .reduced: line.reduced += 1
        case .rejected: line.rejected += 1
        }
        line.amount = line.amount.saturatingAdd(entry.amount)
        lines[name] = line
      }
      return lines.values.sorted { $0.key < $1.key }
    }
    let order = Dictionary(uniqueKeysWithValues: card.outcomes.enumerated().map { ($1.id, $0) })
    byOutcome = group(\.outcome).sorted {
      (order[$0.key] ?? .max, $0.key) < (order[$1.key] ?? .max, $1.key)
    }
    byProvider = group(\.provider)
    byMonth = group { entry in
      entry.achievedOn.map { String(CalendarDate(dayNumber: $0).description.prefix(7)) }
        ?? "(no date)"
    }
    byPayer = card.payers.enumerated().map { index, payer in
      (payer.id, ledger.entries.lazy.map { $0.payerAmounts[index] }.saturatingSum())
    }
    var caps: [CapLine] = []
    if let cap = card.contractCap { caps.append(CapLine(name: "contract", cap: cap, used: total)) }
    for (index, cap) in card.payerCaps.sorted(by: { $0.key < $1.key }) {
      caps.append(
        CapLine(name: "payer \(card.payers[index].id)", cap: cap, used: byPayer[index].amount))
    }
    // The other amount caps across the contract: outcomes', ladders' and groups'.
    var seen: Set<String> = ["contract"]
    for outcome in card.outcomes {
      for pool in outcome.caps where !pool.perParticipant && seen.insert(pool.key).inserted {
        guard let cap = pool.amount else { continue }
        let members = Set(
          card.outcomes.filter { $0.caps.contains { $0.key == pool.key } }.map(\.id))
        let used = ledger.entries.lazy.filter { members.contains($0.outcome) }.map(\.amount)
          .saturatingSum()
        caps.append(CapLine(name: pool.label, cap: cap, used: used))
      }
    }
    if let cap = card.participantCap {
      var perParticipant: [String: Int64] = [:]
      for entry in ledger.entries {
        perParticipant[entry.participantID, default: 0] += entry.amount
      }
      let highest = perParticipant.values.max() ?? 0
      caps.append(CapLine(name: "per participant (highest paid)", cap: cap, used: highest))
    }
    self.caps = caps
    var reasonCounts: [String: Int] = [:]
    for entry in ledger.entries where entry.status == .rejected {
      for reason in entry.reasons { reasonCounts[reason.rawValue, default: 0] += 1 }
    }
    reasons = reasonCounts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
      ($0.key, $0.value)
    }
  }
}
