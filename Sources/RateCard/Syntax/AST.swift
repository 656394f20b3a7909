import Foundation

// The syntax tree. Every node keeps its source span so diagnostics, the formatter and a later
// language server can point back at the text. Nodes are plain values.

/// A name as written, with where it was written.
public struct Identifier: Sendable, Hashable {
  public var name: String
  public var span: SourceSpan

  public init(_ name: String, span: SourceSpan) {
    self.name = name
    self.span = span
  }
}

/// A parsed `.ratecard` file.
public struct CardFile: Sendable {
  public var declarations: [Declaration]
  public var comments: [Comment]
}

public enum Declaration: Sendable {
  case card(CardHeader)
  case payers(PayersDeclaration)
  case caps(CapsDeclaration)
  case fields(FieldsDeclaration)
  case evidence(EvidenceCatalogue)
  case constant(ConstantDeclaration)
  case table(TableDeclaration)
  case outcome(OutcomeDeclaration)
  case ladder(LadderDeclaration)
  case test(TestDeclaration)
  case audit(AuditDeclaration)
  case revision(RevisionDeclaration)
  case envelope(EnvelopeDeclaration)
  case group(GroupDeclaration)
  case suspension(SuspensionDeclaration)

  public var span: SourceSpan {
    switch self {
    case .card(let node): return node.span
    case .payers(let node): return node.span
    case .caps(let node): return node.span
    case .fields(let node): return node.span
    case .evidence(let node): return node.span
    case .constant(let node): return node.span
    case .table(let node): return node.span
    case .outcome(let node): return node.span
    case .ladder(let node): return node.span
    case .test(let node): return node.span
    case .audit(let node): return node.span
    case .revision(let node): return node.span
    case .envelope(let node): return node.span
    case .group(let node): return node.span
    case .suspension(let node): return node.span
    }
  }
}

/// `revision "v2" effective 2020-09-14 { approved by "..."  rationale "..."  changes }`: a
/// change panel's revision, written as the changes it makes to the version before it.
public struct RevisionDeclaration: Sendable {
  public var label: String
  public var labelSpan: SourceSpan
  public var effective: CalendarDate
  public var effectiveSpan: SourceSpan
  public var approvedBy: String?
  public var rationale: String?
  public var changes: [Change]
  public var span: SourceSpan

  public enum ChangeKind: Sendable {
    /// `change accommodation_entry { price £800  drop unless }`: the clauses given replace the
    /// outcome's clauses of the same kind; `drop KIND` removes a kind.
    case change(Identifier, clauses: [Clause], drops: [Identifier])
    /// `add outcome ...` or `add ladder ...`
    case add(Declaration)
    /// `retire employment_entry`: no claims achieved on or after the effective date.
    case retire(Identifier)
    /// `rename short_term_wellbeing to wellbeing`
    case rename(Identifier, to: Identifier)
    /// `caps { contract £20,000,000 }`: the caps given replace those of the same scope.
    case caps(CapsDeclaration)
  }

  public struct Change: Sendable {
    public var kind: ChangeKind
    public var span: SourceSpan
  }
}

/// `group "Wellbeing" { cap £600 per participant  payers council 70%, lcf 30% }`: caps on the
/// outcomes of a group together, and the payers' shares of the group's outcomes.
public struct GroupDeclaration: Sendable {
  public var title: String
  public var titleSpan: SourceSpan
  public var clauses: [Clause]
  public var span: SourceSpan
}

/// `suspension "First lockdown" 2020-03-23 to 2020-07-04 { outcomes a, b  price £50 }`:
/// outcomes achieved in the period are recorded as achieved but not paid (or paid the price
/// given). With no `outcomes` line it covers every outcome.
public struct SuspensionDeclaration: Sendable {
  public var title: String
  public var from: CalendarDate
  public var to: CalendarDate
  public var outcomes: [Identifier]
  public var price: Expression?
  public var span: SourceSpan
}

/// `envelope { ... }`: the limits the contract sets on every revision.
public struct EnvelopeDeclaration: Sendable {
  public var rules: [Rule]
  public var span: SourceSpan

  public enum RuleKind: Sendable {
    /// `contract cap fixed`
    case contractCapFixed
    /// `prices within 20% of the original`
    case pricesWithin(Expression)
    /// `new outcomes in existing groups`
    case newOutcomesInExistingGroups
    /// `evidence for accommodation_entry, employment_entry at least documentary`
    case evidenceFloor([Identifier], Identifier)
    /// `per participant at most £19,000`
    case perParticipantAtMost(Expression)
  }

