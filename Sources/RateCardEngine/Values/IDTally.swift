/// A value kept per id, ids compared by their bytes (as `ByteKey` compares them), in the order
/// first seen. Totals by outcome, provider and participant add up a value per ledger row:
/// numbering the ids (see `IDNumbering`) costs less than hashing each into a `Dictionary`.
struct IDTally<Value: Sendable>: Sendable {
  private var numbering = IDNumbering()
  /// By the id's number.
  private(set) var values: [Value] = []
  /// What an id's value starts from.
  let start: Value

  init(start: Value) { self.start = start }

  /// Changes the id's value (starting from `start` for a new id).
  mutating func update(_ id: String, _ change: (inout Value) -> Void) {
    let (number, isNew) = numbering.number(id)
    if isNew { values.append(start) }
    change(&values[Int(number)])
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
