import RateCard

/// One row of the ledger: what happened to one input claim and why.
public struct LedgerEntry: Sendable, Equatable {
  public var claimID: String
  public var participantID: String
  public var provider: String
  public var outcome: String
  public var achievedOn: DayNumber?
  public var version: String
  public var status: ClaimStatus
  /// Minor units paid (0 when rejected).
  public var amount: Int64
  /// Minor units per payer, in the card's payer order; they add up to `amount`.
  public var payerAmounts: [Int64]
  public var reasons: [ReasonCode]
  public var message: String
  /// The data row of the claim, or nil for inline tests.
  public var row: Int?
}

/// The ledger: exactly one entry per input claim, in evaluation order (achieved date, then
/// claim id), whatever order the data came in.
public struct ClaimLedger: Sendable {
  public var card: CompiledCard
  public var entries: [LedgerEntry]
  /// Why a claim got its status, step by step, for the claim that was asked about.
  public var explanation: [String]

  public var total: Int64 { entries.lazy.map(\.amount).saturatingSum() }

  public func entry(_ claimID: String) -> LedgerEntry? {
    entries.first { $0.claimID == claimID }
  }

  public func count(_ status: ClaimStatus) -> Int {
    entries.reduce(0) { $0 + ($1.status == status ? 1 : 0) }
  }
}
