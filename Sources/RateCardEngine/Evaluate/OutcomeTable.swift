/// Every version's compiled outcomes, each held by a reference, so the evaluator reads a
/// claim's outcome in place. Copying a `CompiledOutcome` out of its card's array retains each
/// of its rule lists (a score of counts, shared between the cores deciding claims); an
/// outcome read through a held, immutable reference is borrowed, and only the holder is
/// retained. Each evaluator makes its own table, so no two threads share a holder; what most
/// claims read through it (the id, the requirements, the payers' shares) is its own copy too,
/// so no count is shared either (Benchmarks/count-shared-retains lists any that are).
struct OutcomeTable {
  /// One outcome, never changed, with its own rules held apart for claims that meet no
  /// exception.
  final class Held: Sendable {
    let outcome: CompiledOutcome
    let base: HeldRules
    /// The outcome's id, this table's own copy (see `OwnText`): findings name it.
    let id: String
    /// What the outcome requires, in this table's own arrays: read for most claims.
    let requirements: [CompiledRequirement]
    init(_ outcome: CompiledOutcome) {
      self.outcome = outcome
      var rules = outcome.base
      // Made again, so the shares' arrays are this table's own: read for every claim paid.
      rules.payers = rules.payers.map { PayerShares($0.entries.map { $0 }) }
      base = HeldRules(rules)
      id = OwnText.copy(outcome.id)
      // Mapped, so the arrays are new ones, not the card's.
      requirements = outcome.requirements.map { requirement in
        var own = requirement
        own.outcomes = requirement.outcomes.map { $0 }
        return own
      }
    }
  }

  /// The rules that apply to a claim, read in place.
  final class HeldRules: Sendable {
    let rules: RuleSet
    init(_ rules: RuleSet) { self.rules = rules }
  }

  /// By version, then by outcome position.
  let versions: [[Held]]

  init(_ history: VersionedCard) {
    versions = history.versions.map { $0.card.outcomes.map(Held.init) }
  }
}
