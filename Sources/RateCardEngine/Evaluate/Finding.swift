import RateCard

/// Why a claim is not paid in full, as typed data. The evaluator records findings; their
/// English is rendered once, in `message(currency:)`, so every reason reads the same way
/// wherever it appears and a cause found by two rules is said once.
public enum Finding: Sendable, Equatable {
  case unknownParticipant(String)
  case unknownOutcome(String, suggestion: String?)
  case duplicateClaimID(String)
  case invalidClaim([String])
  case invalidParticipant(String, [String])
  /// A clause the compiler could not resolve (the checker reports these first).
  case unresolvedRule(String)
  case outsideTerm(from: DayNumber, to: DayNumber)
  case noReferralDate
  case notStarted
  /// An outcome the claim needs (by `requires`, or as an anchor) was never achieved.
  case notAchieved(String)
  /// None of these outcomes was achieved (for this instance, when `instance` says which).
  case noneAchieved([String], instance: String)
  case previousRungNotAchieved(String)
  case emptyAnchorDate
  case beforeAnchor(anchor: String, on: DayNumber)
  case tooEarly(achieved: DayNumber, rule: String, earliest: DayNumber)
  case tooLate(achieved: DayNumber, rule: String, latest: DayNumber)
  case durationNotComputed(anchor: String)
  case durationNotAddable(Duration)
  case evidenceMissing(rule: String, supplied: [String])
  case evidenceTooWeak(EvidenceStrength)
  case conditionNotMet(String)
  /// A milestone rung whose measure has not reached the milestone (or is empty).
  case milestoneNotReached(measure: String, milestone: String)
  case excluded(String)
  case notByException(name: String, condition: String)
  case limitReached(rule: String, problems: [LimitProblem])
  case priceNotComputed(String)
  case capReached(CapName?)
  /// Achieved in a period whose payments are suspended.
  case paymentSuspended(String, from: DayNumber, to: DayNumber)
  /// The outcome was retired by a revision before the version that prices the claim.
  case retired(String, by: String, on: DayNumber?)
  /// The outcome is added by a later revision than the version that prices the claim.
  case notInForce(String, by: String?, on: DayNumber?)

  public enum LimitProblem: Sendable, Equatable {
    case count(achieved: Int, limit: Int)
    case sameKind
    case notHigherOrDifferent
    case tooSoon(gap: Duration, last: DayNumber)
    case gapEmpty
  }

  public var code: ReasonCode {
    switch self {
    case .unknownParticipant: return .unknownParticipant
    case .unknownOutcome: return .unknownOutcome
    case .duplicateClaimID: return .duplicateClaimID
    case .invalidClaim, .invalidParticipant, .unresolvedRule, .noReferralDate,
      .durationNotComputed, .durationNotAddable, .priceNotComputed:
      return .invalidData
    case .outsideTerm: return .outsideTerm
    case .notStarted: return .notStarted
    case .notAchieved, .noneAchieved: return .prerequisiteMissing
    case .previousRungNotAchieved: return .previousRungMissing
    case .emptyAnchorDate, .conditionNotMet, .milestoneNotReached: return .conditionNotMet
    case .beforeAnchor, .tooEarly: return .tooEarly
    case .tooLate: return .tooLate
    case .evidenceMissing: return .evidenceMissing
    case .evidenceTooWeak: return .evidenceTooWeak
    case .excluded: return .excluded
    case .notByException: return .notByException
    case .limitReached: return .limitReached
    case .capReached: return .capReached
    case .paymentSuspended: return .paymentSuspended
    case .retired: return .retired
    case .notInForce: return .notInForce
    }
  }

