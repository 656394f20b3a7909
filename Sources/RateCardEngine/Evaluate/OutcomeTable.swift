/// Every version's compiled outcomes, each held by a reference, so the evaluator reads a
/// claim's outcome in place. Copying a `CompiledOutcome` out of its card's array retains each
/// of its rule lists (a score of counts, shared between the cores deciding claims); an
/// outcome read through a held, immutable reference is borrowed, and only the holder is
/// retained. Each evaluator makes its own table, so no two threads share a holder.
struct OutcomeTable {
  /// One outcome, never changed, with its own rules held apart for claims that meet no
  /// exception.
  final class Held: Sendable {
    let outcome: CompiledOutcome
    let base: HeldRules
    init(_ outcome: CompiledOutcome) {
      self.outcome = outcome
      base = HeldRules(outcome.base)
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