  public struct Rule: Sendable {
    public var kind: RuleKind
    public var span: SourceSpan
  }
}

/// Which date picks the version of the card that prices a claim (`versioned by referral`).
public enum VersionBasis: String, Sendable, CaseIterable {
  /// The default: the terms in force when the outcome was achieved.
  case achievement
  /// Grandfathering: the terms in force when the participant was referred.
  case referral
  /// The terms in force when the participant started.
  case start
  /// The terms in force on the claim date (`claimed_on`).
  case claim
}

/// `audit { ... }`: how the gaming detectors read this contract (docs/audit.md).
public struct AuditDeclaration: Sendable {
  public var items: [Item]
  public var span: SourceSpan

  public enum ItemKind: Sendable {
    /// `high need when participant.complexity == high`
    case highNeed(Expression)
    /// `threshold claim.star_score - claim.baseline_star_score at 2 [width 1]`
    case threshold(Expression, at: Expression, width: Expression?)
    /// `parking after 180 days`
    case parkingAfter(Expression)
    /// `surge window 8 weeks`
    case surgeWindow(Expression)
    /// `surge before 2020-09-30`
    case surgeBefore(Expression)
    /// `significance 1%`
    case significance(Expression)
    /// `minimum cases 20`
    case minimumCases(Expression)
    /// `progress outcomes tenancy_3_months, employment` (outcomes or whole ladders)
    case progressOutcomes([Identifier])
  }

  public struct Item: Sendable {
    public var kind: ItemKind
    public var span: SourceSpan
  }
}

/// `card "Title" { currency GBP  term 2019-09-01 to 2024-03-31  version "7" }`
public struct CardHeader: Sendable {
  public var title: String
  public var items: [Item]
  public var span: SourceSpan

  public enum ItemKind: Sendable {
    case currency(Identifier)
    case term(from: CalendarDate, to: CalendarDate)
    case version(String)
  }

  public struct Item: Sendable {
    public var kind: ItemKind
    public var span: SourceSpan
  }
}

/// `payers { council "Kirklees Council" 70%  lcf "Life Chances Fund" 30% }`
public struct PayersDeclaration: Sendable {
  public var payers: [Payer]
  public var span: SourceSpan

  public struct Payer: Sendable {
    public var id: Identifier
    public var title: String
    public var share: Expression
    public var span: SourceSpan
  }
}

/// `caps { contract £22,300,000  per participant £19,000  payer lcf £6,690,000 }`
public struct CapsDeclaration: Sendable {
  public var caps: [Cap]
  public var span: SourceSpan

  public enum Scope: Sendable, Equatable {
    case contract
    case perParticipant
    case payer(Identifier)
  }

  public struct Cap: Sendable {
    public var scope: Scope
    public var amount: Expression
    public var span: SourceSpan
  }
}

/// `participant fields { ... }` or `claim fields { ... }`
public struct FieldsDeclaration: Sendable {
  public enum Subject: String, Sendable {
    case participant
    case claim
  }

  public var subject: Subject
  public var fields: [Field]
  public var span: SourceSpan

  public struct Field: Sendable {
    public var name: Identifier
    public var type: TypeReference
    public var optional: Bool
    public var span: SourceSpan
  }
}

/// A field type as written: `text`, `number`, `money`, `date`, `duration`, `percent`,
/// `yes/no`, or `one of a, b, c` (ordered, so `higher` can compare them).
public struct TypeReference: Sendable {
  public enum Kind: Sendable, Equatable {
    case text
    case number
    case money
    case date
    case duration
    case percent
    case yesNo
    case oneOf([Identifier])
  }

  public var kind: Kind
  public var span: SourceSpan
}

/// `evidence { tenancy "Tenancy agreement" documentary ... }`
public struct EvidenceCatalogue: Sendable {
  public var kinds: [Kind]
  public var span: SourceSpan

  public struct Kind: Sendable {
    public var id: Identifier
    public var title: String
    public var strength: Identifier
    public var span: SourceSpan
  }
}

/// `const debt_threshold = £341.75`
public struct ConstantDeclaration: Sendable {
  public var name: Identifier
  public var value: Expression
  public var span: SourceSpan
}

/// `table job_price { jsa_18_24: £1,200  esa: £3,500 }`
public struct TableDeclaration: Sendable {
  public var name: Identifier
  public var entries: [Entry]
  public var span: SourceSpan

  public struct Entry: Sendable {
    public var key: Expression
    public var value: Expression
    public var span: SourceSpan
  }
}

