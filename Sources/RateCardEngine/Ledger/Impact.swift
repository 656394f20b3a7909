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
    self.from = from
    self.to = to
    currency = after.card.currency
    totalBefore = before.total
    totalAfter = after.total
    // One pass over each ledger, on its own core, reading entries in place rather than
    // copying each; groups keyed by bytes (see `IDTally`).
    struct Sums: Sendable {
      var outcomes = IDTally<Int64>(start: 0)
      var providers = IDTally<Int64>(start: 0)
      var payers: [Int64]
    }
    let payerCount = after.card.payers.count
    @Sendable func sums(_ ledger: ClaimLedger) -> Sums {
      var sums = Sums(payers: Array(repeating: 0, count: payerCount))
      ledger.entries.withUnsafeBufferPointer { entries in
        for index in entries.indices {
          let amount = entries[index].amount
          sums.outcomes.update(entries[index].outcome) { $0 += amount }
          sums.providers.update(entries[index].provider) { $0 += amount }
          for (payer, part) in entries[index].payerAmounts.enumerated()
          where payer < sums.payers.count {
            sums.payers[payer] = sums.payers[payer].saturatingAdd(part)
          }
        }
      }
      return sums
    }
    let (old, new) = Parallel.both({ sums(before) }, { sums(after) })
    func deltas(_ old: IDTally<Int64>, _ new: IDTally<Int64>) -> [Delta] {
      var keys = Set(old.ids.map(ByteKey.init))
      keys.formUnion(new.ids.map(ByteKey.init))
      return keys.map { Delta(key: $0.text, before: old[$0.text] ?? 0, after: new[$0.text] ?? 0) }
        .sorted { ($0.change.magnitude, $1.key) > ($1.change.magnitude, $0.key) }
    }
    byOutcome = deltas(old.outcomes, new.outcomes)
    byProvider = deltas(old.providers, new.providers)
    byPayer = after.card.payers.enumerated().map { index, payer in
      Delta(key: payer.id, before: old.payers[index], after: new.payers[index])
    }
    // Both ledgers list every claim in the same evaluation order.
    var changed: [ChangedClaim] = []
    before.entries.withUnsafeBufferPointer { old in
      after.entries.withUnsafeBufferPointer { new in
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
    changedClaims = changed.sorted {
      (($0.after.amount - $0.before.amount).magnitude, $1.claimID)
        > (($1.after.amount - $1.before.amount).magnitude, $0.claimID)
    }
    self.liabilityBefore = liabilityBefore
    self.liabilityAfter = liabilityAfter
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
