import RateCard

/// One row of the ledger: what happened to one input claim and why.
public struct LedgerEntry: Sendable, Equatable {
  // The fields are laid out widest first, so a million entries waste no padding.
  public var claimID: String
  public var participantID: String
  public var provider: String
  public var outcome: String
  public var version: String
  /// Minor units paid (0 when rejected).
  public var amount: Int64
  /// Minor units per payer, in the card's payer order; they add up to `amount`.
  public var payerAmounts: [Int64]
  public var reasons: [ReasonCode]
  /// The data row of the claim, or nil for inline tests.
  public var row: Int?
  public var achievedOn: DayNumber?
  public var status: ClaimStatus
  /// Why, as typed data: the message is rendered from it only when it is read (when the row
  /// is written, which happens on every core), never in the evaluation pass.
  var detail: Detail

  /// The plain-English message of the row.
  public var message: String {
    get { detail.message }
    set { detail = .text(newValue) }
  }

  init(
    claimID: String, participantID: String, provider: String, outcome: String,
    achievedOn: DayNumber?, version: String, status: ClaimStatus, amount: Int64,
    payerAmounts: [Int64], reasons: [ReasonCode], detail: Detail = .text(""), row: Int?
  ) {
    self.claimID = claimID
    self.participantID = participantID
    self.provider = provider
    self.outcome = outcome
    self.achievedOn = achievedOn
    self.version = version
    self.status = status
    self.amount = amount
    self.payerAmounts = payerAmounts
    self.reasons = reasons
    self.detail = detail
    self.row = row
  }

  public static func == (a: LedgerEntry, b: LedgerEntry) -> Bool {
    a.claimID == b.claimID && a.participantID == b.participantID && a.provider == b.provider
      && a.outcome == b.outcome && a.achievedOn == b.achievedOn && a.version == b.version
      && a.status == b.status && a.amount == b.amount && a.payerAmounts == b.payerAmounts
      && a.reasons == b.reasons && a.row == b.row && a.message == b.message
  }

  enum Detail: Sendable {
    case text(String)
    case paid(Int64, currency: String)
    /// Boxed: rare, and the widest case, which would otherwise set every entry's size.
    indirect case reduced(from: Int64, to: Int64, binding: CapName?, currency: String)
    case rejected(Findings)

    /// What a message worded from the card and the amount alone depends on: two details with
    /// the same key have the same message, byte for byte (keys compare text by its bytes), so a
    /// writer can word it once. nil for the rest (most of them name the claim's own data).
    enum MessageKey: Hashable {
      case paid(Int64, currency: ByteKey)
      case notAchieved(ByteKey)
    }

    var messageKey: MessageKey? {
      switch self {
      case .paid(let amount, let currency): return .paid(amount, currency: ByteKey(currency))
      case .rejected(let findings):
        // A requirement's id is the card's.
        guard findings.list.count == 1, case .notAchieved(let id) = findings.list[0] else {
          return nil
        }
        return .notAchieved(ByteKey(id))
      case .text, .reduced: return nil
      }
    }

    var message: String {
      ByteOutput.text { word(into: &$0) }
    }

    /// The one place a ledger row's message is worded, straight into bytes.
    func word(into out: inout ByteOutput) {
      switch self {
      case .text(let text): out.append(text)
      case .paid(let amount, let currency):
        out.append("paid ")
        out.append(Money(minorUnits: amount, currency: currency).formatted)
      case .reduced(let price, let amount, let binding, let currency):
        out.append("reduced from ")
        out.append(Money(minorUnits: price, currency: currency).formatted)
        out.append(" to ")
        out.append(Money(minorUnits: amount, currency: currency).formatted)
        out.append(": ")
        out.append(binding?.description ?? "a cap")
        out.append(" is reached")
      case .rejected(let findings): findings.word(into: &out)
      }
    }
  }
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
