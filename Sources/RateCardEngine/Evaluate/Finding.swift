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
  case tooEarly(achieved: DayNumber, rule: TimingRule, earliest: DayNumber)
  case tooLate(achieved: DayNumber, rule: TimingRule, latest: DayNumber)
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

  /// A timing rule as a finding names it: worded only when the message is (a duration's
  /// words cost more than deciding the claim did).
  public struct TimingRule: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable { case atLeast, within }
    public let kind: Kind
    public let step: CalendarStep
    public let anchor: String

    public var duration: Duration { step.duration }

    public var description: String {
      ByteOutput.text { word(into: &$0) }
    }

    func word(into out: inout ByteOutput) {
      out.append(kind == .atLeast ? "at least " : "within ")
      out.append(step.words ?? step.duration.description)
      out.append(kind == .atLeast ? " after " : " of ")
      out.append(anchor)
    }

    public static func == (a: TimingRule, b: TimingRule) -> Bool {
      a.kind == b.kind && a.duration == b.duration && a.anchor == b.anchor
    }
  }

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
    ByteOutput.text { word(into: &$0) }
  }

  /// The one place a finding is worded: straight into bytes, as a ledger row writes it (a
  /// message built by interpolating strings cost more than deciding its claim).
  func word(into out: inout ByteOutput) {
    switch self {
    case .unknownParticipant(let id):
      out.append("participant ")
      out.append(id)
      out.append(" is not in the participant data")
    case .unknownOutcome(let id, let suggestion):
      out.append("outcome ")
      out.append(id)
      out.append(" is not on the card")
      if let suggestion {
        out.append(" (")
        out.append(suggestion)
        out.append(")")
      }
    case .duplicateClaimID(let id):
      out.append("claim id ")
      out.append(id)
      out.append(" appears more than once; the first is evaluated")
    case .invalidClaim(let problems): out.append(list: problems, separator: "; ")
    case .invalidParticipant(let id, let problems):
      out.append("participant ")
      out.append(id)
      out.append(" has invalid data: ")
      out.append(list: problems, separator: "; ")
    case .unresolvedRule(let problem):
      out.append("the card's rule could not be applied: ")
      out.append(problem)
    case .outsideTerm(let from, let to):
      out.append("achieved outside the term ")
      out.append(date: from)
      out.append(" to ")
      out.append(date: to)
    case .noReferralDate: out.append("the participant has no referral date")
    case .notStarted: out.append("the participant never started the service")
    case .notAchieved(let id):
      out.append(id)
      out.append(" has not been achieved by this participant")
    case .noneAchieved(let ids, let instance):
      if ids.count == 1 {
        out.append(ids[0])
        out.append(" has not been achieved by this participant")
      } else {
        out.append("none of ")
        out.append(list: ids, separator: ", ")
        out.append(" has been achieved by this participant")
      }
      out.append(instance)
    case .previousRungNotAchieved(let id):
      out.append("the previous rung ")
      out.append(id)
      out.append(" has not been achieved")
    case .emptyAnchorDate: out.append("the date it is measured from is empty")
    case .beforeAnchor(let anchor, let on):
      out.append("achieved before ")
      out.append(anchor)
      out.append(" on ")
      out.append(date: on)
    case .tooEarly(let achieved, let rule, let earliest):
      out.append("achieved ")
      out.append(date: achieved)
      out.append(" but ")
      rule.word(into: &out)
      out.append(" is ")
      out.append(date: earliest)
    case .tooLate(let achieved, let rule, let latest):
      out.append("achieved ")
      out.append(date: achieved)
      out.append(", after the last day ")
      out.append(date: latest)
      out.append(" (")
      rule.word(into: &out)
      out.append(")")
    case .durationNotComputed(let anchor):
      out.append("the time measured from ")
      out.append(anchor)
      out.append(" could not be computed")
    case .durationNotAddable(let duration):
      out.append(duration.description)
      out.append(" cannot be added to a date")
    case .evidenceMissing(let rule, let supplied):
      out.append(rule)
      out.append(" is not met by the evidence supplied (")
      if supplied.isEmpty {
        out.append("none")
      } else {
        out.append(list: supplied, separator: ", ")
      }
      out.append(")")
    case .evidenceTooWeak(let floor):
      out.append("no evidence supplied is ")
      out.append(floor.rawValue)
      out.append(" or stronger")
    case .conditionNotMet(let source):
      out.append("condition does not hold: ")
      out.append(source)
    case .milestoneNotReached(let measure, let milestone):
      out.append("the milestone is not reached: ")
      out.append(measure)
      out.append(" >= ")
      out.append(milestone)
    case .excluded(let source):
      out.append("excluded: ")
      out.append(source)
    case .notByException(let name, let condition):
      out.append("payable only by exception ")
      out.append(name)
      out.append(": ")
      out.append(condition)
    case .limitReached(let rule, let problems):
      out.append("claim limit ")
      out.append(rule)
      out.append(": ")
      for (position, problem) in problems.enumerated() {
        if position > 0 { out.append("; ") }
        problem.word(into: &out)
      }
    case .priceNotComputed(let source):
      out.append("the price could not be computed from ")
      out.append(source)
    case .capReached(let cap):
      out.append("nothing can be paid: ")
      out.append(cap?.description ?? "a cap")
      out.append(" is reached")
    case .paymentSuspended(let title, let from, let to):
      out.append("achieved, but payments are suspended from ")
      out.append(date: from)
      out.append(" to ")
      out.append(date: to)
      out.append(" (")
      out.append(title)
      out.append(")")
    case .retired(let id, let label, let on):
      out.append(id)
      out.append(" was retired by revision ")
      out.append(label)
      if let on {
        out.append(" from ")
        out.append(date: on)
      }
    case .notInForce(let id, let label, let on):
      out.append(id)
      out.append(" is not in the version that prices this claim")
      if let label {
        out.append("; revision ")
        out.append(label)
        out.append(" adds it")
        if let on {
          out.append(" from ")
          out.append(date: on)
        }
      }
    }
  }
}

