import Foundation
import RateCard
import RateCardEngine
import Testing

@Suite struct CSVReaderTests {
  func read(_ text: String) -> DataTable { CSVReader.read(Array(text.utf8), path: "t.csv") }

  @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() {
    let table = read("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"two\nlines\",z\r\n")
    #expect(table.header == ["a", "b", "c"])
    #expect(table.rows.map(\.fields) == [["1", "x, y", "say \"hi\""], ["2", "two\nlines", "z"]])
    // Rows are numbered by record, so the embedded line break does not shift them.
    #expect(table.rows.map(\.number) == [2, 3])
    #expect(table.issues.isEmpty)
  }

  @Test func byteOrderMarkBlankLinesAndNoFinalNewline() {
    let table = CSVReader.read([0xEF, 0xBB, 0xBF] + Array("a,b\n\n1,2".utf8), path: "t.csv")
    #expect(table.header == ["a", "b"])
    #expect(table.rows.map(\.fields) == [["1", "2"]])
  }

  @Test func badRowsAreReportedWithTheirRowNumber() {
    let table = read("a,b\n1,2,3\n4\n5,\"open\n")
    #expect(table.rows.count == 3)
    let messages = table.issues.map(\.description)
    #expect(messages.contains("t.csv:2: error: the row has 3 fields but the header has 2"))
    #expect(messages.contains("t.csv:3: error: the row has 1 field but the header has 2"))
    #expect(
      messages.contains("t.csv:4: error: a quoted field is not closed before the end of the file"))
  }

  @Test func emptyFileAndHeaderOnly() {
    #expect(read("").issues.map(\.message) == ["the file is empty: it needs a header row"])
    let headerOnly = read("claim_id,participant_id\n")
    #expect(headerOnly.rows.isEmpty)
    #expect(headerOnly.issues.isEmpty)
  }
}

@Suite struct JSONLinesReaderTests {
  @Test func objectsBecomeRowsWithTheUnionOfTheirKeys() {
    let text = """
      {"claim_id": "c1", "amount": 341.75, "flag": true}
      {"claim_id": "c2", "extra": null, "hours": 16}

      not json
      """
    let table = JSONLinesReader.read(Array(text.utf8), path: "t.jsonl")
    #expect(table.header == ["claim_id", "amount", "flag", "extra", "hours"])
    #expect(table.rows[0].fields == ["c1", "341.75", "yes", "", ""])
    #expect(table.rows[1].fields == ["c2", "", "", "", "16"])
    #expect(table.issues.map(\.description) == ["t.jsonl:4: error: this line is not a JSON object"])
  }
}

@Suite struct RecordLoaderTests {
  static let card: CompiledCard = {
    let text = """
      card "T" {
        currency GBP
        term 2020-01-01 to 2023-12-31
      }
      payers {
        council "Council" 100%
      }
      participant fields {
        complexity one of low, high
      }
      claim fields {
        debt money optional
        hours number optional
        in_refuge yes/no optional
      }
      evidence {
        tenancy "Tenancy" documentary
      }
      outcome entry "Entry" {
        price £500
        when participant.complexity == high or claim.debt >= £0 or claim.hours > 0 or claim.in_refuge
        evidence tenancy
      }
      """
    return Compiler.compile(Checker.check(SourceFile(path: "t", text: text)).card)
  }()

