import Foundation

/// The most a card can pay: per participant (every outcome claimed as often as its limit
/// allows, at its highest price, within the per-participant cap) and in total (within the
/// contract cap and the outcomes' own caps). `nil` amounts are unbounded.
public struct Liability: Sendable {
  public struct Step: Sendable {
    public var outcome: String
    /// Claims a participant can be paid; nil means no limit.
    public var count: Int?
    /// The highest price; nil when it depends on claim data.
    public var price: Money?
    /// count × price; nil when unbounded.
    public var subtotal: Money?
  }

  public var currency: String
  /// The outcome path that reaches the per-participant maximum, most valuable first.
  public var path: [Step]
  /// The sum of the path before the per-participant cap; nil when unbounded.
  public var uncapped: Money?
  public var perParticipantCap: Money?
  /// The most one participant can be paid; nil when unbounded.
  public var perParticipant: Money?
  /// The most the contract can pay; nil when unbounded.
  public var total: Money?
  /// What bounds the total, in words.
  public var totalBoundBy: String

  public static func of(_ card: CheckedCard) -> Liability {
    let folder = ConstantFolder(card: card)
    func money(_ expression: Expression) -> Int64? {
      if case .money(let units)? = folder.fold(expression) { return units }
      if case .lookup(let table, _) = expression.kind, let info = card.tables[table.name] {
        return info.entries.compactMap { entry -> Int64? in
          if case .money(let money) = entry.value { return money.minorUnits }
          return nil
        }.max()
      }
      return nil
    }
    func count(_ limit: ClaimLimit) -> Int? {
      switch limit.count {
      case .once: return 1
      case .atMost(let n):
        if case .number(let value)? = folder.fold(n) {
          return NSDecimalNumber(decimal: value).intValue
        }
        return nil
      case .unlimited: return nil
      }
    }
    var path: [Step] = []
    var outcomeCeilings: [Int64?] = []
    for id in card.outcomeOrder {
      guard let info = card.outcomes[id] else { continue }
      var prices: [Int64?] = [info.price.flatMap(money)]
      var counts: [Int?] = [1]
      var capCount: Int?
      var capAmount: Int64?
      var contractCount: Int?
      var contractAmount: Int64?
      var sawLimit = false
      func read(_ clauses: [Clause]) {
        for clause in clauses {
          switch clause.kind {
          case .price(let price): prices.append(money(price))
          case .limit(let limit):
            if !sawLimit { counts = [] }
            sawLimit = true
            counts.append(count(limit))
          // A cap across the contract bounds one participant too; only it bounds the total.
          case .capCount(let n, let perParticipant):
            if case .number(let value)? = folder.fold(n) {
              capCount = min(capCount ?? .max, NSDecimalNumber(decimal: value).intValue)
              if !perParticipant { contractCount = NSDecimalNumber(decimal: value).intValue }
            }
          case .capAmount(let amount, let perParticipant):
            if case .money(let units)? = folder.fold(amount) {
              capAmount = min(capAmount ?? .max, units)
              if !perParticipant { contractAmount = units }
            }
          case .exception(let rule): read(rule.clauses)
          default: break
          }
        }
      }
      read(info.clauses)
      let price = prices.contains(where: { $0 == nil }) ? nil : prices.compactMap { $0 }.max()
      var claims: Int? =
        counts.contains(where: { $0 == nil }) ? nil : counts.compactMap { $0 }.max()
      if let capCount { claims = min(claims ?? capCount, capCount) }
      var subtotal: Int64? = price.flatMap { p in
        claims.map { Int64($0).multipliedReportingOverflow(by: p).partialValue }
      }
      if let capAmount { subtotal = min(subtotal ?? capAmount, capAmount) }
      path.append(
        Step(
          outcome: id, count: claims,
          price: price.map { Money(minorUnits: $0, currency: card.currency) },
          subtotal: subtotal.map { Money(minorUnits: $0, currency: card.currency) }))
      var ceiling: Int64?
      if let contractAmount { ceiling = contractAmount }
      if let contractCount, let price {
        ceiling = min(ceiling ?? .max, Int64(contractCount) * price)
      }
      outcomeCeilings.append(ceiling)
    }
    path.sort { ($0.subtotal?.minorUnits ?? .max) > ($1.subtotal?.minorUnits ?? .max) }
    let unbounded = path.contains { $0.subtotal == nil }
    let sum = path.compactMap { $0.subtotal?.minorUnits }.reduce(Int64(0)) { $0.saturatingAdd($1) }
    let participantCap = card.caps.first { $0.scope == .perParticipant }?.amount
    var perParticipant: Int64? = unbounded ? nil : sum
    if let cap = participantCap {
      perParticipant = min(perParticipant ?? cap.minorUnits, cap.minorUnits)
    }
    let contractCap = card.caps.first { $0.scope == .contract }?.amount
    var total: Int64?
    var boundBy =
      "nothing: without a contract cap or a cap on every outcome, the total is unbounded"
    if !outcomeCeilings.contains(where: { $0 == nil }) {
      total = outcomeCeilings.compactMap { $0 }.reduce(Int64(0)) { $0.saturatingAdd($1) }
      boundBy = "the outcomes' own caps"
    }
    if let contractCap, total == nil || contractCap.minorUnits < total! {
      total = contractCap.minorUnits
      boundBy = "the contract cap"
    }
    return Liability(
      currency: card.currency, path: path,
      uncapped: unbounded ? nil : Money(minorUnits: sum, currency: card.currency),
      perParticipantCap: participantCap,
      perParticipant: perParticipant.map { Money(minorUnits: $0, currency: card.currency) },
      total: total.map { Money(minorUnits: $0, currency: card.currency) }, totalBoundBy: boundBy)
  }
}
