import Foundation
import RateCard

/// Writes a ledger for people (an aligned table with a summary) and for machines (CSV, JSON).
public enum LedgerWriter {
  /// Amounts for machines: `1500.00`.
  public static func decimal(_ units: Int64) -> String {
    var out = ByteOutput()
    out.append(amount: units)
    return out.text
  }

  static func date(_ day: DayNumber?) -> String {
    day.map { CalendarDate(dayNumber: $0).description } ?? ""
  }

  static func columns(_ card: CompiledCard) -> [String] {
    [
      "claim_id", "participant_id", "provider", "outcome", "achieved_on", "card_version", "status",
      "amount",
    ]
      + card.payers.map(\.id) + ["reasons", "message"]
  }

  // MARK: CSV

  public static func csv(_ ledger: ClaimLedger) -> String {
    var out = ByteOutput()
    writeCSV(ledger, to: &out)
    return out.text
  }

  /// The CSV ledger as bytes, row by row, with no `String` built per row.
  public static func writeCSV(_ ledger: ClaimLedger, to out: inout ByteOutput) {
    write(ledger, LedgerStream(.csv, card: ledger.card, rows: ledger.entries.count), to: &out)
  }

  /// A whole ledger through a stream's three parts: the rows are formatted on every core.
  static func write(_ ledger: ClaimLedger, _ stream: LedgerStream, to out: inout ByteOutput) {
    stream.head(to: &out)
    writeRows(ledger.entries, to: &out, stream)
    stream.tail(summary: LedgerSummary(ledger), to: &out)
    out.finish()
  }

  /// Formats rows in blocks on every core, and hands the blocks on in order: the bytes are
  /// those of one pass, in bounded memory.
  static func writeRows(
    _ entries: [LedgerEntry], to out: inout ByteOutput, _ stream: LedgerStream
  ) {
    let block = 16_384
    var start = 0
    while start < entries.count {
      let first = start
      let parts = max(1, min(Parallel.cores, (entries.count - first + block - 1) / block))
      let blocks = Parallel.map(parts: parts) { part -> [UInt8] in
        var local = ByteOutput()
        var worded = LedgerStream.Worded()
        let from = first + part * block
        // Rows are read in place: copying an entry out would retain each of its strings.
        entries.withUnsafeBufferPointer { entries in
          for index in from..<min(from + block, entries.count) {
            stream.row(entries, index, first: 0, &local, &worded)
          }
        }
        return local.bytes
      }
      for bytes in blocks {
        out.append(bytes: bytes)
        out.flushIfFull()
      }
      start += parts * block
    }
  }

  /// RFC 4180 quoting, decided on bytes: Swift reads `"\r\n"` as one Character, so a
  /// Character test would miss a CRLF inside a field and split the row.
  public static func csvField(_ text: String) -> String {
    var out = ByteOutput()
    csvField(text, to: &out)
    return out.text
  }

  static func csvField(_ text: String, to out: inout ByteOutput) {
    text.withBytes { csvField(bytes: $0, to: &out) }
  }

  /// `csvField` of a string read in place (a ledger entry's field, through a pointer): its
  /// bytes are read without copying the string, so its storage's count is never touched.
  static func csvField(in text: inout String, to out: inout ByteOutput) {
    text.withUTF8 { csvField(bytes: $0, to: &out) }
  }

  /// `csvField` of text already in bytes (a message worded straight into bytes).
  static func csvField(bytes: UnsafeBufferPointer<UInt8>, to out: inout ByteOutput) {
    guard needsQuotes(bytes) else {
      out.append(bytes: bytes)
      return
    }
    out.append(UInt8(ascii: "\""))
    // Most quoted fields hold a comma and no quote: the bytes between quotes go as one block
    // each (a message of a hundred bytes, byte by byte, was a tenth of wording a row).
    var start = 0
    for index in bytes.indices where bytes[index] == UInt8(ascii: "\"") {
      out.append(bytes: UnsafeBufferPointer(rebasing: bytes[start...index]))
      out.append(UInt8(ascii: "\""))
      start = index + 1
    }
    out.append(bytes: UnsafeBufferPointer(rebasing: bytes[start...]))
    out.append(UInt8(ascii: "\""))
  }

