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
    // One pass, reading each entry's fields in place (a `for entry in` loop would copy every
    // entry, retaining its strings). Groups are keyed by bytes (see `ByteKey`) or by month
    // number; each group's name is made once.
    var counts = [0, 0, 0]
    var total: Int64 = 0
    var outcomes: [ByteKey: Line] = [:]
    var providers: [ByteKey: Line] = [:]
    var months: [Int: Line] = [:]
    var payerSums = Array(repeating: Int64(0), count: card.payers.count)
    var perParticipant: [ByteKey: Int64] = [:]
    var outcomeSums: [ByteKey: Int64] = [:]
    var reasonCounts: [String: Int] = [:]
    func add(_ line: inout Line, _ status: ClaimStatus, _ amount: Int64) {
      switch status {
      case .paid: line.paid += 1
      case .reduced: line.reduced += 1
      case .rejected: line.rejected += 1
      }
      line.amount = line.amount.saturatingAdd(amount)
    }
    let noMonth = Int.min
    ledger.entries.withUnsafeBufferPointer { entries in
      for index in entries.indices {
        let status = entries[index].status
        let amount = entries[index].amount
        counts[status == .paid ? 0 : status == .reduced ? 1 : 2] += 1
        total = total.saturatingAdd(amount)
        add(&outcomes[ByteKey(entries[index].outcome), default: Line(key: "")], status, amount)
        add(&providers[ByteKey(entries[index].provider), default: Line(key: "")], status, amount)
        let month = entries[index].achievedOn.map { day -> Int in
          let date = CalendarDate(dayNumber: day)
          return date.year * 12 + date.month - 1
        }
        add(&months[month ?? noMonth, default: Line(key: "")], status, amount)
        for (payer, part) in entries[index].payerAmounts.enumerated() {
          payerSums[payer] = payerSums[payer].saturatingAdd(part)
        }
        if card.participantCap != nil {
          perParticipant[ByteKey(entries[index].participantID), default: 0] += amount
        }
        outcomeSums[ByteKey(entries[index].outcome), default: 0] += amount
        if status == .rejected {
          for reason in entries[index].reasons { reasonCounts[reason.rawValue, default: 0] += 1 }
        }
      }
    }
    func lines<Key>(_ groups: [Key: Line], name: (Key) -> String) -> [Line] {
      groups.map { key, line in
        var line = line
        line.key = name(key)
        return line
      }.sorted { $0.key < $1.key }
    }
    claims = ledger.entries.count
    paid = counts[0]
    reduced = counts[1]
    rejected = counts[2]
    self.total = total
    let order = Dictionary(uniqueKeysWithValues: card.outcomes.enumerated().map { ($1.id, $0) })
    byOutcome = lines(outcomes, name: \.text).sorted {
      (order[$0.key] ?? .max, $0.key) < (order[$1.key] ?? .max, $1.key)
    }
    byProvider = lines(providers, name: \.text)
    byMonth = lines(months) { month in
      month == noMonth
        ? "(no date)"
        : String(
          CalendarDate(year: month / 12, month: month % 12 + 1, day: 1)!.description.prefix(7))
    }
    byPayer = card.payers.enumerated().map { index, payer in (payer.id, payerSums[index]) }
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
          card.outcomes.filter { $0.caps.contains { $0.key == pool.key } }.map { ByteKey($0.id) })
        let used = members.map { outcomeSums[$0] ?? 0 }.saturatingSum()
        caps.append(CapLine(name: pool.label, cap: cap, used: used))
      }
    }
    if let cap = card.participantCap {
      let highest = perParticipant.values.max() ?? 0
      caps.append(CapLine(name: "per participant (highest paid)", cap: cap, used: highest))
    }
    self.caps = caps
    reasons = reasonCounts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
      ($0.key, $0.value)
    }
  }
}
