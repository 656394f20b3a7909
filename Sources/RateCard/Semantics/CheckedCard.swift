import Foundation

/// A card after checking: every name resolved once to its declaration, every constant
/// evaluated, ladders expanded into their rungs. This is the value the evaluator compiles.
public struct CheckedCard: Sendable {
  public var file: CardFile
  public var title: String = ""
  public var currency: String = "GBP"
  public var term: ClosedRange<CalendarDate>?
  public var version: String?
  public var payers: [PayerInfo] = []
  public var caps: [CapInfo] = []
  public var participantFields: [String: FieldInfo] = [:]
  public var claimFields: [String: FieldInfo] = [:]
  public var evidence: [String: EvidenceKindInfo] = [:]
  public var constants: [String: ConstantInfo] = [:]
  public var tables: [String: TableInfo] = [:]
  /// Outcomes and ladder rungs by id, and their order in the card.
  public var outcomes: [String: OutcomeInfo] = [:]
  /// Ladders, for the caps that apply to all their rungs together.
  public var ladders: [String: LadderInfo] = [:]
  /// `group "..." { ... }` declarations by title: caps on the group's outcomes together, and
  /// the payers' shares of them.
  public var groups: [String: GroupInfo] = [:]
  /// Periods in which outcomes are achieved but not paid (or paid another price).
  public var suspensions: [SuspensionInfo] = []
  public var outcomeOrder: [String] = []
  public var tests: [TestDeclaration] = []
  /// The `audit` settings, checked (docs/audit.md).
  public var audit = AuditSettings()
  /// Every resolved name use: where it was written and what it refers to (for editors).
  public var references: [Reference] = []

  public struct PayerInfo: Sendable {
    public var id: String
    public var title: String
    /// Percent, e.g. 30 for 30%.
    public var share: Decimal
    public var span: SourceSpan
  }

  public struct CapInfo: Sendable {
    public var scope: CapsDeclaration.Scope
    public var amount: Money
    public var span: SourceSpan
  }

  public struct FieldInfo: Sendable {
    public var name: String
    public var type: ValueType
    public var optional: Bool
    public var builtin: Bool
    public var span: SourceSpan?
  }

  public struct EvidenceKindInfo: Sendable {
    public var id: String
    public var title: String
    public var strength: EvidenceStrength
    public var span: SourceSpan
  }

  public struct ConstantInfo: Sendable {
    public var name: String
    public var type: ValueType
    public var value: Literal?
    public var span: SourceSpan
  }

  public struct TableInfo: Sendable {
    public var name: String
    public var keyType: ValueType
    public var valueType: ValueType
    public var entries: [(key: Literal, value: Literal)]
    public var span: SourceSpan
  }

  public struct OutcomeInfo: Sendable {
    public enum Kind: Sendable {
      case outcome
      /// A rung of a ladder: the ladder's id, the rung's position, its duration and anchor.
      case rung(ladder: String, index: Int, duration: Duration?, anchor: Anchor)
    }

    public var id: String
    public var title: String
    public var kind: Kind
    /// The clauses that apply: a rung's own clauses replace the ladder's of the same slot.
    public var clauses: [Clause]
    public var price: Expression?
    public var span: SourceSpan
    /// A milestone rung: the ladder's measure and the value it must reach.
    public var milestone: (measure: Expression, value: Literal)?

    /// The group the outcome is reported under (a rung takes its ladder's), if any.
    public var group: String? {
      for clause in clauses {
        if case .group(let title) = clause.kind { return title }
      }
      return nil
    }
  }

  public struct LadderInfo: Sendable {
    public var id: String
    public var title: String
    public var caps: [Clause]
  }

  public struct SuspensionInfo: Sendable {
    public var title: String
    public var from: CalendarDate
    public var to: CalendarDate
    /// The outcome and rung ids it covers; nil for every outcome.
    public var outcomes: [String]?
    public var price: Expression?
  }

  public struct GroupInfo: Sendable {
    public var title: String
    public var clauses: [Clause]
    public var span: SourceSpan
  }

  public enum Symbol: Sendable, Hashable {
    case outcome(String)
    case evidence(String)
    case payer(String)
    case field(FieldsDeclaration.Subject, String)
    case constant(String)
    case table(String)
    case enumCase(type: String, value: String)
    case exception(outcome: String, name: String)
  }

  public struct Reference: Sendable {
    public var span: SourceSpan
    public var symbol: Symbol
  }
}

/// How the gaming detectors read a contract. Defaults suit a typical contract.
public struct AuditSettings: Sendable {
  /// Which participants are high-need; nil means the card does not say, and the detectors
  /// that need it (cherry-picking, parking) are skipped.
  public var highNeed: Expression?
  /// Values where payment thresholds make results bunch.
  public var thresholds: [Threshold] = []
  /// How long without a claim counts as parked.
  public var parkingAfter = Duration(amount: 180, unit: .days)
  /// How long before a surge date claims are watched.
  public var surgeWindow = Duration(amount: 8, unit: .weeks)
  /// Price cuts and rate-card changes; the end of the term is always watched.
  public var surgeDates: [CalendarDate] = []
  /// The family-wise false-alarm rate each detector keeps to, in percent.
  public var significance: Decimal = 1
  /// Groups smaller than this are not tested.
  public var minimumCases = 20
  /// The outcomes whose claims show a participant progressing, for the parking detector
  /// (ladders expanded into their rungs), in card order; nil when the card does not say.
  public var progressOutcomes: [String]?

  public struct Threshold: Sendable {
    public var value: Expression
    public var at: Literal
    public var width: Literal?
    public var source: String

    /// The width of a bin: as written, else one unit (1, or 1.00 of the currency).
    public var binWidth: Literal {
      if let width { return width }
      if case .money(let money) = at {
        return .money(Money(minorUnits: 100, currency: money.currency))
      }
      return .number(1)
    }
  }

  public init() {}
}

/// The result of checking: the card (usable only when there are no errors) and every finding.
public struct CheckResult: Sendable {
  /// The original terms (the card as written, without its revisions).
  public var card: CheckedCard
  public var diagnostics: [Diagnostic]
  /// Every version: the original terms first, then one per revision, in effective order.
  public var versions: [CheckedVersion]

  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
  public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
  public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}
