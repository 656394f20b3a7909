import RateCard

/// A record's field values in schema order, kept inside the record rather than in an array of
/// its own: a million claims were a million arrays of 24-byte values (192 bytes each with the
/// allocator's header), most of them dates and empty fields.
///
/// The first eight fields are a word each: an empty field, money, a date, a yes or no and a
/// choice are the word itself; two texts (a claim's id and outcome, a participant's id and
/// provider) are kept beside the words; anything else (more texts, numbers, percents,
/// durations, money beyond 2^60 minor units) and the fields past the eighth are `Value`s in
/// an array made only for them. Reading a field gives the same `Value` that was stored.
public struct FieldValues: Sendable, RandomAccessCollection, MutableCollection, Equatable,
  ExpressibleByArrayLiteral, CustomStringConvertible
{
  static let wordCount = 8

  /// What a word holds, in its low three bits; the rest is the payload, shifted.
  private enum Tag: UInt64 {
    case missing = 0
    case money = 1
    case date = 2
    case bool = 3
    case choice = 4
    /// The payload is 0 or 1, the text kept beside the words.
    case text = 5
    /// The payload is a position in `spilled`.
    case spilled = 6
  }

  private var words: InlineArray<8, UInt64>
  private var first: String
  private var second: String
  /// The fields past the eighth, in order, then the values of the first eight that no word
  /// holds.
  private var spilled: [Value]
  private var fieldCount: Int32
  /// Bit 0: `first` is in use; bit 1: `second` is.
  private var textsInUse: UInt8

  /// `count` empty fields.
  public init(missing count: Int) {
    words = InlineArray(repeating: Tag.missing.rawValue)
    first = ""
    second = ""
    spilled =
      count > FieldValues.wordCount
      ? [Value](repeating: .missing, count: count - FieldValues.wordCount) : []
    fieldCount = Int32(count)
    textsInUse = 0
  }

  public init(_ values: [Value]) {
    self.init(missing: values.count)
    for (index, value) in values.enumerated() where !value.isMissing { self[index] = value }
  }

  public init(arrayLiteral elements: Value...) { self.init(elements) }

  public var startIndex: Int { 0 }
  public var endIndex: Int { Int(fieldCount) }

  public subscript(position: Int) -> Value {
    get {
      precondition(position >= 0 && position < Int(fieldCount), "field index out of range")
      guard position < FieldValues.wordCount else {
        return spilled[position - FieldValues.wordCount]
      }
      let word = words[position]
      let payload = Int64(bitPattern: word) >> 3
      switch word & 7 {
      case Tag.missing.rawValue: return .missing
      case Tag.money.rawValue: return .money(payload)
      case Tag.date.rawValue: return .date(DayNumber(truncatingIfNeeded: payload))
      case Tag.bool.rawValue: return .bool(payload != 0)
      case Tag.choice.rawValue: return .choice(Int(payload))
      case Tag.text.rawValue: return .text(payload == 0 ? first : second)
      default: return spilled[Int(payload)]
      }
    }
    set {
      precondition(position >= 0 && position < Int(fieldCount), "field index out of range")
      guard position < FieldValues.wordCount else {
        spilled[position - FieldValues.wordCount] = newValue
        return
      }
      let old = words[position]
      // Most writes are of a date or money into an empty field, or a field holding one.
      if old & 7 < Tag.text.rawValue, let word = FieldValues.word(newValue) {
        words[position] = word
        return
      }
      // A text kept beside the words is let go when its field takes another value.
      if old & 7 == Tag.text.rawValue {
        let slot = old >> 3
        if slot == 0 { first = "" } else { second = "" }
        textsInUse &= ~(1 << UInt8(slot))
      }
      if let word = FieldValues.word(newValue) {
        if old & 7 == Tag.spilled.rawValue { spilled[Int(old >> 3)] = .missing }
        words[position] = word
        return
      }
      if case .text(let text) = newValue, textsInUse != 3 {
        let slot: UInt64 = textsInUse & 1 == 0 ? 0 : 1
        if slot == 0 { first = text } else { second = text }
        textsInUse |= 1 << UInt8(slot)
        if old & 7 == Tag.spilled.rawValue { spilled[Int(old >> 3)] = .missing }
        words[position] = slot << 3 | Tag.text.rawValue
        return
      }
      // A field that spilled before keeps its place there.
      if old & 7 == Tag.spilled.rawValue {
        spilled[Int(old >> 3)] = newValue
      } else {
        words[position] = UInt64(spilled.count) << 3 | Tag.spilled.rawValue
        spilled.append(newValue)
      }
    }
  }

  /// The date in field `position`, if there is such a field and it holds a date.
  func day(at position: Int) -> DayNumber? {
    guard position < count, case .date(let day) = self[position] else { return nil }
    return day
  }

  /// The word for a value that fits in one, or nil.
  @inline(__always)
  private static func word(_ value: Value) -> UInt64? {
    func packed(_ payload: Int64, _ tag: Tag) -> UInt64? {
      // The payload must survive the shift: its top four bits all equal.
      guard (payload << 3) >> 3 == payload else { return nil }
      return UInt64(bitPattern: payload << 3) | tag.rawValue
    }
    switch value {
    case .missing: return Tag.missing.rawValue
    case .money(let units): return packed(units, .money)
    case .date(let day): return packed(Int64(day), .date)
    case .bool(let flag): return packed(flag ? 1 : 0, .bool)
    case .choice(let index): return packed(Int64(index), .choice)
    case .number, .percent, .duration, .text: return nil
    }
  }

  /// How many values are kept in the array beside the words (for tests).
  var spilledCount: Int { spilled.count - Swift.max(0, Int(fieldCount) - FieldValues.wordCount) }

  public static func == (left: FieldValues, right: FieldValues) -> Bool {
    left.elementsEqual(right)
  }

  /// As an array of values prints, so that a record's values read the same as before.
  public var description: String { Array(self).description }
}

/// A record's values read where they are. Evaluating a claim reads its and its
/// participant's fields many times; passing `FieldValues` itself from a record copied it
/// (retaining the texts it holds) at every call.
struct FieldsInPlace {
  let values: UnsafePointer<FieldValues>

  subscript(position: Int) -> Value { values.pointee[position] }
}
