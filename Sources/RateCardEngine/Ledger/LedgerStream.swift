import Dispatch
import RateCard

/// A machine-readable ledger (CSV or JSON) in three parts: what comes before the rows, each
/// row, and what comes after them. Nothing before the tail needs the whole ledger, so `eval`
/// can write rows while the evaluation is still deciding later claims, and the bytes are those
/// of `LedgerWriter.writeCSV` and `writeJSON`, which go through the same three parts.
public struct LedgerStream: Sendable {
  public enum Format: String, Sendable {
    case csv, json
  }

  let format: Format
  /// The title, version and currency of the card, for the JSON head.
  let card: (title: String, version: String, currency: String)
  let columns: [String]
  /// JSON lists payers by id; each with its position in the card's payer order.
  let payers: [(offset: Int, id: String)]
  /// How many rows the ledger has: JSON's last row has no comma after it.
  let count: Int
  /// Each payer's key in a JSON row, escaped once: `"council":"`.
  let payerKeys: [[UInt8]]
  let helper = Helper()

  public init(_ format: Format, card: CompiledCard, rows count: Int) {
    self.format = format
    self.card = (card.title, card.version, card.currency)
    columns = LedgerWriter.columns(card)
    payers = card.payers.enumerated().map { ($0.offset, $0.element.id) }.sorted { $0.id < $1.id }
    self.count = count
    payerKeys = payers.map { payer in
      var key = ByteOutput()
      JSONValue.escape(payer.id, to: &key)
      key.append(":\"" as StaticString)
      return key.bytes
    }
  }

