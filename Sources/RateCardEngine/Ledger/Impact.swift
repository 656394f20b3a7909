import Foundation
import RateCard

/// The same claims under two versions of a card (each as `eval --version`): what a revision
/// would change, for a change panel to see before it agrees (docs/change-panels.md).
public struct Impact: Sendable {
  public struct Delta: Sendable, Equatable {
    public var key: String
    public var before: Int64
    public var after: Int64
    public var change: Int64 { after - before }
  }

  public struct ChangedClaim: Sendable, Equatable {
    public var claimID: String
    public var outcome: String
    public var provider: String
    public var before: LedgerEntry
    public var after: LedgerEntry
  }

  public var from: String
  public var to: String
  public var currency: String
  public var totalBefore: Int64
  public var totalAfter: Int64
  public var delta: Int64 { totalAfter - totalBefore }
  public var byOutcome: [Delta]
  public var byProvider: [Delta]
  public var byPayer: [Delta]
  /// Claims whose status or amount differs, the biggest change in amount first.
  public var changedClaims: [ChangedClaim]
  public var liabilityBefore: Liability
  public var liabilityAfter: Liability

  public init(
    before: ClaimLedger, after: ClaimLedger, from: String, to: String, liabilityBefore: Liability,
    liabilityAfter: Liability
  ) {
    let pairs = Pairs(card: after.card)
    before.entries.withUnsafeBufferPointer { old in
      after.entries.withUnsafeBufferPointer { new in
        pairs.add(
          UnsafeBufferPointer(rebasing: old[..<min(old.count, new.count)]),
          UnsafeBufferPointer(rebasing: new[..<min(old.count, new.count)]))
      }
    }
    self.init(
      pairs, from: from, to: to, liabilityBefore: liabilityBefore, liabilityAfter: liabilityAfter)
  }

  /// The impact of every pair of rows handed to `pairs`.
  public init(
    _ pairs: Pairs, from: String, to: String, liabilityBefore: Liability,
    liabilityAfter: Liability
  ) {
    self.from = from
    self.to = to
    currency = pairs.card.currency
    let (old, new) = (pairs.sums[0], pairs.sums[1])
    totalBefore = old.total
    totalAfter = new.total
    func deltas(_ old: IDTally<Int64>, _ new: IDTally<Int64>) -> [Delta] {
      var keys = Set(old.ids.map(ByteKey.init))
      keys.formUnion(new.ids.map(ByteKey.init))
      return keys.map { Delta(key: $0.text, before: old[$0.text] ?? 0, after: new[$0.text] ?? 0) }
        .sorted { ($0.change.magnitude, $1.key) > ($1.change.magnitude, $0.key) }
    }
    byOutcome = deltas(old.outcomes, new.outcomes)
    byProvider = deltas(old.providers, new.providers)
    byPayer = pairs.card.payers.enumerated().map { index, payer in
      Delta(key: payer.id, before: old.payers[index], after: new.payers[index])
    }
    changedClaims = pairs.changed.sorted {
      (($0.after.amount - $0.before.amount).magnitude, $1.claimID)
        > (($1.after.amount - $1.before.amount).magnitude, $0.claimID)
    }
    self.liabilityBefore = liabilityBefore
    self.liabilityAfter = liabilityAfter
  }

  /// The same claims priced under `before` and `after` (two forced histories) and compared.
  /// On several cores both versions are decided at once and their rows compared block by
  /// block as they come (`Pairing`), so neither ledger is kept whole; on one
  /// (`RATECARD_THREADS=1`) the two run one after the other and their ledgers are compared
  /// whole. `progress` hears each side's count (0 before, 1 after).
  public static func priced(
    before: VersionedCard, after: VersionedCard, participants: [ParticipantRecord],
    claims: [ClaimRecord], index: ClaimIndex, from: String, to: String,
    liabilityBefore: Liability, liabilityAfter: Liability,
    progress: (@Sendable (_ side: Int, _ done: Int) -> Void)? = nil
  ) -> Impact {
    let pairs = Pairs(card: after.latest)
    let pairing = Parallel.cores > 1 ? Pairing(pairs) : nil
    @Sendable func evaluate(_ history: VersionedCard, side: Int) -> ClaimLedger {
      Evaluator.evaluate(
        history, participants: participants, claims: claims,
        progress: progress.map { heard in { heard(side, $0) } }, index: index,
        rows: pairing?.rows(side: side), keepingRows: pairing == nil)
    }
    guard pairing != nil else {
      return Impact(
        before: evaluate(before, side: 0), after: evaluate(after, side: 1), from: from, to: to,
        liabilityBefore: liabilityBefore, liabilityAfter: liabilityAfter)
    }
    // The rows were compared as they came; the ledgers returned hold none.
    _ = Parallel.together({ evaluate(before, side: 0) }, { evaluate(after, side: 1) })
    return Impact(
      pairs, from: from, to: to, liabilityBefore: liabilityBefore, liabilityAfter: liabilityAfter)
  }

