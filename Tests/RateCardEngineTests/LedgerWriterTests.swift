import Foundation
import RateCard
import Testing

@testable import RateCardEngine

/// The ledger writers build bytes row by row. Their witness here is the plain way: every row
/// as a tree of `JSONValue`s rendered as one document (each row compact, on its own line), read
/// back by Foundation's JSON parser, and every CSV row as cells quoted with
/// `replacingOccurrences` and joined. Both must give the same bytes, for every sample and for
/// rows with awkward text.
@Suite struct LedgerWriterTests {
  static func treeJSON(_ ledger: ClaimLedger) -> String {
    let card = ledger.card
    func amount(_ units: Int64) -> JSONValue { .string(LedgerWriter.decimal(units)) }
    let entries = ledger.entries.map { entry -> JSONValue in
      var payers: [String: JSONValue] = [:]
      for (index, payer) in card.payers.enumerated() {
        payers[payer.id] = amount(entry.payerAmounts[index])
      }
      let date = entry.achievedOn.map { CalendarDate(dayNumber: $0).description } ?? ""
      return .object([
        "claim_id": .string(entry.claimID), "participant_id": .string(entry.participantID),
        "provider": .string(entry.provider), "outcome": .string(entry.outcome),
        "achieved_on": .string(date), "card_version": .string(entry.version),
        "status": .string(entry.status.rawValue), "amount": amount(entry.amount),
        "payers": .object(payers), "reasons": .array(entry.reasons.map { .string($0.rawValue) }),
        "message": .string(entry.message),
      ])
    }
    // The summary is rendered by the same code either way; only the rows are witnessed. Each
    // row is on a line of its own, compact; the rest of the document is indented.
    let parsed = try? JSONSerialization.jsonObject(with: Data(LedgerWriter.json(ledger).utf8))
    #expect(parsed != nil, "the JSON ledger parses")
    // Foundation's reading of the rows, a witness apart from `JSONValue`'s escaping.
    let rows = (parsed as? [String: Any])?["ledger"] as? [[String: Any]] ?? []
    #expect(rows.count == ledger.entries.count)
    for (row, entry) in zip(rows, ledger.entries) {
      #expect(row["claim_id"] as? String == entry.claimID)
      #expect(row["provider"] as? String == entry.provider)
      #expect(row["message"] as? String == entry.message)
      #expect(row["amount"] as? String == LedgerWriter.decimal(entry.amount))
      #expect(row["reasons"] as? [String] == entry.reasons.map(\.rawValue))
    }
    let document = JSONValue.object([
      "card": .object([
        "title": .string(card.title), "version": .string(card.version),
        "currency": .string(card.currency),
      ]),
      "ledger": .string("LEDGER"), "summary": .string("SUMMARY"),
    ]).rendered()
    let ledgerText =
      entries.isEmpty
      ? "[]" : "[\n" + entries.map { "    " + $0.compact() }.joined(separator: ",\n") + "\n  ]"
    let rendered = document.replacingOccurrences(of: "\"LEDGER\"", with: ledgerText)
    return rendered
  }

  static func plainCSV(_ ledger: ClaimLedger) -> String {
    func quoted(_ text: String) -> String {
      let special = text.utf8.contains { [0x2C, 0x22, 0x0A, 0x0D].contains($0) }
      return special ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    var out =
      ([
        "claim_id", "participant_id", "provider", "outcome", "achieved_on", "card_version",
        "status", "amount",
      ] + ledger.card.payers.map(\.id) + ["reasons", "message"]).map(quoted).joined(
        separator: ",") + "\r\n"
    for entry in ledger.entries {
      let date = entry.achievedOn.map { CalendarDate(dayNumber: $0).description } ?? ""
      let cells =
        [
          entry.claimID, entry.participantID, entry.provider, entry.outcome, date, entry.version,
          entry.status.rawValue, LedgerWriter.decimal(entry.amount),
        ] + entry.payerAmounts.map(LedgerWriter.decimal) + [
          entry.reasons.map(\.rawValue).joined(separator: ";"), entry.message,
        ]
      out += cells.map(quoted).joined(separator: ",") + "\r\n"
    }
    return out
  }

  /// The streamed JSON with its summary replaced, to compare the rows with the tree.
  static func rowsOfStreamedJSON(_ ledger: ClaimLedger) -> String {
    let json = LedgerWriter.json(ledger)
    let marker = "\n  \"summary\" : "
    guard let range = json.range(of: marker, options: .backwards) else { return json }
    return String(json[..<range.upperBound]) + "\"SUMMARY\"\n}\n"
  }

  static func ledgers() -> [(String, ClaimLedger)] {
    Repository.sampleCards.map { path in
      let (card, participants, claims, _) = SampleLedgerTests.load(path)
      return (path, Evaluator.evaluate(card, participants: participants, claims: claims))
    }
  }

  @Test func everySampleLedgerIsWrittenAsTheWitnessWritesIt() {
    for (path, ledger) in LedgerWriterTests.ledgers() {
      #expect(LedgerWriter.csv(ledger) == LedgerWriterTests.plainCSV(ledger), "\(path) CSV")
      #expect(
        LedgerWriterTests.rowsOfStreamedJSON(ledger) == LedgerWriterTests.treeJSON(ledger),
        "\(path) JSON")
    }
  }