  /// Whether a field holds a comma, a quote, a line feed or a carriage return, looked at
  /// eight bytes at a time (`ByteWord`).
  static func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    ByteWord.any(bytes) { v in
      ByteWord.equal(0x2C, v) | ByteWord.equal(0x22, v) | ByteWord.equal(0x0A, v)
        | ByteWord.equal(0x0D, v) != 0
    }
  }

  // MARK: JSON

  public static func json(_ ledger: ClaimLedger) -> String {
    var out = ByteOutput()
    writeJSON(ledger, to: &out)
    return out.text
  }

  /// The JSON ledger as bytes: the same document `JSONValue` would render (keys sorted,
  /// two-space indentation), with the ledger's rows written one by one as they are reached.
  public static func writeJSON(_ ledger: ClaimLedger, to out: inout ByteOutput) {
    write(ledger, LedgerStream(.json, card: ledger.card, rows: ledger.entries.count), to: &out)
  }

  /// The ledger's summary as JSON: the same totals as the table.
  static func summaryJSON(_ ledger: ClaimLedger) -> JSONValue {
    summaryJSON(LedgerSummary(ledger))
  }

  static func summaryJSON(_ summary: LedgerSummary) -> JSONValue {
    func text(_ value: String) -> JSONValue { .string(value) }
    func amount(_ units: Int64) -> JSONValue { .string(decimal(units)) }
    func lines(_ lines: [LedgerSummary.Line]) -> JSONValue {
      .array(
        lines.map {
          .object([
            "key": text($0.key), "paid": .integer($0.paid), "reduced": .integer($0.reduced),
            "rejected": .integer($0.rejected), "amount": amount($0.amount),
          ])
        })
    }
    return .object([
      "claims": .integer(summary.claims), "paid": .integer(summary.paid),
      "reduced": .integer(summary.reduced), "rejected": .integer(summary.rejected),
      "total": amount(summary.total), "by_outcome": lines(summary.byOutcome),
      "by_provider": lines(summary.byProvider), "by_month": lines(summary.byMonth),
      "by_payer": .array(
        summary.byPayer.map { .object(["payer": text($0.payer), "amount": amount($0.amount)]) }),
      "caps": .array(
        summary.caps.map {
          .object([
            "name": text($0.name), "cap": amount($0.cap), "used": amount($0.used),
            "headroom": amount($0.headroom),
          ])
        }),
      "rejections_by_reason": .array(
        summary.reasons.map { .object(["reason": text($0.reason), "count": .integer($0.count)]) }),
    ])
  }

  // MARK: Table

  /// The ledger rows aligned for a terminal, then the summary (the layout for scripts and
  /// pipes).
  public static func table(_ ledger: ClaimLedger) -> String {
    ByteOutput.text { writeTable(ledger, to: &$0) }
  }

  /// The table as bytes: the rows measured in one pass and written in a second, handed on a
  /// chunk at a time, with no `String` built per row.
  public static func writeTable(_ ledger: ClaimLedger, to out: inout ByteOutput) {
    writeRows(ledger, to: &out)
    out.append("\n" + summary(ledger))
    out.finish()
  }

  /// For a person at a terminal: the summary first (the headline, then by outcome, payer and
  /// provider, with long month tables folded), then where the ledger is.
  public static func terminalSummary(_ ledger: ClaimLedger, ledgerGoesTo: String?) -> String {
    terminalSummary(LedgerSummary(ledger), card: ledger.card, ledgerGoesTo: ledgerGoesTo)
  }

  /// The same from a summary totalled as the ledger was written (`LedgerSummary.Running`).
  public static func terminalSummary(
    _ summary: LedgerSummary, card: CompiledCard, ledgerGoesTo: String?
  ) -> String {
    var out = LedgerWriter.summary(summary, card: card, foldMonthsAfter: 12)
    out +=
      "\nThe ledger has \(summary.claims) rows, one per claim: "
      + (ledgerGoesTo.map { "written to \($0)." }
        ?? "add --ledger to print it here, or --out FILE to write it (ledger.csv or ledger.json for CSV or JSON).")
      + "\n"
    return out
  }

  static func writeRows(_ ledger: ClaimLedger, to out: inout ByteOutput) {
    let header = [
      "claim", "participant", "provider", "outcome", "achieved", "status", "amount", "reasons",
    ]
    var layout = AlignedColumns(columns: header.count, rightAligned: [6])
    var words = TableWords(currency: ledger.card.currency)
    layout.measure(header)
    // Entries are read in place: copying one out would retain each of its strings.
    ledger.entries.withUnsafeBufferPointer { entries in
      guard let first = entries.baseAddress else { return }
      for entry in first..<first + entries.count {
        for column in header.indices { layout.measure(words.cell(entry, column), column: column) }
      }
    }
    layout.write(header, to: &out)
    ledger.entries.withUnsafeBufferPointer { entries in
      guard let first = entries.baseAddress else { return }
      for entry in first..<first + entries.count {
        for column in header.indices { layout.write(words.cell(entry, column), to: &out) }
        layout.endLine(&out)
        out.flushIfFull()
      }
    }
  }

  /// A ledger row's cells in the table. Amounts and lists of reasons repeat from row to row,
  /// so each is worded once (up to a bound).
  struct TableWords {
    let currency: String
    private var amounts: [Int64: String] = [:]
    private var reasons: [[ReasonCode]: String] = [:]
    static let remembered = 4_096

    init(currency: String) { self.currency = currency }

    /// The text of `entry`'s cell in `column`.
    mutating func cell(_ entry: UnsafePointer<LedgerEntry>, _ column: Int) -> String {
      switch column {
      case 0: entry.pointee.claimID
      case 1: entry.pointee.participantID
      case 2: entry.pointee.provider
      case 3: entry.pointee.outcome
      case 4: LedgerWriter.date(entry.pointee.achievedOn)
      case 5: entry.pointee.status.rawValue
      case 6: amount(entry.pointee.amount)
      default: reasons(entry.pointee.reasons)
      }
    }

    mutating func amount(_ units: Int64) -> String {
      if let known = amounts[units] { return known }
      let text = Money(minorUnits: units, currency: currency).formatted
      if amounts.count < TableWords.remembered { amounts[units] = text }
      return text
    }

    mutating func reasons(_ codes: [ReasonCode]) -> String {
      if codes.isEmpty { return "" }
      if let known = reasons[codes] { return known }
      let text = codes.map(\.rawValue).joined(separator: ", ")
      if reasons.count < TableWords.remembered { reasons[codes] = text }
      return text
    }
  }

  /// The headline and the totals: by outcome, provider, month and payer, the caps, and the
  /// rejections by reason. `foldMonthsAfter` keeps only that many latest months.
  static func summary(_ ledger: ClaimLedger, foldMonthsAfter: Int? = nil) -> String {
    summary(LedgerSummary(ledger), card: ledger.card, foldMonthsAfter: foldMonthsAfter)
  }

  static func summary(_ summary: LedgerSummary, card: CompiledCard, foldMonthsAfter: Int? = nil)
    -> String
  {
    let money = { (units: Int64) in Money(minorUnits: units, currency: card.currency).formatted }
    var out = "\(card.title)" + (card.version.isEmpty ? "" : " (version \(card.version))") + "\n"
    out +=
      "\(summary.claims) claims: \(summary.paid) paid, \(summary.reduced) reduced, \(summary.rejected) rejected; total \(money(summary.total))"
    if let cap = card.contractCap {
      out += " of the \(money(cap)) contract cap"
    }
    out += "\n"
    func section(_ title: String, _ lines: [LedgerSummary.Line]) {
      out += "\n\(title)\n"
      out += aligned(
        [["", "paid", "reduced", "rejected", "amount"]]
          + lines.map {
            [$0.key, "\($0.paid)", "\($0.reduced)", "\($0.rejected)", money($0.amount)]
          },
        rightAligned: [1, 2, 3, 4], indent: "  ")
    }
    func payers() {
      out += "\nBy payer\n"
      out += aligned(
        summary.byPayer.map { [$0.payer, money($0.amount)] }, rightAligned: [1], indent: "  ")
    }
    section("By outcome", summary.byOutcome)
    if let fold = foldMonthsAfter {
      // For a person: what was paid for, who pays, who earned it; months last and folded.
      payers()
      section("By provider", summary.byProvider)
      var months = summary.byMonth
      if months.count > fold {
        let earlier = months.count - fold
        months = Array(months.suffix(fold))
        section("By month (the latest \(fold); \(earlier) earlier months folded)", months)
      } else {
        section("By month", months)
      }
    } else {
      section("By provider", summary.byProvider)
      section("By month", summary.byMonth)
      payers()
    }
    if !summary.caps.isEmpty {
      out += "\nCaps\n"
      out += aligned(
        [["", "cap", "used", "headroom"]]
          + summary.caps.map { [$0.name, money($0.cap), money($0.used), money($0.headroom)] },
        rightAligned: [1, 2, 3], indent: "  ")
    }
    if !summary.reasons.isEmpty {
      out += "\nRejections by reason\n"
      out += aligned(
        summary.reasons.map { [$0.reason, "\($0.count)"] }, rightAligned: [1], indent: "  ")
    }
    return out
  }

  public static func aligned(_ rows: [[String]], rightAligned: Set<Int>, indent: String = "")
    -> String
  {
    AlignedColumns.text(rows, rightAligned: rightAligned, indent: indent)
  }
}
