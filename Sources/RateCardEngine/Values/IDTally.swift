/// A value kept per id, ids compared by their bytes (as `ByteKey` compares them), in the order
/// first seen. Totals by outcome, provider and participant add up a value per ledger row:
/// numbering the ids (see `IDNumbering`) costs less than hashing each into a `Dictionary`.
struct IDTally<Value: Sendable>: Sendable {
  private var numbering = IDNumbering()
  /// By the id's number.
  private(set) var values: [Value] = []
  /// What an id's value starts from.
  let start: Value
  /// The numbers of the last ids met, by the bits of their string (see `SameStrings`), when
  /// the tally's rows share a few strings (an outcome's id, a provider's name).
  private var recent: SameStrings?

  /// `sharedStrings`: the ids come from a few strings shared by many rows, so an id met before
  /// is found by its string's bits, without hashing its text.
  init(start: Value, sharedStrings: Bool = false) {
    self.start = start
    recent = sharedStrings ? SameStrings() : nil
  }

  /// Changes the id's value (starting from `start` for a new id).
  mutating func update(_ id: String, _ change: (inout Value) -> Void) {
    let (number, isNew) = numbering.number(id)
    if isNew { values.append(start) }
    recent?.remember(id, number)
    change(&values[Int(number)])
  }

  /// `update` of an id read where it is (a ledger entry's field, through a pointer): an id
  /// found by its bits is never retained, so the count of a string rows share is not touched.
  mutating func update(in id: inout String, _ change: (inout Value) -> Void) {
    if let number = recent?.number(of: &id) {
      change(&values[Int(number)])
    } else {
      update(id, change)
    }
  }

  /// The id's value, if it has one.
  subscript(id: String) -> Value? {
    numbering.number(of: id).map { values[Int($0)] }
  }

  /// Every id and its value, in the order the ids were first seen.
  var entries: Zip2Sequence<[String], [Value]> { zip(numbering.ids, values) }

  var ids: [String] { numbering.ids }

  /// Adds another tally's values into this one.
  mutating func merge(_ other: IDTally, _ combine: (inout Value, Value) -> Void) {
    for (id, value) in other.entries { update(id) { combine(&$0, value) } }
  }
}