  @Test func awkwardTextIsQuotedAndEscapedTheSameWay() throws {
    var (_, ledger) = try #require(LedgerWriterTests.ledgers().first)
    let awkward = [
      "a,b", "say \"hi\"", "two\r\nlines", "tab\there", "bell\u{07}", "café", "e\u{301}", "",
      "back\\slash", "£1,500.00",
    ]
    for index in ledger.entries.indices.prefix(awkward.count * 2) {
      ledger.entries[index].claimID = awkward[index % awkward.count]
      ledger.entries[index].message = awkward[(index + 3) % awkward.count]
      ledger.entries[index].provider = awkward[(index + 5) % awkward.count]
      ledger.entries[index].achievedOn = index % 4 == 0 ? nil : ledger.entries[index].achievedOn
      ledger.entries[index].reasons = Array(ReasonCode.allCases.prefix(index % 3))
      ledger.entries[index].amount = [-150, 0, 5, 123_456_789][index % 4]
    }
    #expect(LedgerWriter.csv(ledger) == LedgerWriterTests.plainCSV(ledger))
    #expect(LedgerWriterTests.rowsOfStreamedJSON(ledger) == LedgerWriterTests.treeJSON(ledger))
    // One payer, and none: a JSON row's payers are written around the keys there are.
    for kept in [1, 0] {
      var fewer = ledger
      fewer.card.payers = Array(fewer.card.payers.prefix(kept))
      for index in fewer.entries.indices {
        fewer.entries[index].payerAmounts = Array(fewer.entries[index].payerAmounts.prefix(kept))
      }
      #expect(LedgerWriter.csv(fewer) == LedgerWriterTests.plainCSV(fewer), "\(kept) payers")
      #expect(
        LedgerWriterTests.rowsOfStreamedJSON(fewer) == LedgerWriterTests.treeJSON(fewer),
        "\(kept) payers")
    }
    ledger.entries = []
    #expect(LedgerWriter.csv(ledger) == LedgerWriterTests.plainCSV(ledger))
    #expect(LedgerWriterTests.rowsOfStreamedJSON(ledger) == LedgerWriterTests.treeJSON(ledger))
  }

  /// Every ASCII byte, alone and amid text, quoted for CSV and escaped for JSON as rules
  /// written out here say (the writers find the bytes to escape by a mask of bits): CSV quotes
  /// a field with a comma, quote, line feed or carriage return and doubles its quotes; JSON's
  /// text, read back by Foundation's parser, is the text.
  @Test func everyByteIsQuotedAndEscapedAsTheRulesSay() throws {
    for code in 0..<128 {
      let character = Character(Unicode.Scalar(UInt8(code)))
      let texts = [
        String(character), "id\(character)", "\(character)é-long id 12345678",
        // Quotes at either end, side by side and among commas: the runs between them.
        "\"\(character)\"", "a\"\"b\(character)", "\(character),\"x\",\"\"",
      ]
      for text in texts {
        let special: Set<Character> = [",", "\"", "\n", "\r"]
        let csvWitness =
          text.contains(where: special.contains)
          ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        #expect(LedgerWriter.csvField(text) == csvWitness, "byte \(code)")
        var json = ""
        JSONValue.escape(text, into: &json)
        let parsed =
          try JSONSerialization.jsonObject(
            with: Data("[\(json)]".utf8)) as? [String]
        #expect(parsed == [text], "byte \(code)")
        #expect(json.utf8.allSatisfy { $0 >= 0x20 }, "byte \(code)")
      }
    }
  }

  /// Whether `decide` finds a byte of `special` exactly when there is one: every byte value at
  /// every place in texts of 1 to 24 bytes, amid `fillers` (bytes next to the special ones,
  /// beyond ASCII, what borrows in a word's arithmetic).
  static func findsEvery(
    _ special: Set<UInt8>, amid fillers: [UInt8],
    _ decide: (UnsafeBufferPointer<UInt8>) -> Bool
  ) -> Bool {
    var random = SeededRandom(seed: 20_261_125)
    for length in 1...24 {
      for place in 0..<length {
        for code in 0...255 {
          var bytes = (0..<length).map { _ in random.pick(fillers) }
          bytes[place] = UInt8(code)
          let witness = bytes.contains(where: special.contains)
          if bytes.withUnsafeBufferPointer(decide) != witness { return false }
        }
      }
    }
    return !decide(UnsafeBufferPointer(start: nil, count: 0))
  }

  /// Which fields CSV quotes (decided by a mask of bits), against the rule written as a set.
  @Test func quotingIsDecidedAsByteByByte() {
    let fillers: [UInt8] = [
      0x41, 0x2B, 0x2D, 0x21, 0x23, 0x0B, 0x0C, 0x0E, 0x09, 0x00, 0x01, 0x80, 0xFF,
    ]
    #expect(
      LedgerWriterTests.findsEvery([0x2C, 0x22, 0x0A, 0x0D], amid: fillers) {
        LedgerWriter.needsQuotes($0)
      })
  }

  /// Which texts JSON escapes (decided eight bytes at a time), against the rule written as a
  /// set: a control character, a quote or a backslash.
  @Test func escapingIsDecidedAsByteByByte() {
    let special = Set<UInt8>(0..<0x20).union([0x22, 0x5C])
    let fillers: [UInt8] = [0x41, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xFF, 0x3F, 0xA0, 0xDC]
    #expect(LedgerWriterTests.findsEvery(special, amid: fillers) { JSONValue.needsEscape($0) })
  }

  /// The one escaper, the one amount format and the one date format, against values worked
  /// out by hand (the witnesses above share them with the writers).
  @Test func escapingAmountsAndDatesAreWrittenAsStated() {
    var out = ""
    JSONValue.escape("a\"b\\c\nd\re\tf\u{07}é", into: &out)
    #expect(out == #""a\"b\\c\nd\re\tf\u0007é""#)
    #expect(
      [-150, 0, 5, 99, 100, 123_456_789].map(LedgerWriter.decimal) == [
        "-1.50", "0.00", "0.05", "0.99", "1.00", "1234567.89",
      ])
    #expect(CalendarDate(year: 2021, month: 3, day: 5)?.description == "2021-03-05")
    #expect(CalendarDate(year: 987, month: 12, day: 31)?.description == "0987-12-31")
  }

  @Test func aSinkReceivesTheSameBytesInChunks() {
    for (_, ledger) in LedgerWriterTests.ledgers().prefix(2) {
      var chunks: [[UInt8]] = []
      var out = ByteOutput { chunks.append(Array($0)) }
      LedgerWriter.writeJSON(ledger, to: &out)
      #expect(out.bytes.isEmpty)
      #expect(chunks.flatMap { $0 } == Array(LedgerWriter.json(ledger).utf8))
    }
  }
}

