import RateCard

/// Writes participant and claim records as CSV in the format the readers accept.
public enum RecordWriter {
  public static func participantsCSV(_ records: [ParticipantRecord], card: CompiledCard) -> String {
    let schema = card.participantSchema
    var out = schema.fields.map(\.name).joined(separator: ",") + "\n"
    for record in records {
      out +=
        record.values.enumerated().map { index, value in
          field(value, schema.fields[index], currency: card.currency)
        }.joined(separator: ",") + "\n"
    }
    return out
  }

  public static func claimsCSV(_ records: [ClaimRecord], card: CompiledCard) -> String {
    let schema = card.claimSchema
    let names = schema.fields.map(\.name)
    var out =
      (names.prefix(1) + ["participant_id"] + names.dropFirst().prefix(3) + ["evidence"]
      + names.dropFirst(4))
      .joined(separator: ",") + "\n"
    for record in records {
      let cells = record.values.enumerated().map { index, value in
        field(value, schema.fields[index], currency: card.currency)
      }
      let row =
        cells.prefix(1) + [LedgerWriter.csvField(record.participantID)]
        + cells.dropFirst().prefix(3)
        + [LedgerWriter.csvField(record.evidence.joined(separator: ";"))] + cells.dropFirst(4)
      out += row.joined(separator: ",") + "\n"
    }
    return out
  }

  static func field(_ value: Value, _ spec: Schema.Field, currency: String) -> String {
    switch value {
    case .missing: return ""
    case .money(let units): return LedgerWriter.decimal(units)
    case .choice(let index): return spec.choices.map { $0[index] } ?? ""
    case .text(let text): return LedgerWriter.csvField(text)
    case .percent(let value): return "\(value)%"
    default:
      return LedgerWriter.csvField(
        value.shown(currency: currency).replacingOccurrences(of: "\"", with: ""))
    }
  }
}
