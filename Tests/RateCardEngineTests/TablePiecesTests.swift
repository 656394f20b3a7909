import Foundation
import RateCard
import Testing

@testable import RateCardEngine

/// A claims file read in pieces (each let go once typed) must give the rows, issues, records
/// and record issues that the whole table gives.
@Suite struct TablePiecesTests {
  static func text(rows: Int) -> String {
    var text = "claim_id,participant_id,outcome,achieved_on,evidence,debt,hours,in_refuge\n"
    for row in 0..<rows {
      switch row % 7 {
      case 0: text += "c\(row),p\(row % 50),entry,2021-02-30,tenancy,£1.5,x,maybe\n"
      case 1: text += ",p1,entry,2021-01-01,tenncy,,,\n"
      case 2: text += "c\(row),p2,entry\n"
      case 3: text += "c\(row),p3,\"entry\nwith a break\",2021-03-01,tenancy,£2,1,no\n\n"
      default:
        text += "c\(row),p\(row % 900),entry,2021-03-0\(row % 9 + 1),tenancy,£341.75,16,yes\n"
      }
    }
    return text
  }

  @Test(arguments: [1, 7, 1_000, 60_000])
  func piecesReadAndTypeAsTheWholeTable(rows piece: Int) {
    let bytes = Array(TablePiecesTests.text(rows: 120_000).utf8)
    let whole = CSVReader.read(bytes, path: "c.csv")
    let pieces = CSVReader.pieces(bytes, path: "c.csv", rows: piece)
    #expect(pieces.count == (whole.rowCount + piece - 1) / piece)
    #expect(pieces.dropLast().allSatisfy { $0.rowCount == piece })
    #expect(pieces.allSatisfy { $0.header == whole.header && $0.path == "c.csv" })
    #expect(pieces[0].issues == whole.issues && pieces.dropFirst().allSatisfy(\.issues.isEmpty))
    #expect(pieces.flatMap(\.rows) == whole.rows)
    let card = RecordLoaderTests.card
    let (records, issues) = RecordLoader.claims(whole, card: card)
    let (pieceRecords, pieceIssues) = RecordLoader.claims(
      pieces: TablePieces(pieces), card: card, dates: .iso)
    #expect(pieceRecords.count == records.count)
    #expect(pieceRecords.map(\.row) == records.map(\.row))
    #expect(pieceRecords.map(\.id) == records.map(\.id))
    #expect(pieceRecords.map(\.values) == records.map(\.values))
    #expect(pieceRecords.map(\.problems) == records.map(\.problems))
    #expect(pieceRecords.map(\.evidence) == records.map(\.evidence))
    #expect(pieceIssues.map(\.description) == issues.map(\.description))
    #expect(issues.count > 60_000, "the broken rows are reported")
  }

  /// The two files loaded with both tables typed together, and with the participants typed
  /// first (as the command line does), the claims in pieces of `rows` rows.
  static func loadedBothWays(_ participantText: String, _ claimText: String, rows: Int) -> (
    together: RecordLoader.Loaded, first: RecordLoader.Loaded
  ) {
    let participants = CSVReader.read(Array(participantText.utf8), path: "p.csv")
    let bytes = Array(claimText.utf8)
    let card = RecordLoaderTests.card
    let together = RecordLoader.records(
      participants: participants, claimPieces: CSVReader.pieces(bytes, path: "c.csv", rows: rows),
      card: card)
    let first = RecordLoader.records(
      participants: RecordLoader.typedParticipants(participants, card: card),
      claimPieces: CSVReader.pieces(bytes, path: "c.csv", rows: rows), card: card)
    return (together, first)
  }