/// The summary is computed in one pass over the entries; its witness is the plain way, one
/// filter or group per total, on every sample ledger.
@Suite struct LedgerSummaryTests {
  @Test func everySampleSummaryMatchesThePlainTotals() {
    for (path, ledger) in LedgerWriterTests.ledgers() {
      LedgerSummaryTests.matchesThePlainTotals(ledger, path)
    }
  }

  /// A ledger long enough to be summed in parts on every core: a sample's rows repeated with
  /// new participants and later months.
  @Test func aSummaryInPartsMatchesThePlainTotals() throws {
    let (path, sample) = try #require(
      LedgerWriterTests.ledgers().first { $0.0.contains("kbop-generic") })
    var ledger = sample
    ledger.entries = []
    var copy = 0
    while ledger.entries.count < 130_000 {
      for var entry in sample.entries {
        entry.participantID += "-\(copy % 97)"
        entry.achievedOn = entry.achievedOn.map { $0 + DayNumber(copy % 40) * 31 }
        ledger.entries.append(entry)
      }
      copy += 1
    }
    #expect(Parallel.parts(for: ledger.entries.count) == min(Parallel.cores, 2))
    LedgerSummaryTests.matchesThePlainTotals(ledger, path)
  }

  /// The summary totalled block by block as `eval` totals it for its JSON ledger, on every
  /// sample ledger and on one long enough for many blocks, in blocks of uneven sizes.
  @Test func aRunningSummaryMatchesThePlainTotals() throws {
    var ledgers = LedgerWriterTests.ledgers()
    let (path, sample) = try #require(ledgers.first { $0.0.contains("kbop-generic") })
    var long = sample
    long.entries = (0..<40).flatMap { copy in
      sample.entries.map { entry in
        var entry = entry
        entry.participantID += "-\(copy % 13)"
        return entry
      }
    }
    ledgers.append((path + " (long)", long))
    for (path, ledger) in ledgers {
      let running = LedgerSummary.Running(card: ledger.card)
      ledger.entries.withUnsafeBufferPointer { entries in
        var start = 0
        var size = 1
        while start < entries.count {
          let end = min(entries.count, start + size)
          running.add(UnsafeBufferPointer(rebasing: entries[start..<end]))
          start = end
          size = size * 3 + 1
        }
        LedgerSummaryTests.matchesThePlainTotals(ledger, path, summary: running.summary())
      }
    }
  }

  static func matchesThePlainTotals(
    _ ledger: ClaimLedger, _ path: String, summary: LedgerSummary? = nil
  ) {
    let summary = summary ?? LedgerSummary(ledger)
    let entries = ledger.entries
    #expect(summary.claims == entries.count, "\(path)")
    #expect(summary.paid == entries.filter { $0.status == .paid }.count, "\(path)")
    #expect(summary.reduced == entries.filter { $0.status == .reduced }.count, "\(path)")
    #expect(summary.rejected == entries.filter { $0.status == .rejected }.count, "\(path)")
    #expect(summary.total == entries.map(\.amount).reduce(0, +), "\(path)")
    func plain(_ key: (LedgerEntry) -> String) -> [String: [Int64]] {
      Dictionary(grouping: entries, by: key).mapValues { group in
        [
          Int64(group.filter { $0.status == .paid }.count),
          Int64(group.filter { $0.status == .reduced }.count),
          Int64(group.filter { $0.status == .rejected }.count), group.map(\.amount).reduce(0, +),
        ]
      }
    }
    func lines(_ lines: [LedgerSummary.Line]) -> [String: [Int64]] {
      Dictionary(
        uniqueKeysWithValues: lines.map {
          ($0.key, [Int64($0.paid), Int64($0.reduced), Int64($0.rejected), $0.amount])
        })
    }
    #expect(lines(summary.byOutcome) == plain(\.outcome), "\(path)")
    #expect(lines(summary.byProvider) == plain(\.provider), "\(path)")
    #expect(summary.byProvider.map(\.key) == summary.byProvider.map(\.key).sorted())
    let month = { (entry: LedgerEntry) in
      entry.achievedOn.map { String(CalendarDate(dayNumber: $0).description.prefix(7)) }
        ?? "(no date)"
    }
    #expect(lines(summary.byMonth) == plain(month), "\(path)")
    #expect(summary.byMonth.map(\.key) == summary.byMonth.map(\.key).sorted(), "\(path)")
    for (index, payer) in summary.byPayer.enumerated() {
      #expect(payer.amount == entries.map { $0.payerAmounts[index] }.reduce(0, +), "\(path)")
    }
    var reasons: [String: Int] = [:]
    for entry in entries where entry.status == .rejected {
      for reason in entry.reasons { reasons[reason.rawValue, default: 0] += 1 }
    }
    #expect(
      Dictionary(uniqueKeysWithValues: summary.reasons.map { ($0.reason, $0.count) }) == reasons)
    if ledger.card.participantCap != nil {
      let highest = Dictionary(grouping: entries, by: \.participantID).values.map {
        $0.map(\.amount).reduce(0, +)
      }.max()
      #expect(summary.caps.last?.used == highest, "\(path)")
    }
  }
}