  public var message: String {
    func day(_ number: DayNumber) -> String { CalendarDate(dayNumber: number).description }
    switch self {
    case .unknownParticipant(let id): return "participant \(id) is not in the participant data"
    case .unknownOutcome(let id, let suggestion):
      return "outcome \(id) is not on the card" + (suggestion.map { " (\($0))" } ?? "")
    case .duplicateClaimID(let id):
      return "claim id \(id) appears more than once; the first is evaluated"
    case .invalidClaim(let problems): return problems.joined(separator: "; ")
    case .invalidParticipant(let id, let problems):
      return "participant \(id) has invalid data: " + problems.joined(separator: "; ")
    case .unresolvedRule(let problem): return "the card's rule could not be applied: \(problem)"
    case .outsideTerm(let from, let to):
      return "achieved outside the term \(day(from)) to \(day(to))"
    case .noReferralDate: return "the participant has no referral date"
    case .notStarted: return "the participant never started the service"
    case .notAchieved(let id): return "\(id) has not been achieved by this participant"
    case .noneAchieved(let ids, let instance):
      let names = ids.count == 1 ? ids[0] : "none of " + ids.joined(separator: ", ")
      return ids.count == 1
        ? "\(names) has not been achieved by this participant\(instance)"
        : "\(names) has been achieved by this participant\(instance)"
    case .previousRungNotAchieved(let id): return "the previous rung \(id) has not been achieved"
    case .emptyAnchorDate: return "the date it is measured from is empty"
    case .beforeAnchor(let anchor, let on): return "achieved before \(anchor) on \(day(on))"
    case .tooEarly(let achieved, let rule, let earliest):
      return "achieved \(day(achieved)) but \(rule) is \(day(earliest))"
    case .tooLate(let achieved, let rule, let latest):
      return "achieved \(day(achieved)), after the last day \(day(latest)) (\(rule))"
    case .durationNotComputed(let anchor):
      return "the time measured from \(anchor) could not be computed"
    case .durationNotAddable(let duration): return "\(duration) cannot be added to a date"
    case .evidenceMissing(let rule, let supplied):
      let given = supplied.isEmpty ? "none" : supplied.joined(separator: ", ")
      return "\(rule) is not met by the evidence supplied (\(given))"
    case .evidenceTooWeak(let floor): return "no evidence supplied is \(floor.rawValue) or stronger"
    case .conditionNotMet(let source): return "condition does not hold: \(source)"
    case .milestoneNotReached(let measure, let milestone):
      return "the milestone is not reached: \(measure) >= \(milestone)"
    case .excluded(let source): return "excluded: \(source)"
    case .notByException(let name, let condition):
      return "payable only by exception \(name): \(condition)"
    case .limitReached(let rule, let problems):
      return "claim limit \(rule): " + problems.map(\.message).joined(separator: "; ")
    case .priceNotComputed(let source): return "the price could not be computed from \(source)"
    case .capReached(let cap):
      return "nothing can be paid: \(cap?.description ?? "a cap") is reached"
    case .paymentSuspended(let title, let from, let to):
      return "achieved, but payments are suspended from \(day(from)) to \(day(to)) (\(title))"
    case .retired(let id, let label, let on):
      return "\(id) was retired by revision \(label)" + (on.map { " from \(day($0))" } ?? "")
    case .notInForce(let id, let label, let on):
      return "\(id) is not in the version that prices this claim"
        + (label.map { "; revision \($0) adds it" + (on.map { " from \(day($0))" } ?? "") } ?? "")
    }
  }
}

extension Finding.LimitProblem {
  var message: String {
    switch self {
    case .count(let achieved, let limit):
      return "already achieved \(achieved) time\(achieved == 1 ? "" : "s") (at most \(limit))"
    case .sameKind: return "already achieved once for this kind"
    case .notHigherOrDifferent:
      return "not at a higher level than, or in a different subject from, an earlier claim"
    case .tooSoon(let gap, let last):
      return "less than \(gap) after the last achieved claim on \(CalendarDate(dayNumber: last))"
    case .gapEmpty: return "the spacing between claims could not be worked out (it is empty)"
    }
  }
}

/// The findings for one claim, in the order found, each cause once.
struct Findings: Sendable {
  var list: [Finding] = []

  var isEmpty: Bool { list.isEmpty }

  mutating func add(_ finding: Finding) {
    if !list.contains(finding) { list.append(finding) }
  }

  /// One array per reason code (in `ReasonCode.allCases` order), for entries rejected for that
  /// reason alone to share. Each evaluator makes its own: arrays shared by the threads that
  /// decide claims would have their counts bounced between the cores.
  static func alone() -> [[ReasonCode]] { ReasonCode.all.map { [$0] } }

  /// Reason codes in order of first appearance, each once. Most rejected claims have one
  /// reason: they share its array from `alone` rather than each making one.
  func reasons(sharing alone: [[ReasonCode]]) -> [ReasonCode] {
    if list.count == 1 { return alone[list[0].code.position] }
    var codes: [ReasonCode] = []
    for finding in list where !codes.contains(finding.code) { codes.append(finding.code) }
    return codes
  }

  /// The plain-English message, rendered once; two findings that read the same are said once.
  var message: String {
    if list.count == 1 { return list[0].message }
    var messages: [String] = []
    for finding in list {
      let text = finding.message
      if !messages.contains(text) { messages.append(text) }
    }
    return messages.joined(separator: "; ")
  }
}

extension ReasonCode {
  /// Every code, in declaration order, made once (`allCases` makes a new array each time).
  static let all = ReasonCode.allCases

  /// The code's place in `all`.
  var position: Int { ReasonCode.all.firstIndex(of: self)! }
}
