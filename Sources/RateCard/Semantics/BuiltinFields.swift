/// Fields every participant and claim has, whatever the card declares. Data files carry them
/// as fixed columns (see docs/language.md, "Fields").
public enum BuiltinFields {
  public static let participant: [(name: String, type: ValueType, optional: Bool)] = [
    ("participant_id", .text, false),
    ("provider", .text, false),
    ("referred_on", .date, false),
    ("started_on", .date, true),
    ("ended_on", .date, true),
    ("referral_source", .text, true),
  ]

  public static let claim: [(name: String, type: ValueType, optional: Bool)] = [
    ("claim_id", .text, false),
    ("outcome", .text, false),
    ("achieved_on", .date, false),
    ("claimed_on", .date, true),
  ]

  static func fields(for subject: FieldsDeclaration.Subject) -> [(
    name: String, type: ValueType, optional: Bool
  )] {
    subject == .participant ? participant : claim
  }
}
