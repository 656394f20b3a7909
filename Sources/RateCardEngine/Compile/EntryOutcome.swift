extension CompiledCard {
  /// The entry outcome: the first on the card that a participant can claim with nothing
  /// before it (in force, no `requires`, not a later rung, no time measured from another
  /// outcome), such as an initial assessment. It is claimed for nearly everyone within days
  /// of starting, so it says a participant was seen, not that they progressed: the parking
  /// detector leaves it out of progress and the realistic generator claims it first.
  public var entryOutcome: Int? {
    outcomes.firstIndex { outcome in
      outcome.inForce && outcome.requirements.isEmpty && outcome.previousRung == nil
        && !outcome.timing.contains { timing in
          switch timing {
          case .onlyAfter(.outcome), .within(_, .outcome), .atLeast(_, .outcome, _),
            .atLeastComputed(_, .outcome, _), .withinComputed(_, .outcome):
            return true
          default: return false
          }
        }
    }
  }
}