  /// Participants typed first (as the command line does, while the claims are read) load as
  /// when both tables are typed together: the same records, issues and index.
  @Test func participantsTypedFirstLoadAsBothTogether() {
    let participantText =
      "participant_id,provider,referred_on,complexity\n"
      + (0..<900).map { "p\($0),A,2020-0\($0 % 9 + 1)-01,\($0 % 5 == 0 ? "hgh" : "low")\n" }
      .joined() + "p3,B,2020-01-01,high\n"
    let (together, first) = TablePiecesTests.loadedBothWays(
      participantText, TablePiecesTests.text(rows: 5_000), rows: 700)
    #expect(first.participants.map(\.id) == together.participants.map(\.id))
    #expect(first.participants.map(\.values) == together.participants.map(\.values))
    #expect(first.claims.map(\.values) == together.claims.map(\.values))
    #expect(first.issues.map(\.description) == together.issues.map(\.description))
    #expect(
      first.index.person == together.index.person && first.index.order == together.index.order)
    #expect(together.issues.contains { $0.path == "p.csv" && $0.row == 902 })
  }

  /// Claims typed with the participants numbered already find their participants as they are
  /// typed: the same as the index finds them afterwards (both ways, and by hand), for a field
  /// that is padded, quoted, of another case, unknown, empty, or the id of a repeated row.
  @Test func claimsFindTheirParticipantsAsTheyAreTyped() {
    let participantText =
      "participant_id,provider,referred_on\n"
      + (0..<10).map { "p\($0),A,2020-01-01\n" }.joined() + "p3,B,2020-01-01\n"
    let fields = [" p5 ", "\"p6\"", "P5", "p9999", "", "p3", "p0", "p9"]
    let claimText =
      "claim_id,participant_id,outcome,achieved_on\n"
      + fields.enumerated().map { "c\($0),\($1),entry,2021-03-01\n" }.joined()
    let (together, first) = TablePiecesTests.loadedBothWays(participantText, claimText, rows: 3)
    #expect(first.index.person == [5, 6, -1, -1, -1, 3, 0, 9])
    #expect(together.index.person == first.index.person)
    #expect(first.claims.map(\.participantID) == together.claims.map(\.participantID))
    #expect(first.claims.map(\.participantID) == ["p5", "p6", "P5", "p9999", "", "p3", "p0", "p9"])
    #expect(first.issues.map(\.description) == together.issues.map(\.description))
  }

  /// Several pieces go whole to each core; one piece (a JSON Lines file) is still typed on
  /// every core, split evenly.
  @Test func rowsAreSplitBetweenTheCores() {
    let bytes = Array(TablePiecesTests.text(rows: 120_000).utf8)
    let pieces = CSVReader.pieces(bytes, path: "c.csv", rows: 7_000)
    let starts = pieces.reduce(into: [0]) { $0.append($0.last! + $1.rowCount) }
    let several = TablePieces(pieces).ranges()
    #expect(several.count == Parallel.balancedParts(for: 120_000))
    #expect(several.allSatisfy { starts.contains($0.lowerBound) && starts.contains($0.upperBound) })
    let one = TablePieces([CSVReader.read(bytes, path: "c.csv")]).ranges()
    #expect(one.count == Parallel.balancedParts(for: 120_000))
    #expect(one.map(\.count).max()! - one.map(\.count).min()! <= 1)
  }

  @Test func filesWithNoRowsAreOnePiece() {
    for text in ["", "claim_id,participant_id,outcome,achieved_on\n", "\n\n"] {
      let bytes = Array(text.utf8)
      let pieces = CSVReader.pieces(bytes, path: "c.csv", rows: 3)
      let whole = CSVReader.read(bytes, path: "c.csv")
      #expect(pieces.count == 1 && pieces[0].rowCount == 0)
      #expect(pieces[0].issues == whole.issues && pieces[0].header == whole.header)
      let (records, issues) = RecordLoader.claims(
        pieces: TablePieces(pieces), card: RecordLoaderTests.card, dates: .iso)
      #expect(records.isEmpty)
      #expect(
        issues.map(\.description)
          == RecordLoader.claims(whole, card: RecordLoaderTests.card).1.map(\.description))
    }
  }
}