/// `eval` writes rows while later claims are still being evaluated. The blocks it hears must
/// cover every row once, in order, and the bytes written from them must be the bytes of the
/// ledger written after the evaluation, for a programme of several blocks.
@Suite struct LedgerStreamTests {
  final class Heard: @unchecked Sendable {
    var ranges: [Range<Int>] = []
    var csv = ByteOutput()
    var json = ByteOutput()
  }

  /// A programme generated for the KBOP sample card.
  static func programme(participants: Int, seed: UInt64) throws -> (
    VersionedCard, [ParticipantRecord], [ClaimRecord]
  ) {
    let path = try #require(Repository.sampleCards.first { $0.contains("kbop-generic") })
    let (history, _, _, _) = SampleLedgerTests.load(path)
    var programme = SyntheticProgramme(
      card: history.latest, settings: .init(participants: participants, seed: seed))
    let (people, claims) = programme.generate()
    return (history, people, claims)
  }

  /// A block big enough to be worded in two halves at once (`LedgerStream.Helper`) gives the
  /// bytes of its rows worded one at a time, in blocks too small to split, in both formats.
  @Test func halvesWordedAtOnceAreTheRowsWordedOneByOne() throws {
    let (history, participants, claims) = try LedgerStreamTests.programme(
      participants: 3_000, seed: 12)
    let card = history.latest
    let ledger = Evaluator.evaluate(history, participants: participants, claims: claims)
    let count = ledger.entries.count
    #expect(count >= 2 * LedgerStream.helpedBlock, "a block that splits: \(count)")
    for format in [LedgerStream.Format.csv, .json] {
      let stream = LedgerStream(format, card: card, rows: count)
      var whole = ByteOutput()
      var one = ByteOutput()
      ledger.entries.withUnsafeBufferPointer { rows in
        // Twice over, so the helper's kept buffer and messages are used again.
        for _ in 0..<2 { stream.rows(rows, first: 0, to: &whole) }
        for _ in 0..<2 {
          for index in rows.indices {
            stream.rows(
              UnsafeBufferPointer(rebasing: rows[index..<(index + 1)]), first: index, to: &one)
          }
        }
      }
      let same = whole.bytes == one.bytes
      #expect(same && whole.count > 0, "\(format)")
    }
  }

