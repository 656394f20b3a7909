import RateCard

/// The evidence cells of a claims file, each different cell read once. A programme's claims
/// name a handful of combinations of evidence, so most claims share the list of names of an
/// earlier claim's cell (one array, not one each) and its warnings about unknown names.
struct EvidenceCells {
  /// A cell's names, and a warning message for each name the card does not have.
  struct Reading {
    var names: [String]
    var unknown: [String]
  }

  private var cells = IDNumbering()
  private var readings: [Reading] = []
  /// Past this many different cells (free text, say) a cell is read afresh each time, so the
  /// memory kept stays small.
  static let remembered = 4_096

  /// The reading of a cell read before whose bytes are exactly these, if there is one (a
  /// cell is remembered trimmed, so bytes with blanks at either end are never found here).
  func known(_ bytes: UnsafeBufferPointer<UInt8>) -> Reading? {
    cells.number(ofBytes: bytes).map { readings[Int($0)] }
  }

  mutating func read(_ cell: String, card: CompiledCard) -> Reading {
    if let number = cells.number(of: cell) { return readings[Int(number)] }
    let reading = EvidenceCells.reading(cell, card: card)
    if cells.count < EvidenceCells.remembered {
      _ = cells.number(cell)
      readings.append(reading)
    }
    return reading
  }

  /// The names in a cell (see `RecordLoader.evidenceNames`), and the warnings for those the
  /// card does not declare.
  static func reading(_ cell: String, card: CompiledCard) -> Reading {
    var reading = Reading(names: [], unknown: [])
    for name in RecordLoader.evidenceNames(cell) {
      guard !name.isEmpty else { continue }
      if card.evidencePosition(name) == nil {
        let hint = FuzzyMatch.suggestion(for: name, in: card.evidenceIndex.keys)
        reading.unknown.append(
          "unknown evidence \(ValueParser.quoted(name)) is ignored" + (hint.map { "; \($0)" } ?? "")
        )
      }
      reading.names.append(name)
    }
    return reading
  }
}
