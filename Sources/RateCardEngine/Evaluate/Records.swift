import RateCard

/// One participant as read from the data: values in the card's participant schema order.
public struct ParticipantRecord: Sendable {
  public var id: String
  public var values: [Value] {
    didSet { provider = ParticipantRecord.provider(values) }
  }
  /// The provider's name (its field, `values[1]`), kept apart so that a row can take it where
  /// it is (see `OwnText`).
  var provider: String
  /// The data row (1-based, header is row 1) or nil for inline tests.
  public var row: Int?
  /// Problems with the row; claims for an invalid participant are rejected as `invalid_data`.
  public var problems: [String]

  public init(id: String, values: [Value], row: Int? = nil, problems: [String] = []) {
    self.id = id
    self.values = values
    self.row = row
    self.problems = problems
    provider = ParticipantRecord.provider(values)
  }

  static func provider(_ values: [Value]) -> String {
    if values.count > 1, case .text(let text) = values[1] { return text }
    return ""
  }
}

/// One claim as read from the data: values in the card's claim schema order.
public struct ClaimRecord: Sendable {
  public var id: String
  public var participantID: String
  public var outcome: String
  public var achievedOn: DayNumber?
  public var evidence: [String]
  public var values: [Value]
  public var row: Int?
  public var problems: [String]

  public init(
    id: String, participantID: String, outcome: String, achievedOn: DayNumber?,
    evidence: [String], values: [Value], row: Int? = nil, problems: [String] = []
  ) {
    self.id = id
    self.participantID = participantID
    self.outcome = outcome
    self.achievedOn = achievedOn
    self.evidence = evidence
    self.values = values
    self.row = row
    self.problems = problems
  }
}

extension [Value] {
  /// `count` missing values: a record's values before its row is read. Made in place, without
  /// `init(repeating:count:)`'s copying of the value into each place (a tenth of typing a row).
  static func missing(_ count: Int) -> [Value] {
    [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
      for index in 0..<count { (buffer.baseAddress! + index).initialize(to: .missing) }
      initialized = count
    }
  }
}