/// `outcome id "Title" { clauses }`
public struct OutcomeDeclaration: Sendable {
  public var id: Identifier
  public var title: String
  public var clauses: [Clause]
  public var span: SourceSpan
}

/// `ladder id "Title" from anchor [measured by EXPRESSION] { rungs and clauses }`
public struct LadderDeclaration: Sendable {
  public var id: Identifier
  public var title: String
  public var anchor: Anchor
  /// A milestone ladder's measure: each rung is a value this reaches (cumulative earnings,
  /// percentage of a course completed), not a time after the anchor.
  public var measure: Expression?
  public var rungs: [Rung]
  public var clauses: [Clause]
  public var span: SourceSpan

  /// `3 months £1,500` (or, on a milestone ladder, `£768 £300`), optionally `named id` and a
  /// block of rung-specific clauses. `duration` is the rung's duration, or its milestone.
  public struct Rung: Sendable {
    public var duration: Expression
    public var price: Expression
    public var name: Identifier?
    public var clauses: [Clause]
    public var span: SourceSpan
  }
}

/// Where a time is measured from.
public enum Anchor: Sendable {
  /// `referral`: the participant's referral date.
  case referral(SourceSpan)
  /// `start`: the participant's service start date.
  case start(SourceSpan)
  /// An outcome id (its achieved date) or a constant: resolved by the checker.
  case named(Identifier)
  /// Any date expression, such as `claim.engaged_on`.
  case expression(Expression)

  public var span: SourceSpan {
    switch self {
    case .referral(let span), .start(let span): return span
    case .named(let identifier): return identifier.span
    case .expression(let expression): return expression.span
    }
  }
}

public struct Clause: Sendable {
  public var kind: ClauseKind
  public var span: SourceSpan
}

public enum ClauseKind: Sendable {
  /// `group "Accommodation"`
  case group(String)
  /// `price £500` or `price job_price[participant.payment_group]`
  case price(Expression)
  /// `payers council 100%`
  case payers([PayerShare])
  /// `cap 500 claims`
  case capCount(Expression, perParticipant: Bool)
  /// `cap £250,000`
  case capAmount(Expression, perParticipant: Bool)
  /// `once per participant`, `at most 2 per participant, once per claim.kind`, `repeatable`
  case limit(ClaimLimit)
  /// `requires wellbeing_initial, accommodation_entry`, `requires any of a, b`,
  /// `requires course_started matching claim.course_id`
  case requires(Requirement)
  /// `requires previous` (ladders: each rung needs the one before it paid)
  case requiresPrevious
  /// `when claim.hours_per_week >= 16`
  case when(Expression)
  /// `unless participant.in_stable_work`
  case unless(Expression)
  /// `only after start`
  case onlyAfter(Anchor)
  /// `within term`
  case withinTerm
  /// `within 104 weeks of start`
  case within(Expression, Anchor)
  /// `at least 3 months after start [or until claim.discharged_on, whichever is sooner]`
  case atLeastAfter(Expression, Anchor, orUntil: Expression?)
  /// `evidence any of a, b at least documentary`
  case evidence(EvidenceRule)
  /// `exception name [over other] when condition { clauses }`
  case exception(ExceptionRule)
  /// `only by exception name when condition`
  case onlyByException(Identifier, Expression)
  /// `versioned by referral`: which date picks the version that prices a claim.
  case versionedBy(VersionBasis)
  /// `restarts at most 2 times` (ladders): each new claim of the anchor outcome restarts the
  /// ladder's clock, up to this many times.
  case restarts(Expression)

  /// Which rule an exception replaces: at most one unconditional rule per slot may apply.
  public var slot: RuleSlot? {
    switch self {
    case .price: return .price
    case .payers: return .payers
    case .limit: return .limit
    case .evidence: return .evidence
    case .when: return .conditions
    case .unless: return .exclusions
    case .group, .capCount, .capAmount, .requires, .requiresPrevious, .onlyAfter, .withinTerm,
      .within, .atLeastAfter, .exception, .onlyByException, .versionedBy, .restarts:
      return nil
    }
  }
}

/// The parts of an outcome that an exception can replace.
public enum RuleSlot: String, Sendable, Hashable, CaseIterable {
  case price
  case payers
  case limit
  case evidence
  case conditions = "when"
  case exclusions = "unless"

  /// At most one rule of a single slot applies to a claim; `when` and `unless` accumulate.
  public var isSingle: Bool { self != .conditions && self != .exclusions }
}