  /// Everything before the first row.
  public func head(to out: inout ByteOutput) {
    switch format {
    case .csv:
      for (index, name) in columns.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        LedgerWriter.csvField(name, to: &out)
      }
      out.append("\r\n" as StaticString)
    case .json:
      var head = "{\n  \"card\" : "
      JSONValue.object([
        "title": .string(card.title), "version": .string(card.version),
        "currency": .string(card.currency),
      ]).write(into: &head, indent: 1)
      out.append(head)
      out.append(",\n  \"ledger\" : " as StaticString)
      out.append(count == 0 ? "[]" as StaticString : "[\n")
    }
  }

  /// A block of rows, in order, `rows[0]` being row `first` of the ledger (handed on to the
  /// output's file a chunk at a time, as the rows are worded: see `ByteOutput.chunk`).
  public func rows(
    _ rows: UnsafeBufferPointer<LedgerEntry>, first: Int, to out: inout ByteOutput
  ) {
    // The second half of a big block is worded on another core meanwhile (see `Helper`).
    let split =
      Parallel.cores > 1 && rows.count >= LedgerStream.helpedBlock ? rows.count / 2 : rows.count
    let group = DispatchGroup()
    if split < rows.count {
      let (helper, later, stream) = (self.helper, Helper.Rows(rows), self)
      helper.queue.async(group: group) {
        helper.bytes.clear()
        for index in split..<later.rows.count {
          stream.row(later.rows, index, first: first, &helper.bytes, &helper.worded)
        }
      }
    }
    var worded = Worded()
    for index in 0..<split {
      row(rows, index, first: first, &out, &worded)
      out.flushIfFull()
    }
    guard split < rows.count else { return }
    group.wait()
    helper.bytes.withBytes { out.append(bytes: $0) }
    out.flushIfFull()
  }

  /// Blocks of at least this many rows are worded in two halves at once.
  static let helpedBlock = 4_096

  /// Words the second half of each block on a thread of its own while the thread writing the
  /// ledger words the first: the rows are worded by that one thread otherwise, and the cores
  /// deciding the claims wait for it once they are six blocks ahead (JSON's rows, twice CSV's
  /// bytes, made it the slowest). Its bytes, and the messages it has worded, are kept from
  /// block to block; one block is worded at a time.
  final class Helper: @unchecked Sendable {
    var bytes = ByteOutput(capacity: 1 << 20)
    var worded = Worded()
    let queue = DispatchQueue(label: "ratecard.ledger-words")

    /// A block's rows, read by the helper while the writing thread waits for it.
    struct Rows: @unchecked Sendable {
      let rows: UnsafeBufferPointer<LedgerEntry>
      init(_ rows: UnsafeBufferPointer<LedgerEntry>) { self.rows = rows }
    }
  }

  /// Row `index` of `rows`, read in place: copying an entry out would retain its strings.
  /// `first` is the position in the ledger of `rows[0]` (JSON's last row has no comma).
  func row(
    _ rows: UnsafeBufferPointer<LedgerEntry>, _ index: Int, first: Int, _ out: inout ByteOutput,
    _ worded: inout Worded
  ) {
    switch format {
    case .csv: csvRow(rows, index, &out, &worded)
    case .json: jsonRow(rows, index, last: first + index == count - 1, &out, &worded)
    }
  }

  /// Messages already worded (and escaped for the format) in a block of rows, by their key
  /// (see `LedgerEntry.Detail.messageKey`): most rows of a block read one of a few dozen.
  struct Worded {
    private var bytes: [LedgerEntry.Detail.MessageKey: [UInt8]] = [:]
    /// The first few keys worded, and their bytes.
    private var recent: [(key: LedgerEntry.Detail.MessageKey, bytes: [UInt8])] = []
    /// The last day written, and its ISO text: rows come in date order, so most rows repeat
    /// the day of the row before them.
    private var lastDay: DayNumber?
    private var lastDate: [UInt8] = []

    /// Appends a day as `YYYY-MM-DD` (nothing for no day).
    mutating func append(date day: DayNumber?, to out: inout ByteOutput) {
      guard let day else { return }
      if day != lastDay {
        lastDay = day
        var text = ByteOutput(capacity: 10)
        text.append(date: day)
        lastDate = text.bytes
      }
      out.append(bytes: lastDate)
    }

    /// Where a message is worded before it is escaped, kept from row to row.
    private var scratch = ByteOutput()

    /// Appends the detail's message, as `escape` writes it, wording it once per key. The detail
    /// is read where it is (a copy retained its findings, which the thread deciding the row
    /// then released: their counts went from core to core for every rejected row).
    mutating func append(
      _ detail: inout LedgerEntry.Detail, to out: inout ByteOutput,
      _ escape: (UnsafeBufferPointer<UInt8>, inout ByteOutput) -> Void
    ) {
      guard let key = detail.messageKey else {
        scratch.clear()
        detail.word(into: &scratch)
        scratch.withBytes { escape($0, &out) }
        return
      }
      // The keys met first are looked through before the table: comparing a key costs a few
      // instructions, hashing one (its text, with SipHash) several hundred.
      for index in recent.indices where recent[index].key == key {
        out.append(bytes: recent[index].bytes)
        return
      }
      if let known = bytes[key] {
        out.append(bytes: known)
        return
      }
      scratch.clear()
      detail.word(into: &scratch)
      var piece = ByteOutput()
      scratch.withBytes { escape($0, &piece) }
      // A block names a bounded number of cards' texts; the bound only guards the memory.
      let worded = piece.bytes
      if recent.count < 16 {
        recent.append((key, worded))
      } else if bytes.count < 4_096 {
        bytes[key] = worded
      }
      out.append(bytes: worded)
    }
  }

  /// Everything after the last row: JSON's summary of the whole ledger (`summary`, asked for
  /// only by JSON: see `LedgerSummary.Running` for one totalled as the rows go by).
  public func tail(summary: @autoclosure () -> LedgerSummary, to out: inout ByteOutput) {
    guard format == .json else { return }
    if count > 0 { out.append("  ]" as StaticString) }
    out.append(",\n  \"summary\" : " as StaticString)
    var tail = ""
    LedgerWriter.summaryJSON(summary()).write(into: &tail, indent: 1)
    out.append(tail)
    out.append("\n}\n" as StaticString)
  }

  // Each row reads its entry in place, field by field, through a pointer: an entry bound to a
  // name or passed on is copied whole, and so is one whose computed `message` is read (the
  // message is worded from its `detail` instead). Text fields are read where they are
  // (`csvField(in:)`, `escape(in:)`): a copied string is retained, and the strings rows share
  // (an outcome's id, a provider's name) would have their counts bounced between the cores.
  // The pointer is mutable only for that: no field is changed.
  func csvRow(
    _ entries: UnsafeBufferPointer<LedgerEntry>, _ index: Int, _ out: inout ByteOutput,
    _ worded: inout Worded
  ) {
    let entry = UnsafeMutablePointer(mutating: entries.baseAddress! + index)
    LedgerWriter.csvField(in: &entry.pointee.claimID, to: &out)
    out.append(UInt8(ascii: ","))
    LedgerWriter.csvField(in: &entry.pointee.participantID, to: &out)
    out.append(UInt8(ascii: ","))
    LedgerWriter.csvField(in: &entry.pointee.provider, to: &out)
    out.append(UInt8(ascii: ","))
    LedgerWriter.csvField(in: &entry.pointee.outcome, to: &out)
    out.append(UInt8(ascii: ","))
    worded.append(date: entry.pointee.achievedOn, to: &out)
    out.append(UInt8(ascii: ","))
    LedgerWriter.csvField(in: &entry.pointee.version, to: &out)
    out.append(UInt8(ascii: ","))
    out.append(entry.pointee.status.rawValue)
    out.append(UInt8(ascii: ","))
    out.append(amount: entry.pointee.amount)
    LedgerStream.inPlace(&entry.pointee.payerAmounts) { parts in
      for part in parts {
        out.append(UInt8(ascii: ","))
        out.append(amount: part)
      }
    }
    out.append(UInt8(ascii: ","))
    LedgerStream.inPlace(&entry.pointee.reasons) { reasons in
      for (position, reason) in reasons.enumerated() {
        if position > 0 { out.append(UInt8(ascii: ";")) }
        out.append(reason.rawValue)
      }
    }
    out.append(UInt8(ascii: ","))
    worded.append(&entry.pointee.detail, to: &out) { LedgerWriter.csvField(bytes: $0, to: &$1) }
    out.append("\r\n" as StaticString)
  }

  /// A row's list read where it is: the lists rows share (nothing paid to each payer, a reason
  /// alone) belong to the thread deciding them, and a copy made here would have its count
  /// changed by both threads for every row.
  @inline(__always)
  static func inPlace<Element>(
    _ list: inout [Element], _ body: (UnsafeBufferPointer<Element>) -> Void
  ) {
    list.withUnsafeBufferPointer(body)
  }

  func jsonRow(
    _ entries: UnsafeBufferPointer<LedgerEntry>, _ index: Int, last: Bool,
    _ out: inout ByteOutput, _ worded: inout Worded
  ) {
    // One row to a line, compact (`JSONValue.compact`): keys sorted, no spaces. A ledger of a
    // million claims stays one line a claim, about half the bytes of the indented form.
    // Each key is written in the same append as the value after it (`escape(in:after:)`,
    // `append(_:amount:)`): every append checks the buffer's room.
    let entry = UnsafeMutablePointer(mutating: entries.baseAddress! + index)
    out.append("    {\"achieved_on\":\"" as StaticString)
    worded.append(date: entry.pointee.achievedOn, to: &out)
    out.append("\",\"amount\":\"", amount: entry.pointee.amount)
    JSONValue.escape(in: &entry.pointee.version, after: "\",\"card_version\":", to: &out)
    JSONValue.escape(in: &entry.pointee.claimID, after: ",\"claim_id\":", to: &out)
    out.append(",\"message\":" as StaticString)
    worded.append(&entry.pointee.detail, to: &out) { JSONValue.escape(bytes: $0, to: &$1) }
    JSONValue.escape(in: &entry.pointee.outcome, after: ",\"outcome\":", to: &out)
    JSONValue.escape(in: &entry.pointee.participantID, after: ",\"participant_id\":", to: &out)
    out.append(",\"payers\":{" as StaticString)
    LedgerStream.inPlace(&entry.pointee.payerAmounts) { parts in
      for (position, key) in payerKeys.enumerated() {
        if position > 0 { out.append("\"," as StaticString) }
        key.withUnsafeBufferPointer {
          out.append(prefix: $0, amount: parts[payers[position].offset])
        }
      }
    }
    JSONValue.escape(
      in: &entry.pointee.provider,
      after: payerKeys.isEmpty ? "},\"provider\":" : "\"},\"provider\":",
      to: &out)
    out.append(",\"reasons\":[" as StaticString)
    LedgerStream.inPlace(&entry.pointee.reasons) { reasons in
      for (position, reason) in reasons.enumerated() {
        out.append(position == 0 ? "\"" as StaticString : ",\"")
        out.append(reason.rawValue)
        out.append(UInt8(ascii: "\""))
      }
    }
    out.append("],\"status\":\"" as StaticString)
    out.append(entry.pointee.status.rawValue)
    out.append(last ? "\"}\n" as StaticString : "\"},\n")
  }
}
