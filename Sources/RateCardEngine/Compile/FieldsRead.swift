extension CompiledExpression {
  /// The claim fields this expression reads, by index.
  public var claimFieldsRead: Set<Int> {
    switch self {
    case .constant, .participantField: return []
    case .claimField(let index): return [index]
    case .not(let inner), .negate(let inner), .isSet(let inner, _), .lookup(_, let inner):
      return inner.claimFieldsRead
    case .binary(_, let left, let right): return left.claimFieldsRead.union(right.claimFieldsRead)
    case .membership(let value, let members):
      return members.reduce(value.claimFieldsRead) { $0.union($1.claimFieldsRead) }
    }
  }
}

extension CompiledOutcome {
  /// The claim fields any of the outcome's base rules read: conditions, exclusions, the
  /// milestone, exceptions that open it, evidence conditions, the price, limits, matching
  /// and dates its time is measured from. A realistic claim fills these and leaves the rest
  /// of the extract's columns empty.
  public var claimFieldsRead: Set<Int> {
    var expressions: [CompiledExpression] = []
    let rules = base
    expressions += (rules.conditions ?? []).map(\.expression)
    expressions += (rules.exclusions ?? []).map(\.expression)
    expressions += onlyByException.map(\.condition.expression)
    if let milestone { expressions.append(milestone.measure) }
    if let price = rules.price { expressions.append(price) }
    for term in rules.evidence?.terms ?? [] { expressions += term.items.compactMap(\.condition) }
    if let limit = rules.limit {
      expressions += [limit.oncePer, limit.higher, limit.different, limit.apart].compactMap { $0 }
    }
    expressions += requirements.compactMap(\.matching)
    expressions += matchKeys.map(\.expression)
    for timing in timing {
      switch timing {
      case .onlyAfter(let anchor), .within(_, let anchor):
        if case .date(let date) = anchor { expressions.append(date) }
      case .atLeast(_, let anchor, let until):
        if case .date(let date) = anchor { expressions.append(date) }
        if let until { expressions.append(until) }
      case .atLeastComputed(let duration, let anchor, let until):
        expressions.append(duration)
        if case .date(let date) = anchor { expressions.append(date) }
        if let until { expressions.append(until) }
      case .withinComputed(let duration, let anchor):
        expressions.append(duration)
        if case .date(let date) = anchor { expressions.append(date) }
      }
    }
    return expressions.reduce(into: Set<Int>()) { $0.formUnion($1.claimFieldsRead) }
  }
}
