import Foundation
import RateCard
import RateCardEngine

/// What the detectors read: the compiled card, its audit settings, participants and claims
/// (all claims, paid or not: gaming shows in what is claimed).
public struct AuditData: Sendable {
  public var card: CompiledCard
  public var settings: Settings
  public var participants: [ParticipantRecord]
  public var claims: [ClaimRecord]

  /// The audit settings with expressions compiled.
  public struct Settings: Sendable {
    public var highNeed: CompiledExpression?
    public var highNeedSource: String?
    public var thresholds: [Threshold]
    public var parkingAfterDays: Int
    public var surgeWindowDays: Int
    public var surgeDates: [DayNumber]
    /// The family-wise false-alarm rate, such as 0.01.
    public var alpha: Double
    public var minimumCases: Int
    /// The outcome ids named by `progress outcomes`, or nil for the default.
    public var progressOutcomeIDs: [String]?

    public struct Threshold: Sendable {
      public var value: CompiledExpression
      public var at: Double
      public var width: Double
      public var source: String
      public var isMoney: Bool
    }
  }

  /// `index` is each claim's participant when the loader has looked them up already.
  public init(
    checked: CheckedCard, participants: [ParticipantRecord], claims: [ClaimRecord],
    index: ClaimIndex? = nil
  ) {
    let card = Compiler.compile(checked)
    self.card = card
    self.participants = participants
    self.claims = claims
    (personProvider, providerNames) = AuditData.providers(participants)
    let index = index ?? ClaimIndex(claims: claims, participants: participants, card: card)
    claimPerson = index.person
    order = index.order
    claimOutcome = AuditData.outcomes(claims, card: card)
    let audit = checked.audit
    func days(_ duration: Duration, default fallback: Int) -> Int {
      let start = CalendarDate(year: 2000, month: 1, day: 1)!.dayNumber
      return CalendarArithmetic.add(duration, to: start).map { Int($0 - start) } ?? fallback
    }
    let thresholds = audit.thresholds.compactMap { threshold -> Settings.Threshold? in
      let compiled = Compiler.compileExpression(threshold.value, card: checked)
      switch (threshold.at, threshold.binWidth) {
      case (.number(let at), .number(let width)):
        return .init(
          value: compiled, at: (at as NSDecimalNumber).doubleValue,
          width: (width as NSDecimalNumber).doubleValue, source: threshold.source, isMoney: false)
      case (.money(let at), .money(let width)):
        return .init(
          value: compiled, at: Double(at.minorUnits), width: Double(width.minorUnits),
          source: threshold.source, isMoney: true)
      default: return nil
      }
    }
    let end = card.term.map { [$0.upperBound + 1] } ?? []
    settings = Settings(
      highNeed: audit.highNeed.map { Compiler.compileExpression($0, card: checked) },
      highNeedSource: audit.highNeed.map(ExpressionPrinter.print),
      thresholds: thresholds,
      parkingAfterDays: days(audit.parkingAfter, default: 180),
      surgeWindowDays: days(audit.surgeWindow, default: 56),
      surgeDates: Array(Set(audit.surgeDates.map(\.dayNumber) + end)).sorted(),
      alpha: (audit.significance as NSDecimalNumber).doubleValue / 100,
      minimumCases: audit.minimumCases,
      progressOutcomeIDs: audit.progressOutcomes)
  }

  /// The outcomes whose claims count as progress for the parking detector: those the audit
  /// block names in `progress outcomes`; by default, every outcome but the entry one
  /// (`CompiledCard.entryOutcome`).
  public var progressOutcomes: Set<Int> {
    if let named = settings.progressOutcomeIDs {
      return Set(named.compactMap { card.outcomePosition($0) })
    }
    let entry = card.entryOutcome
    return Set(card.outcomes.indices.filter { $0 != entry })
  }

  /// Per claim: its participant's position (`ClaimIndex`: the first row of an id wins, ids
  /// compared byte for byte) and its outcome's position, or -1 when the id is unknown. Built
  /// once, in parallel, and read by every detector, so no detector hashes an id.
  public let claimPerson: [Int32]
  public let claimOutcome: [Int32]
  /// The claims in evaluation order (`ClaimIndex.order`).
  public let order: [Int]
  /// Per participant: its provider's number in `providerNames` (sorted).
  public let personProvider: [Int32]
  public let providerNames: [String]

  static func providers(_ participants: [ParticipantRecord]) -> ([Int32], [String]) {
    var numbers: [ByteKey: Int32] = [:]
    var names: [String] = []
    let first = participants.map { participant -> Int32 in
      let name = providerName(participant)
      if let known = numbers[ByteKey(name)] { return known }
      numbers[ByteKey(name)] = Int32(names.count)
      names.append(name)
      return Int32(names.count - 1)
    }
    // Renumbered in name order, so every detector lists providers in the same order.
    let order = names.indices.sorted { names[$0] < names[$1] }
    var renumber = [Int32](repeating: 0, count: names.count)
    for (rank, old) in order.enumerated() { renumber[old] = Int32(rank) }
    return (first.map { renumber[Int($0)] }, order.map { names[$0] })
  }

  static func outcomes(_ claims: [ClaimRecord], card: CompiledCard) -> [Int32] {
    Parallel.array(count: claims.count) { range, emit -> Bool in
      for position in range {
        emit(card.outcomePosition(claims[position].outcome).map(Int32.init) ?? -1)
      }
      return true
    }.0
  }

  static func providerName(_ participant: ParticipantRecord) -> String {
    if case .text(let text) = participant.values[1] { return text }
    return ""
  }

  func provider(_ participant: ParticipantRecord) -> String { AuditData.providerName(participant) }

  func isHighNeed(_ participant: ParticipantRecord) -> Bool? {
    guard let highNeed = settings.highNeed else { return nil }
    return highNeed.evaluate(participant.values, []).isTrue
  }
}

extension Value {
  /// Numbers and money (in minor units) as a statistic.
  var number: Double? {
    switch self {
    case .number(let value): return (value as NSDecimalNumber).doubleValue
    case .money(let units): return Double(units)
    default: return nil
    }
  }
}
