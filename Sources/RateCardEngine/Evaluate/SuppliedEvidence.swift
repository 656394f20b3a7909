import RateCard

/// The kinds of evidence a claim supplies, as positions on the card: a bit per kind (a list
/// past the 64th).
struct SuppliedKinds {
  var bits: UInt64 = 0
  var beyond: [Int] = []

  init(_ names: [String], card: CompiledCard) {
    for name in names {
      guard let position = card.evidencePosition(name) else { continue }
      if position < 64 { bits |= 1 << UInt64(position) } else { beyond.append(position) }
    }
  }

  func contains(_ position: Int) -> Bool {
    position < 64 ? bits & (1 << UInt64(position)) != 0 : beyond.contains(position)
  }
}

/// Each list of evidence names looked up on the card once. Claims with the same evidence cell
/// share one list (see `EvidenceCells`), so a list is known by where it is; each list looked
/// up is held here, so no other list can come to be where it was. Looking every name up for
/// every claim was a tenth of deciding it. For one version's card: emptied when it changes.
struct SuppliedEvidence {
  private var known: [UnsafeRawPointer: (names: [String], kinds: SuppliedKinds)] = [:]
  /// Past this many different lists (free text, say) a list is looked up afresh each time.
  static let remembered = 4_096

  /// The kinds of `names`, read in place (the pointer it is read through is mutable only for
  /// that).
  mutating func kinds(_ names: inout [String], card: CompiledCard) -> SuppliedKinds {
    guard
      let place = names.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) })
    else { return SuppliedKinds([], card: card) }
    if let held = known[place], held.names.count == names.count { return held.kinds }
    let kinds = SuppliedKinds(names, card: card)
    if known.count < SuppliedEvidence.remembered { known[place] = (names, kinds) }
    return kinds
  }

  mutating func forget() { known.removeAll() }
}