/// Outcomes a claim needs achieved first: all of them (the default) or any one, optionally
/// for the same instance (`matching claim.course_id`: an earlier claim with the same value).
public struct Requirement: Sendable {
  public var any: Bool
  public var names: [Identifier]
  public var matching: Expression?

  public init(any: Bool, names: [Identifier], matching: Expression?) {
    self.any = any
    self.names = names
    self.matching = matching
  }
}

public struct PayerShare: Sendable {
  public var payer: Identifier
  public var share: Expression
  public var span: SourceSpan
}

public struct ClaimLimit: Sendable {
  public enum Count: Sendable {
    case once
    case atMost(Expression)
    case unlimited
  }

  public enum Qualifier: Sendable {
    /// `once per claim.kind`: at most one claim for each value of the field.
    case oncePer(Expression)
    /// `each higher claim.level or different claim.subject`
    case higherOrDifferent(higher: Expression, different: Expression?)
    /// `at least 3 months apart`
    case apart(Expression)
  }

  public var count: Count
  public var qualifiers: [Qualifier]
}

/// `evidence support_plan plus any of outcome_star, wellbeing_form at least provider_declaration`
public struct EvidenceRule: Sendable {
  public var terms: [Term]
  public var minimumStrength: Identifier?

  public enum Term: Sendable {
    case anyOf([Item])
    case allOf([Item])
    case single(Item)

    public var items: [Item] {
      switch self {
      case .anyOf(let items), .allOf(let items): return items
      case .single(let item): return [item]
      }
    }
  }

  /// An evidence id, optionally allowed only when a condition holds.
  public struct Item: Sendable {
    public var id: Identifier
    public var condition: Expression?
  }
}

public struct ExceptionRule: Sendable {
  public var name: Identifier
  public var overrides: Identifier?
  public var condition: Expression
  public var clauses: [Clause]
}

/// `test "name" { participant ..., claim ..., expect ... }`
public struct TestDeclaration: Sendable {
  public var name: String
  public var items: [Item]
  public var span: SourceSpan

  public struct FieldValue: Sendable {
    public var name: Identifier
    public var value: Expression
  }

  public enum ItemKind: Sendable {
    /// `participant p1 { referred_on: 2020-01-10, started_on: 2020-01-15 }`
    case participant(Identifier, [FieldValue])
    /// `claim c1 for p1 accommodation_entry on 2020-02-01 evidence tenancy { fields }`
    case claim(
      id: Identifier, participant: Identifier, outcome: Identifier, on: Expression,
      evidence: [Identifier], fields: [FieldValue])
    /// `expect c1 paid £500`, `expect c2 rejected because too_early`
    case expectClaim(
      claim: Identifier, status: Identifier, amount: Expression?, reasons: [Identifier])
    /// `expect total £2,000`
    case expectTotal(Expression)
    /// `expect payer lcf £600`
    case expectPayer(Identifier, Expression)
  }

  public struct Item: Sendable {
    public var kind: ItemKind
    public var span: SourceSpan
  }
}

/// An expression; `kind` is indirect so trees of any shape are values.
public struct Expression: Sendable {
  public var kind: ExpressionKind
  public var span: SourceSpan

  public init(_ kind: ExpressionKind, span: SourceSpan) {
    self.kind = kind
    self.span = span
  }
}

public indirect enum ExpressionKind: Sendable {
  case literal(Literal)
  /// A constant, an enum value or (in an anchor) an outcome.
  case name(Identifier)
  /// `participant.field` or `claim.field`
  case field(subject: Identifier, field: Identifier)
  case unary(UnaryOperator, Expression)
  case binary(BinaryOperator, Expression, Expression)
  /// `table[key]`
  case lookup(table: Identifier, key: Expression)
  /// `x in (a, b)`
  case membership(Expression, [Expression])
  /// `x is set`, `x is not set`
  case isSet(Expression, negated: Bool)
  case parenthesized(Expression)
  /// Stands in for an expression that failed to parse, so checking can go on.
  case invalid
}

public enum UnaryOperator: String, Sendable {
  case not
  case negate = "-"
}

public enum BinaryOperator: String, Sendable, CaseIterable {
  case or
  case and
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"

  /// Binding strength: higher binds tighter.
  public var precedence: Int {
    switch self {
    case .or: return 1
    case .and: return 2
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return 3
    case .add, .subtract: return 4
    case .multiply, .divide: return 5
    }
  }

  public var isComparison: Bool { precedence == 3 }
}