extension Finding.LimitProblem {
  func word(into out: inout ByteOutput) {
    switch self {
    case .count(let achieved, let limit):
      out.append("already achieved ")
      out.append(integer: Int64(achieved))
      out.append(achieved == 1 ? " time (at most " : " times (at most ")
      out.append(integer: Int64(limit))
      out.append(")")
    case .sameKind: out.append("already achieved once for this kind")
    case .notHigherOrDifferent:
      out.append("not at a higher level than, or in a different subject from, an earlier claim")
    case .tooSoon(let gap, let last):
      out.append("less than ")
      out.append(gap.description)
      out.append(" after the last achieved claim on ")
      out.append(date: last)
    case .gapEmpty: out.append("the spacing between claims could not be worked out (it is empty)")
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

  /// Lists of one `notAchieved` finding, kept for rows to share: a row holds its findings
  /// until it is written, and a list of its own was made, then let go when its place in the
  /// ring of rows was next taken (long out of the cache by then), for a third of the claims.
  struct Shared {
    private var lists: [Findings] = []
    /// A programme's outcomes are few; past this many ids, lists are not shared.
    static let limit = 64

    /// `findings`, or an equal list already kept, when it is one `notAchieved` finding.
    mutating func sharing(_ findings: Findings) -> Findings {
      guard findings.list.count == 1, case .notAchieved(let id) = findings.list[0] else {
        return findings
      }
      for kept in lists {
        if case .notAchieved(let known) = kept.list[0], known.sameBytes(as: id) { return kept }
      }
      if lists.count < Shared.limit { lists.append(findings) }
      return findings
    }
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
    ByteOutput.text { word(into: &$0) }
  }

  /// The message, worded into `out`: each finding's words, each different one once, between
  /// semicolons.
  func word(into out: inout ByteOutput) {
    if list.count == 1 { return list[0].word(into: &out) }
    // Each finding is worded where it goes, after its separator, and taken back if it says what
    // one before it said: no buffer of its own, and texts compared as bytes.
    var said: [Range<Int>] = []
    said.reserveCapacity(list.count)
    for finding in list {
      let before = out.count
      if !said.isEmpty { out.append("; " as StaticString) }
      let start = out.count
      finding.word(into: &out)
      let text = start..<out.count
      let repeated = out.withBytes { all in
        said.contains { earlier in
          earlier.count == text.count
            && UnsafeBufferPointer(rebasing: all[earlier]).elementsEqual(
              UnsafeBufferPointer(rebasing: all[text]))
        }
      }
      if repeated {
        out.removeAll(from: before)
      } else {
        said.append(text)
      }
    }
  }
}

extension ReasonCode {
  /// Every code, in declaration order, made once (`allCases` makes a new array each time).
  static let all = ReasonCode.allCases

  /// The code's place in `all`.
  var position: Int { ReasonCode.all.firstIndex(of: self)! }
}
