import RateCard

/// A cap as the ledger names it. Messages are built from this, so every cap reads the same
/// way wherever it is mentioned.
public enum CapName: Sendable, Equatable, CustomStringConvertible {
  case claims(Int, outcome: String)
  case outcome(String, Int64, currency: String)
  case participant(Int64, currency: String)
  case payer(String, Int64, currency: String)
  case contract(Int64, currency: String)
  /// A cap on a ladder or a group, or any cap for each participant.
  case scoped(String, count: Int?, amount: Int64?, perParticipant: Bool, currency: String)

  public var description: String {
    func money(_ units: Int64, _ currency: String) -> String {
      Money(minorUnits: units, currency: currency).formatted
    }
    switch self {
    case .claims(let count, let outcome):
      return "the cap of \(count) claim\(count == 1 ? "" : "s") on \(outcome)"
    case .outcome(let outcome, let cap, let currency):
      return "the \(money(cap, currency)) cap on \(outcome)"
    case .participant(let cap, let currency):
      return "the \(money(cap, currency)) per-participant cap"
    case .payer(let payer, let cap, let currency):
      return "the \(money(cap, currency)) cap for payer \(payer)"
    case .contract(let cap, let currency): return "the \(money(cap, currency)) contract cap"
    case .scoped(let scope, let count, let amount, let perParticipant, let currency):
      let each = perParticipant ? " per participant" : ""
      if let count {
        return "the cap of \(count) claim\(count == 1 ? "" : "s")\(each) on \(scope)"
      }
      return
        "the \(money(amount ?? 0, currency))\(perParticipant ? " per-participant" : "") cap on \(scope)"
    }
  }
}