  @Test(arguments: [true, false])
  func rowsHeardDuringEvaluationAreTheLedgerWrittenAfterIt(keepingRows: Bool) throws {
    let (history, participants, claims) = try LedgerStreamTests.programme(
      participants: 7_000, seed: 11)
    let card = history.latest
    #expect(claims.count > 2 * Evaluator.rowBlock, "several blocks: \(claims.count)")
    let csv = LedgerStream(.csv, card: card, rows: claims.count)
    let json = LedgerStream(.json, card: card, rows: claims.count)
    let heard = Heard()
    let running = LedgerSummary.Running(card: card)
    csv.head(to: &heard.csv)
    json.head(to: &heard.json)
    let streamed = Evaluator.evaluate(
      history, participants: participants, claims: claims,
      rows: { rows, first in
        heard.ranges.append(first..<(first + rows.count))
        running.add(rows)
        csv.rows(rows, first: first, to: &heard.csv)
        json.rows(rows, first: first, to: &heard.json)
        running.settle()
      }, keepingRows: keepingRows)
    json.tail(summary: running.summary(), to: &heard.json)
    #expect(heard.ranges.first?.lowerBound == 0)
    #expect(
      zip(heard.ranges, heard.ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    #expect(heard.ranges.last?.upperBound == claims.count)
    let after = Evaluator.evaluate(history, participants: participants, claims: claims)
    // Rows not kept are released as they are handed on: the ledger returned has none.
    #expect(streamed.entries == (keepingRows ? after.entries : []))
    #expect(String(decoding: heard.csv.bytes, as: UTF8.self) == LedgerWriter.csv(after))
    #expect(String(decoding: heard.json.bytes, as: UTF8.self) == LedgerWriter.json(after))
  }
}
