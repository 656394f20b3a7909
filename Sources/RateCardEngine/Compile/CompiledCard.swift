import Foundation
import RateCard

/// A checked card compiled once for evaluation: outcomes by index, fields by index,
/// expressions with names resolved. Built by `Compiler`.
public struct CompiledCard: Sendable {
  public var title: String
  public var currency: String
  public var version: String
  public var term: ClosedRange<DayNumber>?
  public var payers: [Payer]
  public var contractCap: Int64?
  public var participantCap: Int64?
  /// Caps per payer, by payer index.
  public var payerCaps: [Int: Int64]
  public var participantSchema: Schema
  public var claimSchema: Schema
  public var evidence: [EvidenceKind]
  public var evidenceIndex: [String: Int]
  public var outcomes: [CompiledOutcome]
  public var outcomeIndex: [String: Int]
  /// Periods in which outcomes are achieved but not paid, or paid another price.
  public var suspensions: [CompiledSuspension] = []

  public struct Payer: Sendable {
    public var id: String
    public var title: String
    /// Percent, such as 30 for 30%.
    public var share: Decimal
  }

  public struct EvidenceKind: Sendable {
    public var id: String
    public var title: String
    public var strength: EvidenceStrength
  }
}

/// The fields of a participant or claim record, built-ins first, in a fixed order.
public struct Schema: Sendable {
  public struct Field: Sendable {
    public var name: String
    public var type: ValueType
    public var optional: Bool
    public var builtin: Bool

    public var choices: [String]? {
      if case .enumeration(let type) = type { return type.cases }
      return nil
    }
  }

  public var fields: [Field]
  public var index: [String: Int]

  init(_ fields: [Field]) {
    self.fields = fields
    self.index = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1.name, $0) })
  }
}

/// Where a time is measured from, resolved.
public enum CompiledAnchor: Sendable {
  case referral
  case start
  /// The date the outcome at this index was first achieved; with `restarts`, the date of its
  /// latest achieved claim among the first `restarts + 1`.
  case outcome(Int, restarts: Int)
  case date(CompiledExpression)
}

/// A condition with its source text, for explanations.
public struct LabelledCondition: Sendable {
  public var expression: CompiledExpression
  public var source: String
  /// The fields the condition reads, to show their values in an explanation.
  public var fields: [(label: String, expression: CompiledExpression)]
}

public struct CompiledEvidenceRule: Sendable {
  public enum Combination: Sendable {
    case any
    case all
  }

  public struct Term: Sendable {
    public var combination: Combination
    public var items: [(evidence: Int, condition: CompiledExpression?)]
  }

  public var terms: [Term]
  public var floor: EvidenceStrength?
  public var source: String
}

public struct CompiledLimit: Sendable {
  /// nil means no limit on the number of paid claims.
  public var count: Int?
  public var oncePer: CompiledExpression?
  public var higher: CompiledExpression?
  public var different: CompiledExpression?
  /// `at least D apart`: a duration, folded when fixed, else read from the claim.
  public var apart: CompiledExpression?
  public var source: String
}

/// The rules of one kind that an exception can replace.
public struct RuleSet: Sendable {
  public var price: CompiledExpression?
  public var priceSource: String?
  public var payers: PayerShares?
  public var limit: CompiledLimit?
  public var evidence: CompiledEvidenceRule?
  public var conditions: [LabelledCondition]?
  public var exclusions: [LabelledCondition]?
}

public struct CompiledException: Sendable {
  public var name: String
  public var overrides: String?
  /// Every exception this one wins over, directly or transitively (see `orderExceptions`).
  public var beats: Set<String>
  public var condition: LabelledCondition
  public var rules: RuleSet
}

public enum Timing: Sendable {
  case onlyAfter(CompiledAnchor)
  /// Fixed durations are made ready for date arithmetic when the card is compiled.
  case within(CalendarStep, CompiledAnchor)
  case atLeast(CalendarStep, CompiledAnchor, until: CompiledExpression?)
  /// A duration that comes from a table or field: evaluated per claim.
  case atLeastComputed(CompiledExpression, CompiledAnchor, until: CompiledExpression?)
  case withinComputed(CompiledExpression, CompiledAnchor)
}

/// `requires [any of] a, b [matching FIELD]`, with outcomes by index.
public struct CompiledRequirement: Sendable {
  public var any: Bool
  public var outcomes: [Int]
  public var matching: CompiledExpression?
  public var matchingSource: String?
}

public struct CompiledSuspension: Sendable {
  public var title: String
  public var days: ClosedRange<DayNumber>
  /// Outcome positions covered; nil for every outcome.
  public var outcomes: Set<Int>?
  public var price: CompiledExpression?
  public var priceSource: String?
}

/// A budget some outcomes share: an amount, a number of paid claims, or both, across the
/// contract or for each participant. Pools with the same key are the same budget, in every
/// version of a card.
public struct CapPool: Sendable {
  public var key: String
  public var name: CapName
  /// How the ledger summary lists it: `outcome statutory_order`, `group "Wellbeing"`.
  public var label: String
  public var perParticipant: Bool
  public var amount: Int64?
  public var count: Int?
  /// Where evaluation keeps what has been paid under this pool: one number per key, shared by
  /// every version, counted separately for per-participant pools (set by `VersionedCard`).
  public var slot = 0
}

/// A milestone rung's test: the ladder's measure, read from the claim, reaches the value.
public struct Milestone: Sendable {
  public var measure: CompiledExpression
  public var value: Value
  public var source: String
  public var valueText: String
}

public struct CompiledOutcome: Sendable {
  public var id: String
  public var title: String
  public var group: String?
  /// For a rung: the ladder's id and the previous rung's index when `requires previous`.
  public var ladder: String?
  public var previousRung: Int?
  public var base: RuleSet
  public var exceptions: [CompiledException]
  public var onlyByException: [(name: String, condition: LabelledCondition)]
  public var requirements: [CompiledRequirement]
  /// Every outcome a requirement names.
  public var requires: [Int] { requirements.flatMap(\.outcomes) }
  /// Values of this outcome's claims that later claims match on (`matching claim.course_id`),
  /// recorded when a claim of it is achieved.
  /// Keyed by the expression's source, and shared by every version of a card, so a claim
  /// achieved under one version can satisfy a requirement of another.
  public var matchKeys: [(source: String, expression: CompiledExpression)] = []
  public var timing: [Timing]
  /// Every cap other than the payers' that binds this outcome's claims, in the order they are
  /// named: the outcome's own, its ladder's, its group's, the per-participant cap and the
  /// contract cap (docs/evaluation.md, "Price, caps and payers").
  public var caps: [CapPool]
  /// Clauses the compiler could not resolve. The checker reports these first; should one
  /// reach evaluation, every claim of the outcome is rejected as `invalid_data` naming it.
  public var problems: [String]
  /// A milestone rung: the measure a claim must have reached.
  public var milestone: Milestone?
  /// False in a version that does not have this outcome (not yet added, or retired).
  public var inForce: Bool
  /// Which date picks the version that prices a claim of this outcome.
  public var basis: VersionBasis

  /// The place of an outcome in a version that does not have it.
  static func notInForce(_ id: String) -> CompiledOutcome {
    CompiledOutcome(
      id: id, title: id, group: nil, ladder: nil, previousRung: nil, base: RuleSet(),
      exceptions: [], onlyByException: [], requirements: [], timing: [], caps: [], problems: [],
      milestone: nil, inForce: false, basis: .achievement)
  }
}
