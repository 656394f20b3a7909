import Foundation
import Testing

/// The data side fails loudly and names the real problem (issue 13): a missing column stops
/// evaluation, an input is never overwritten, repeated errors are grouped, and files in
/// another format, encoding or date style are recognised.
@Suite struct DataProblemTests {
  static let card = """
    card "Data problems" {
      currency GBP
      term 2020-01-01 to 2022-12-31
    }
    payers {
      council "Council" 100%
    }
    claim fields {
      debt money optional
    }
    evidence {
      letter "Letter" third_party
    }
    outcome entry "Entry" {
      price £100
      repeatable
      unless claim.debt > £1,000
      evidence letter
    }

    """
  static let participants = "participant_id,provider,referred_on\np1,A,2020-01-06\n"

  /// Writes the card and files into a new folder, runs `ratecard` there, and returns what it
  /// printed and every file in the folder afterwards (the folder is removed).
  func run(_ files: [String: [UInt8]], _ arguments: [String]) throws -> (
    CommandLineTests.Run, [String: [UInt8]]
  ) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "data-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var all = files
    all["card.ratecard"] = all["card.ratecard"] ?? Array(DataProblemTests.card.utf8)
    all["p.csv"] = all["p.csv"] ?? Array(DataProblemTests.participants.utf8)
    for (name, bytes) in all {
      try Data(bytes).write(to: folder.appendingPathComponent(name))
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try CommandLineTests().run(arguments, in: folder)
    var after: [String: [UInt8]] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      after[name] = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }
    return (result, after)
  }

  func claims(_ header: String, _ rows: [String]) -> [UInt8] {
    Array((([header] + rows).joined(separator: "\n") + "\n").utf8)
  }

  static let eval = ["eval", "card.ratecard", "--participants", "p.csv", "--claims", "c.csv"]

  @Test func aMissingColumnStopsEvaluationAndNamesIt() throws {
    let (result, _) = try run(
      [
        "c.csv": claims(
          "claim_id,participant_id,outcome,achieved_on,debt", ["c1,p1,entry,2020-02-03,5"])
      ],
      DataProblemTests.eval)
    #expect(result.status == 1)
    #expect(result.output.isEmpty, "nothing is evaluated: \(result.output)")
    #expect(result.error.contains("c.csv:1: error: the column `evidence` is missing"))
    #expect(result.error.contains("nothing was evaluated"))
  }

  @Test func aRenamedColumnGetsDidYouMean() throws {
    let (result, _) = try run(
      [
        "c.csv": claims(
          "Claim Id,participant_id,outcome,achieved_date,evidence,debt",
          ["c1,p1,entry,2020-02-03,letter,5"])
      ], DataProblemTests.eval)
    #expect(result.status == 1)
    #expect(
      result.error.contains("the column `claim_id` is missing; did you mean the column `Claim Id`?")
    )
    #expect(
      result.error.contains(
        "the column `achieved_on` is missing; did you mean the column `achieved_date`?"))
  }

  @Test func outNeverOverwritesAnInput() throws {
    let (result, files) = try run(
      [
        "c.csv": claims(
          "claim_id,participant_id,outcome,achieved_on,evidence,debt",
          ["c1,p1,entry,2020-02-03,letter,5"])
      ],
      DataProblemTests.eval + ["--out", "./card.ratecard"])
    #expect(result.status == 2)
    #expect(result.error.contains("would overwrite the input card.ratecard"))
    #expect(files["card.ratecard"] == Array(DataProblemTests.card.utf8))
  }

  @Test func repeatedErrorsAreGroupedAndADateStyleIsNamedOnce() throws {
    let rows = (1...40).map {
      "c\($0),p1,entry,\(String(format: "%02d", $0 % 28 + 1))/02/2020,letter,5"
    }
    let (result, _) = try run(
      ["c.csv": claims("claim_id,participant_id,outcome,achieved_on,evidence,debt", rows)],
      DataProblemTests.eval + ["--format", "csv"])
    #expect(result.status == 1)
    let lines = result.error.components(separatedBy: "\n").filter { !$0.isEmpty }
    #expect(lines.count <= 8, "\(lines.count) lines: \(result.error)")
    #expect(
      result.error.contains("... and 37 more rows with the same problem in column achieved_on"))
    #expect(result.error.contains("are written DD/MM/YYYY; write YYYY-MM-DD"))
    #expect(result.error.contains("most rows (40 of 40 claims) could not be read"))
    let fixed = try run(
      ["c.csv": claims("claim_id,participant_id,outcome,achieved_on,evidence,debt", rows)],
      DataProblemTests.eval + ["--format", "csv", "--date-format", "DD/MM/YYYY"]
    ).0
    #expect(fixed.status == 0, "\(fixed.error)")
    #expect(fixed.output.contains("c1,p1,A,entry,2020-02-02,,paid,100.00"))
  }

  @Test func moneyWithAWindowsPoundSignIsAnEncodingProblem() throws {
    var bytes = Array(
      "claim_id,participant_id,outcome,achieved_on,evidence,debt\nc1,p1,entry,2020-02-03,letter,"
        .utf8)
    bytes += [0xA3] + Array("2000\n".utf8)
    let (result, _) = try run(["c.csv": bytes], DataProblemTests.eval)
    #expect(result.status == 1)
    #expect(result.error.contains("is not UTF-8; it looks like Windows-1252"))
    let fixed = try run(
      ["c.csv": bytes], DataProblemTests.eval + ["--format", "csv", "--encoding", "windows-1252"]
    ).0
    #expect(fixed.status == 0, "\(fixed.error)")
    #expect(fixed.output.contains(",rejected,0.00,0.00,excluded,"))
  }

  @Test func otherFileShapesAreNamed() throws {
    let semicolons = try run(
      [
        "c.csv": Array(
          "claim_id;participant_id;outcome;achieved_on;evidence\nc1;p1;entry;2020-02-03;letter\n"
            .utf8)
      ],
      DataProblemTests.eval
    ).0
    #expect(semicolons.error.contains("is separated by semicolons"))
    let workbook = try run(
      ["c.xlsx": [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]],
      ["eval", "card.ratecard", "--participants", "p.csv", "--claims", "c.xlsx"]
    ).0
    #expect(workbook.error.contains("`c.xlsx` is a workbook"))
    let array = try run(
      ["c.json": Array("[{\"claim_id\": \"c1\"}]".utf8)],
      ["eval", "card.ratecard", "--participants", "p.csv", "--claims", "c.json"]
    ).0
    #expect(array.error.contains("is a JSON array; ratecard reads JSON Lines"))
    let lines = try run(
      [
        "c.json": Array(
          "{\"claim_id\": \"c1\", \"participant_id\": \"p1\", \"outcome\": \"entry\", \"achieved_on\": \"2020-02-03\", \"evidence\": \"letter\", \"debt\": \"5\"}\n"
            .utf8)
      ],
      ["eval", "card.ratecard", "--participants", "p.csv", "--claims", "c.json", "--format", "csv"]
    ).0
    #expect(lines.status == 0, "\(lines.error)")
    #expect(lines.output.contains("c1,p1,A,entry,2020-02-03,,paid,100.00"))
    for shape in [semicolons, workbook, array] { #expect(shape.status == 1) }
  }
}