  /// The two ledgers' rows, compared pair by pair as they are handed on: each side's totals,
  /// and a copy of only the rows whose claim changed. `impact` hands it each block of rows of
  /// the two evaluations as both are decided (see `Pairing`), so neither ledger is kept whole.
  public final class Pairs: @unchecked Sendable {
    struct Sums {
      var total: Int64 = 0
      var outcomes = IDTally<Int64>(start: 0, sharedStrings: true)
      var providers = IDTally<Int64>(start: 0, sharedStrings: true)
      var payers: [Int64]
    }

    let card: CompiledCard
    /// Before, after. Changed only by `add`, which one thread calls at a time.
    private(set) var sums: [Sums]
    private(set) var changed: [ChangedClaim] = []

    public init(card: CompiledCard) {
      self.card = card
      sums = Array(repeating: Sums(payers: Array(repeating: 0, count: card.payers.count)), count: 2)
    }

    /// Rows `old` and `new`, the same claims in the same order under the two versions. They
    /// are read in place (copying an entry out would retain its strings); groups are keyed by
    /// bytes (see `IDTally`).
    public func add(
      _ old: UnsafeBufferPointer<LedgerEntry>, _ new: UnsafeBufferPointer<LedgerEntry>
    ) {
      for (side, rows) in [old, new].enumerated() {
        for index in rows.indices {
          let row = UnsafeMutablePointer(mutating: rows.baseAddress! + index)
          let amount = row.pointee.amount
          sums[side].total = sums[side].total.saturatingAdd(amount)
          sums[side].outcomes.update(in: &row.pointee.outcome) { $0 += amount }
          sums[side].providers.update(in: &row.pointee.provider) { $0 += amount }
          for (payer, part) in rows[index].payerAmounts.enumerated()
          where payer < sums[side].payers.count {
            sums[side].payers[payer] = sums[side].payers[payer].saturatingAdd(part)
          }
        }
      }
      for index in old.indices where index < new.count {
        if old[index].status != new[index].status || old[index].amount != new[index].amount
          || old[index].reasons != new[index].reasons
        {
          changed.append(
            ChangedClaim(
              claimID: new[index].claimID, outcome: new[index].outcome,
              provider: new[index].provider, before: old[index], after: new[index]))
        }
      }
    }
  }

  /// Brings the blocks of rows of two evaluations of the same claims together: each side's
  /// block waits in its callback (see `Evaluator.RowBlocks`) until the other side's block of
  /// the same rows has come, and the later of the two hands both to `pairs`. Each evaluation
  /// can then release its rows as they are compared.
  public final class Pairing: @unchecked Sendable {
    private let pairs: Pairs
    private let lock = NSLock()
    /// The side waiting with its block, if one is.
    private var waiting: (side: Int, rows: UnsafeBufferPointer<LedgerEntry>, first: Int)?
    /// By side: its block has been compared (each side waits on its own, so a side that has
    /// gone on to wait with its next block never takes the other's signal).
    private let compared = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]

    public init(_ pairs: Pairs) { self.pairs = pairs }

    /// The callback for side 0 (before) or 1 (after).
    public func rows(side: Int) -> Evaluator.RowBlocks {
      { [self] rows, first in
        lock.lock()
        guard let other = waiting else {
          waiting = (side, rows, first)
          lock.unlock()
          // The other side compares both blocks, then lets this one go on.
          compared[side].wait()
          return
        }
        waiting = nil
        lock.unlock()
        precondition(other.side != side && other.first == first, "blocks come in step")
        if side == 0 { pairs.add(rows, other.rows) } else { pairs.add(other.rows, rows) }
        compared[other.side].signal()
      }
    }
  }
}

