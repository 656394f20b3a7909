import Dispatch
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

  /// Running totals over a range of entries; the ranges' totals are merged.
  struct Partial: Sendable {
    var counts = [0, 0, 0]
    var total: Int64 = 0
    var outcomes = IDTally(start: Line(key: ""), sharedStrings: true)
    var providers = IDTally(start: Line(key: ""), sharedStrings: true)
    var months: [Int: Line] = [:]
    var payerSums: [Int64]
    var perParticipant = IDTally<Int64>(start: 0)
    /// By `ReasonCode.allCases` position.
    var reasonCounts = Array(repeating: 0, count: ReasonCode.allCases.count)

    static let noMonth = Int.min

    init(payers: Int) { payerSums = Array(repeating: 0, count: payers) }

    static func add(_ line: inout Line, _ status: ClaimStatus, _ amount: Int64) {
      switch status {
      case .paid: line.paid += 1
      case .reduced: line.reduced += 1
      case .rejected: line.rejected += 1
      }
      line.amount = line.amount.saturatingAdd(amount)
    }

    static func merge(_ line: inout Line, _ other: Line) {
      line.paid += other.paid
      line.reduced += other.reduced
      line.rejected += other.rejected
      line.amount = line.amount.saturatingAdd(other.amount)
    }

    /// Entries `range`, read in place (copying an entry out would retain its strings).
    /// Groups are keyed by bytes (see `IDTally`) or by month number.
    mutating func add(
      _ entries: UnsafeBufferPointer<LedgerEntry>, _ range: Range<Int>, perParticipant: Bool
    ) {
      // Claims come in date order: a month is worked out only when the day changes, and a
      // month's rows are totalled on their own, then added to its line when the month ends.
      // (Amounts are never negative, so the saturating sums come out the same.)
      var last: (day: DayNumber?, month: Int)?
      var month = Line(key: "")
      for index in range {
        let entry = UnsafeMutablePointer(mutating: entries.baseAddress! + index)
        let status = entry.pointee.status
        let amount = entry.pointee.amount
        counts[status == .paid ? 0 : status == .reduced ? 1 : 2] += 1
        total = total.saturatingAdd(amount)
        outcomes.update(in: &entry.pointee.outcome) { Partial.add(&$0, status, amount) }
        providers.update(in: &entry.pointee.provider) { Partial.add(&$0, status, amount) }
        let day = entry.pointee.achievedOn
        if last == nil || last!.day != day {
          let number =
            day.map { day -> Int in
              let date = CalendarDate(dayNumber: day)
              return date.year * 12 + date.month - 1
            } ?? Partial.noMonth
          if let last, last.month != number {
            Partial.merge(&months[last.month, default: Line(key: "")], month)
            month = Line(key: "")
          }
          last = (day, number)
        }
        Partial.add(&month, status, amount)
        LedgerStream.inPlace(&entry.pointee.payerAmounts) { parts in
          for (payer, part) in parts.enumerated() {
            payerSums[payer] = payerSums[payer].saturatingAdd(part)
          }
        }
        // Only the highest total is read, and amounts are never negative: a row paying
        // nothing (most of them) need not have its participant's id hashed.
        if perParticipant && amount > 0 {
          self.perParticipant.update(in: &entry.pointee.participantID) { $0 += amount }
        }
        if status == .rejected {
          LedgerStream.inPlace(&entry.pointee.reasons) { reasons in
            for reason in reasons { reasonCounts[reason.position] += 1 }
          }
        }
      }
      if let last { Partial.merge(&months[last.month, default: Line(key: "")], month) }
    }

    mutating func merge(_ other: Partial) {
      for position in counts.indices { counts[position] += other.counts[position] }
      total = total.saturatingAdd(other.total)
      outcomes.merge(other.outcomes, Partial.merge)
      providers.merge(other.providers, Partial.merge)
      for (key, line) in other.months { Partial.merge(&months[key, default: Line(key: "")], line) }
      for payer in payerSums.indices {
        payerSums[payer] = payerSums[payer].saturatingAdd(other.payerSums[payer])
      }
      perParticipant.merge(other.perParticipant) { $0 += $1 }
      for position in reasonCounts.indices {
        reasonCounts[position] += other.reasonCounts[position]
      }
    }
  }

  public init(_ ledger: ClaimLedger) {
    let card = ledger.card
    // One pass over each part of the entries, on every core; the parts' totals are merged in
    // order.
    let entries = ledger.entries
    let count = entries.count
    let parts = Parallel.parts(for: count)
    let perParticipant = card.participantCap != nil
    let partials = Parallel.map(parts: parts) { part -> Partial in
      var partial = Partial(payers: card.payers.count)
      entries.withUnsafeBufferPointer { entries in
        partial.add(
          entries, (count * part / parts)..<(count * (part + 1) / parts),
          perParticipant: perParticipant)
      }
      return partial
    }
    var summed = Partial(payers: card.payers.count)
    for partial in partials { summed.merge(partial) }
    self.init(card: card, summed: summed)
  }

  /// The summary of a ledger whose entries have been totalled (`summed`).
  init(card: CompiledCard, summed: Partial) {
    let (counts, total, outcomes, providers, months) = (
      summed.counts, summed.total, summed.outcomes, summed.providers, summed.months
    )
    let noMonth = Partial.noMonth
    func lines<Key>(_ groups: some Sequence<(Key, Line)>, name: (Key) -> String) -> [Line] {
      groups.map { key, line in
        var line = line
        line.key = name(key)
        return line
      }.sorted { $0.key < $1.key }
    }
    claims = counts.reduce(0, +)
    paid = counts[0]
    reduced = counts[1]
    rejected = counts[2]
    self.total = total
    let order = Dictionary(uniqueKeysWithValues: card.outcomes.enumerated().map { ($1.id, $0) })
    byOutcome = lines(outcomes.entries) { $0 }.sorted {
      (order[$0.key] ?? .max, $0.key) < (order[$1.key] ?? .max, $1.key)
    }
    byProvider = lines(providers.entries) { $0 }
    byMonth = lines(months.map { ($0.key, $0.value) }) { month in
      month == noMonth
        ? "(no date)"
        : String(
          CalendarDate(year: month / 12, month: month % 12 + 1, day: 1)!.description.prefix(7))
    }
    byPayer = card.payers.enumerated().map { index, payer in (payer.id, summed.payerSums[index]) }
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
        let used = members.map { outcomes[$0.text]?.amount ?? 0 }.saturatingSum()
        caps.append(CapLine(name: pool.label, cap: cap, used: used))
      }
    }
    if let cap = card.participantCap {
      let highest = summed.perParticipant.values.max() ?? 0
      caps.append(CapLine(name: "per participant (highest paid)", cap: cap, used: highest))
    }
    self.caps = caps
    reasons = zip(ReasonCode.allCases, summed.reasonCounts).filter { $0.1 > 0 }
      .map { ($0.0.rawValue, $0.1) }
      .sorted { ($1.1, $0.0) < ($0.1, $1.0) }
  }
}