  @Test func valuesAreTypedAndBadOnesReportedByRowAndColumn() {
    let participants = CSVReader.read(
      Array(
        "participant_id,provider,referred_on,started_on,complexity,shoe_size\np1,A,2020-02-30,,high,9\np2,B,2020-03-01,2020-03-02,hgh,8\np1,C,2020-04-01,,low,7\n"
          .utf8),
      path: "p.csv")
    let (records, issues) = RecordLoader.participants(participants, card: RecordLoaderTests.card)
    #expect(records.map(\.id) == ["p1", "p2"])
    let messages = issues.map(\.description)
    #expect(
      messages.contains(
        "p.csv:1:6: warning: the card does not declare this column, so it is ignored (column shoe_size)"
      ))
    #expect(
      messages.contains(
        "p.csv:2:3: error: `2020-02-30` is not a date (write YYYY-MM-DD, a day that exists) (column referred_on)"
      ))
    #expect(
      messages.contains(
        "p.csv:3:5: error: `hgh` is not one of low, high; did you mean `high`? (column complexity)")
    )
    #expect(
      messages.contains(
        "p.csv:4: error: participant p1 already appears on row 2; this row is ignored (column participant_id)"
      ))
    #expect(records[0].problems.count == 1)
    #expect(records[1].values[4] == .missing)
  }

  @Test func claimsAlwaysBecomeRecordsEvenWhenBroken() {
    let claims = CSVReader.read(
      Array(
        "claim_id,participant_id,outcome,achieved_on,evidence,debt,hours,in_refuge\nc1,p1,entry,2021-01-01,tenancy;tenncy,£341.75,16,yes\n,p1,entry,2021-01-01,,-5,x,maybe\nc3,p2,entry\n"
          .utf8),
      path: "c.csv")
    let (records, issues) = RecordLoader.claims(claims, card: RecordLoaderTests.card)
    #expect(records.count == 3)
    #expect(records[0].values[4] == .money(34_175))
    #expect(records[0].values[5] == .number(16))
    #expect(records[0].values[6] == .bool(true))
    #expect(records[0].evidence == ["tenancy", "tenncy"])
    #expect(records[0].problems.isEmpty)
    #expect(records[1].id == "(row 3)")
    #expect(records[1].problems.count == 4)
    #expect(
      records[2].problems.contains("achieved_on is missing")
        || records[2].problems.contains("achieved_on is empty"))
    let messages = issues.map(\.description)
    #expect(
      messages.contains(
        "c.csv:2:5: warning: unknown evidence `tenncy` is ignored; did you mean `tenancy`? (column evidence)"
      ))
    #expect(messages.contains("c.csv:3:6: error: `-5` is a negative amount (column debt)"))
    #expect(messages.contains("c.csv:3:7: error: `x` is not a number (column hours)"))
    #expect(messages.contains("c.csv:3:8: error: `maybe` is not yes or no (column in_refuge)"))
  }

  @Test func brokenRowsAreRejectedAsInvalidDataAndNothingIsLost() {
    let card = RecordLoaderTests.card
    let (participants, _) = RecordLoader.participants(
      CSVReader.read(
        Array(
          "participant_id,provider,referred_on,started_on,complexity\np1,A,2020-01-06,2020-01-07,high\n"
            .utf8), path: "p.csv"),
      card: card)
    let (claims, _) = RecordLoader.claims(
      CSVReader.read(
        Array(
          "claim_id,participant_id,outcome,achieved_on,evidence,hours\nc1,p1,entry,2021-01-01,tenancy,3\nc2,p1,entry,2021-02-30,tenancy,3\nc3,p1,entry,2021-01-01,tenancy,many\n"
            .utf8), path: "c.csv"),
      card: card)
    let ledger = Evaluator.evaluate(card, participants: participants, claims: claims)
    #expect(ledger.entries.count == 3)
    #expect(ledger.entry("c1")?.status == .paid)
    #expect(ledger.entry("c2")?.reasons == [.invalidData])
    #expect(ledger.entry("c3")?.reasons == [.invalidData])
  }

  @Test func moneyIsReadExactly() {
    func read(_ text: String) -> Value? {
      try? ValueParser.parse(text, as: .money, currency: "GBP").get()
    }
    #expect(read("341.75") == .money(34_175))
    #expect(read("£1,500") == .money(150_000))
    #expect(read("GBP 0.1") == .money(10))
    #expect(read("0.105") == nil)
    #expect(read("€5") == nil)
    #expect(read("1e3") == nil)
    #expect(read("") == .missing)
  }
}

@Suite struct FlatJSONTests {
  @Test func numbersKeepTheirExactText() {
    let table = JSONLinesReader.read(
      Array(#"{"amount": 0.1, "big": 12345678901234567.89, "s": "a\"b\u00e9", "n": [1]}"#.utf8),
      path: "t.jsonl")
    #expect(table.issues.map(\.message) == ["a value must be text, a number, true/false or null"])
    let simple = JSONLinesReader.read(
      Array(#"{"amount": 0.1, "big": 12345678901234567.89, "s": "a\"b\u00e9"}"#.utf8),
      path: "t.jsonl")
    #expect(simple.rows[0].fields == ["0.1", "12345678901234567.89", "a\"bé"])
  }
}
