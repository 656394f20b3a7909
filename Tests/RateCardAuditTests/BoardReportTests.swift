import Foundation
import RateCard
import RateCardAudit
import RateCardEngine
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The board report is parsed as XML and its figures checked against the ledger `eval`
/// makes: the headline, every outcome's amount, the months, the providers and the impact.
@Suite struct BoardReportTests {
  /// Table cells by table id, and the headline figures by id.
  final class Reader: NSObject, XMLParserDelegate {
    var tables: [String: [[String]]] = [:]
    var headline: [String: String] = [:]
    var table: String?
    var row: [String]?
    var cell: String?
    var figure: String?
    var inValue = false
    var svgs = 0
    var labelledSVGs = 0

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) {
      switch name {
      case "table": table = attributes["id"]
      case "tr": row = []
      case "td", "th": cell = ""
      case "div":
        if let id = attributes["id"], id.hasPrefix("headline-") { figure = String(id.dropFirst(9)) }
        if attributes["class"] == "value" { inValue = true }
      case "svg":
        svgs += 1
        if attributes["role"] == "img" && attributes["aria-label"] != nil { labelledSVGs += 1 }
      default: break
      }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if cell != nil { cell! += string }
      if inValue, let figure { headline[figure, default: ""] += string }
    }

    func parser(
      _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
    ) {
      switch name {
      case "td", "th":
        if let cell { row?.append(cell) }
        cell = nil
      case "tr":
        if let table, let row { tables[table, default: []].append(row) }
        row = nil
      case "table": table = nil
      case "div": inValue = false
      default: break
      }
    }
  }

  static func load() throws -> (CheckResult, VersionedCard, [ParticipantRecord], [ClaimRecord]) {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let base = root.appendingPathComponent("Samples/kirklees/kbop-generic").path
    let checked = Checker.check(
      SourceFile(
        path: base + ".ratecard",
        bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: base + ".ratecard")))))
    let history = VersionedCard(checked.versions)
    let loaded = RecordLoader.load(
      participants: CSVReader.read(
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: base + ".participants.csv"))), path: "p"),
      claims: CSVReader.read(
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: base + ".claims.csv"))), path: "c"),
      card: history.latest)
    return (checked, history, loaded.participants, loaded.claims)
  }

  @Test func theReportsFiguresAreTheLedgers() throws {
    let (checked, history, participants, claims) = try BoardReportTests.load()
    let ledger = Evaluator.evaluate(history, participants: participants, claims: claims)
    let flags = Auditor.audit(
      AuditData(checked: checked.card, participants: participants, claims: claims))
    let impact = Impact(
      before: Evaluator.evaluate(
        history.forcing("v2")!, participants: participants, claims: claims),
      after: Evaluator.evaluate(history.forcing("v3")!, participants: participants, claims: claims),
      from: "v2", to: "v3", liabilityBefore: Liability.of(checked.versions[1].card),
      liabilityAfter: Liability.of(checked.versions[2].card))
    let html = BoardReport.html(.init(ledger: ledger, flags: flags, impact: impact))
    #expect(!html.contains("http://") || !html.contains("src=\"http"), "no network")
    #expect(html.contains("@page { size: A4"))
    let reader = Reader()
    let parser = XMLParser(data: Data(html.utf8))
    parser.delegate = reader
    #expect(
      parser.parse(), "the report is well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
    let summary = LedgerSummary(ledger)
    func money(_ units: Int64) -> String { Money(minorUnits: units, currency: "GBP").formatted }
    #expect(reader.headline["total"] == money(summary.total))
    #expect(reader.headline["rejected"] == "\(summary.rejected)")
    let outcomes = try #require(reader.tables["by-outcome"])
    #expect(outcomes.count == summary.byOutcome.count + 1)
    for line in summary.byOutcome {
      #expect(
        outcomes.contains { $0.first == line.key && $0.last == money(line.amount) }, "\(line.key)")
    }
    let months = try #require(reader.tables["by-month"])
    #expect(months.dropFirst().map(\.last) == summary.byMonth.map { money($0.amount) })
    let providers = try #require(reader.tables["providers"])
    #expect(providers.dropFirst().map(\.last) == summary.byProvider.map { money($0.amount) })
    #expect(reader.tables["ladder-accommodation_sustained"]?.count == 5)
    let totals = try #require(reader.tables["impact"])
    #expect(totals[1] == ["v2", money(impact.totalBefore)])
    #expect(totals[3] == ["change", money(impact.delta)])
    // Every chart is labelled, and each has a table with its figures.
    #expect(reader.svgs >= 4 && reader.labelledSVGs == reader.svgs)
    // Each rung's funnel figure: the participants with a paid or reduced claim of it.
    let ladder = try #require(reader.tables["ladder-accommodation_sustained"])
    for row in ladder.dropFirst() {
      let people = Set(
        ledger.entries.filter { $0.outcome == row.first && $0.status != .rejected }.map {
          Array($0.participantID.utf8)
        })
      #expect(row.last == "\(people.count)", "\(row)")
    }
    #expect(ladder.dropFirst().contains { $0.last != "0" })
  }

  /// `report` totals the summary and the funnels block by block as the rows go by, keeping no
  /// ledger: the page is the one the whole ledger gives.
  @Test func aReportTotalledInBlocksIsTheWholeLedgers() throws {
    let (checked, history, participants, claims) = try BoardReportTests.load()
    let ledger = Evaluator.evaluate(history, participants: participants, claims: claims)
    let flags = Auditor.audit(
      AuditData(checked: checked.card, participants: participants, claims: claims))
    let running = LedgerSummary.Running(card: ledger.card)
    var funnel = LadderFunnel(card: ledger.card)
    ledger.entries.withUnsafeBufferPointer { entries in
      for start in stride(from: 0, to: entries.count, by: 37) {
        let block = UnsafeBufferPointer(rebasing: entries[start..<min(start + 37, entries.count)])
        running.add(block)
        funnel.add(block)
      }
      running.settle()
    }
    let streamed = BoardReport.html(
      .init(card: ledger.card, summary: running.summary(), funnel: funnel, flags: flags))
    #expect(streamed == BoardReport.html(.init(ledger: ledger, flags: flags)))
    #expect(ledger.entries.count > 37 * 3)
  }
}