extension LedgerSummary {
  /// A summary totalled block by block while the ledger is still being decided, on a thread
  /// of its own: the JSON ledger ends with its summary, and totalling a million entries after
  /// the last row had been written was a fifth of a second on the critical path. The totals
  /// are those of `LedgerSummary(ledger)`, whose parts are merged in the same order.
  public final class Running: @unchecked Sendable {
    private let queue = DispatchQueue(label: "ratecard.ledger-summary")
    /// Read and changed only on `queue`.
    private var summed: Partial
    private let perParticipant: Bool
    private let card: CompiledCard

    public init(card: CompiledCard) {
      self.card = card
      summed = Partial(payers: card.payers.count)
      perParticipant = card.participantCap != nil
    }

    /// Totals `rows`, on the summary's thread, while the caller goes on (writing them, say).
    /// The rows must stay where they are, unchanged, until `settle` returns.
    public func add(_ rows: UnsafeBufferPointer<LedgerEntry>) {
      let rows = Rows(entries: rows)
      queue.async { [self] in
        summed.add(rows.entries, rows.entries.indices, perParticipant: perParticipant)
      }
    }

    /// Returns once every block handed to `add` has been totalled.
    public func settle() { queue.sync {} }

    /// The summary of every row handed to `add`.
    public func summary() -> LedgerSummary {
      LedgerSummary(card: card, summed: queue.sync { self.summed })
    }

    private struct Rows: @unchecked Sendable {
      let entries: UnsafeBufferPointer<LedgerEntry>
    }
  }
}
