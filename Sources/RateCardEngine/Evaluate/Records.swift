import RateCard

/// One participant as read from the data: values in the card's participant schema order.
public struct ParticipantRecord: Sendable {
  public var id: String
  public var values: FieldValues {
    get { fields }
    set {
      fields = newValue
      provider = ParticipantRecord.provider(newValue)
    }
  }
  /// Stored apart from `values`, whose setter keeps `provider`, so that the evaluator can read
  /// the values where they are (`FieldsInPlace`).
  private(set) var fields: FieldValues
  /// The provider's name (its field, `values[1]`), kept apart so that a row can take it where
  /// it is (see `OwnText`).
  var provider: String
  /// The data row (1-based, header is row 1) or nil for inline tests.
  public var row: Int?
  /// Problems with the row; claims for an invalid participant are rejected as `invalid_data`.
  public var problems: [String]

  public init(id: String, values: FieldValues, row: Int? = nil, problems: [String] = []) {
    self.id = id
    fields = values
    self.row = row
    self.problems = problems
    provider = ParticipantRecord.provider(values)
  }

  static func provider(_ values: FieldValues) -> String {
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
  public var values: FieldValues
  public var row: Int?
  public var problems: [String]

  public init(
    id: String, participantID: String, outcome: String, achievedOn: DayNumber?,
    evidence: [String], values: FieldValues, row: Int? = nil, problems: [String] = []
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

extension UnsafePointer<ParticipantRecord> {
  /// The participant's values, read where they are.
  var fields: FieldsInPlace {
    FieldsInPlace(
      values: (UnsafeRawPointer(self) + ParticipantRecord.fieldsOffset)
        .assumingMemoryBound(to: FieldValues.self))
  }
}

extension UnsafePointer<ClaimRecord> {
  /// The claim's values, read where they are.
  var fields: FieldsInPlace {
    FieldsInPlace(
      values: (UnsafeRawPointer(self) + ClaimRecord.valuesOffset)
        .assumingMemoryBound(to: FieldValues.self))
  }
}

extension ParticipantRecord {
  static let fieldsOffset = MemoryLayout<ParticipantRecord>.offset(of: \.fields)!
}

extension ClaimRecord {
  static let valuesOffset = MemoryLayout<ClaimRecord>.offset(of: \.values)!
}