/// `ratecard impact` output: one screen a panel can read in a meeting (totals first, the
/// biggest changes next, details after), or JSON with the keys docs/cli.md fixes.
public enum ImpactWriter {
  public static func json(_ impact: Impact) -> String {
    func amount(_ units: Int64) -> JSONValue { .string(LedgerWriter.decimal(units)) }
    func deltas(_ lines: [Impact.Delta]) -> JSONValue {
      .array(
        lines.map {
          .object([
            "key": .string($0.key), "before": amount($0.before), "after": amount($0.after),
            "delta": amount($0.change),
          ])
        })
    }
    func entry(_ entry: LedgerEntry) -> JSONValue {
      .object([
        "status": .string(entry.status.rawValue), "amount": amount(entry.amount),
        "reasons": .array(entry.reasons.map { .string($0.rawValue) }),
        "card_version": .string(entry.version),
      ])
    }
    func liability(_ liability: Liability) -> JSONValue {
      .object([
        "per_participant": liability.perParticipant.map { amount($0.minorUnits) } ?? .null,
        "total": liability.total.map { amount($0.minorUnits) } ?? .null,
      ])
    }
    return JSONValue.object([
      "from": .object(["version": .string(impact.from), "total": amount(impact.totalBefore)]),
      "to": .object(["version": .string(impact.to), "total": amount(impact.totalAfter)]),
      "delta": amount(impact.delta),
      "by_outcome": deltas(impact.byOutcome), "by_provider": deltas(impact.byProvider),
      "by_payer": deltas(impact.byPayer),
      "changed_claims": .array(
        impact.changedClaims.map {
          .object([
            "claim_id": .string($0.claimID), "outcome": .string($0.outcome),
            "provider": .string($0.provider), "before": entry($0.before), "after": entry($0.after),
          ])
        }),
      "liability": .object([
        "from": liability(impact.liabilityBefore), "to": liability(impact.liabilityAfter),
      ]),
    ]).rendered()
  }

  public static func table(_ impact: Impact, rows: Int = 10) -> String {
    func money(_ units: Int64) -> String {
      Money(minorUnits: units, currency: impact.currency).formatted
    }
    func signed(_ units: Int64) -> String { (units > 0 ? "+" : "") + money(units) }
    func percent(_ before: Int64, _ after: Int64) -> String {
      guard before != 0 else { return "" }
      let tenths = (after - before) * 1000 / before
      return " (\(tenths >= 0 ? "+" : "-")\(tenths.magnitude / 10).\(tenths.magnitude % 10)%)"
    }
    var out = "Impact of \(impact.to) against \(impact.from) on the same claims\n\n"
    out += LedgerWriter.aligned(
      [
        ["total under \(impact.from)", money(impact.totalBefore)],
        ["total under \(impact.to)", money(impact.totalAfter)],
        ["change", signed(impact.delta) + percent(impact.totalBefore, impact.totalAfter)],
        ["claims that change", "\(impact.changedClaims.count)"],
      ], rightAligned: [1])
    func section(_ title: String, _ lines: [Impact.Delta]) {
      let moved = lines.filter { $0.change != 0 }
      guard !moved.isEmpty else { return }
      out += "\n\(title)\n"
      out += LedgerWriter.aligned(
        [["", impact.from, impact.to, "change"]]
          + moved.prefix(rows).map {
            [$0.key, money($0.before), money($0.after), signed($0.change)]
          }, rightAligned: [1, 2, 3], indent: "  ")
      if moved.count > rows { out += "  ... and \(moved.count - rows) more\n" }
    }
    section("Biggest changes by outcome", impact.byOutcome)
    section("By provider", impact.byProvider)
    section("By payer", impact.byPayer)
    if !impact.changedClaims.isEmpty {
      out += "\nClaims that change (biggest first)\n"
      out += LedgerWriter.aligned(
        [["claim", "outcome", impact.from, impact.to, "why"]]
          + impact.changedClaims.prefix(rows).map { claim in
            [
              claim.claimID, claim.outcome,
              "\(claim.before.status.rawValue) \(money(claim.before.amount))",
              "\(claim.after.status.rawValue) \(money(claim.after.amount))",
              (claim.after.reasons.isEmpty ? claim.before.reasons : claim.after.reasons).map(
                \.rawValue
              )
              .joined(separator: ", "),
            ]
          }, rightAligned: [], indent: "  ")
      if impact.changedClaims.count > rows {
        out +=
          "  ... and \(impact.changedClaims.count - rows) more (--format json lists them all)\n"
      }
    }
    func most(_ money: Money?) -> String { money?.formatted ?? "unbounded" }
    out += "\nWorst case under the caps\n"
    out += LedgerWriter.aligned(
      [
        ["", impact.from, impact.to],
        [
          "per participant", most(impact.liabilityBefore.perParticipant),
          most(impact.liabilityAfter.perParticipant),
        ],
        ["contract", most(impact.liabilityBefore.total), most(impact.liabilityAfter.total)],
      ], rightAligned: [1, 2], indent: "  ")
    return out
  }
}
