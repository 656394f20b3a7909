import Foundation
import RateCard
import Testing

@testable import RateCardEngine

/// Claims typed as their file is split (`PipelinedClaims`, as the command line loads them on
/// more than one core) must load as the table typed once it is whole: the same records, issues
/// and index, row for row. The witness is `RecordLoader.records(participants:claimPieces:)`.
@Suite struct PipelinedClaimsTests {
  static let participantText =
    "participant_id,provider,referred_on,complexity\n"
    + (0..<900).map { "p\($0),A,2020-0\($0 % 9 + 1)-01,\($0 % 5 == 0 ? "hgh" : "low")\n" }
    .joined() + "p3,B,2020-01-01,high\n"

  /// Both ways: the participants typed on one thread and the claims split on another, as
  /// `ClaimData` does it, and the table typed once whole.
  static func loadedBothWays(
    participants participantText: String, claims claimText: String, rows: Int
  )
    -> (pipelined: RecordLoader.Loaded, whole: RecordLoader.Loaded)
  {
    let card = RecordLoaderTests.card
    let claimBytes = Array(claimText.utf8)
    let pipeline = PipelinedClaims(card: card, dates: .iso, pieceRows: rows)
    let ((participants, claims), _) = Parallel.together(
      { () -> (RecordLoader.TypedParticipants, [ClaimRecord]?) in
        let typed = RecordLoader.typedParticipants(
          CSVReader.read(Array(participantText.utf8), path: "p.csv"), card: card)
        return (typed, pipeline.typed(participants: typed))
      },
      { pipeline.split(claimBytes, path: "c.csv") })
    let pipelined = RecordLoader.records(
      participants: participants, pipelined: pipeline, claims: claims ?? [], card: card)
    let whole = RecordLoader.records(
      participants: RecordLoader.typedParticipants(
        CSVReader.read(Array(participantText.utf8), path: "p.csv"), card: card),
      claimPieces: CSVReader.pieces(claimBytes, path: "c.csv", rows: rows), card: card)
    return (pipelined, whole)
  }

  static func expectSame(_ a: RecordLoader.Loaded, _ b: RecordLoader.Loaded, _ label: String) {
    #expect(a.claims.count == b.claims.count, "\(label)")
    #expect(a.claims.map(\.id) == b.claims.map(\.id), "\(label)")
    #expect(a.claims.map(\.participantID) == b.claims.map(\.participantID), "\(label)")
    #expect(a.claims.map(\.outcome) == b.claims.map(\.outcome), "\(label)")
    #expect(a.claims.map(\.achievedOn) == b.claims.map(\.achievedOn), "\(label)")
    #expect(a.claims.map(\.evidence) == b.claims.map(\.evidence), "\(label)")
    #expect(a.claims.map(\.values) == b.claims.map(\.values), "\(label)")
    #expect(a.claims.map(\.row) == b.claims.map(\.row), "\(label)")
    #expect(a.claims.map(\.problems) == b.claims.map(\.problems), "\(label)")
    #expect(a.issues.map(\.description) == b.issues.map(\.description), "\(label)")
    #expect(a.issues.map(\.stopsEvaluation) == b.issues.map(\.stopsEvaluation), "\(label)")
    #expect(a.index.person == b.index.person && a.index.outcome == b.index.outcome, "\(label)")
    #expect(a.index.sharedID == b.index.sharedID && a.index.order == b.index.order, "\(label)")
  }

  /// Broken rows of every kind (impossible dates, unknown evidence, short rows, quoted line
  /// breaks, blank lines, an empty id), in pieces of one row, a few rows, and more rows than
  /// the file has.
  @Test(arguments: [1, 3, 700, 1_000_000])
  func piecesTypedAsSplitLoadAsTheWholeTable(rows: Int) {
    let (pipelined, whole) = PipelinedClaimsTests.loadedBothWays(
      participants: PipelinedClaimsTests.participantText,
      claims: TablePiecesTests.text(rows: 5_000), rows: rows)
    PipelinedClaimsTests.expectSame(pipelined, whole, "pieces of \(rows)")
    #expect(whole.claims.count == 5_000 && whole.issues.count > 2_000)
  }

  /// Line ends of every kind, a byte-order mark, quotes, a missing column, an undeclared one,
  /// and files with a header only, with nothing, or with blank lines only.
  @Test func oddFilesLoadAsTheWholeTable() {
    let header = "claim_id,participant_id,outcome,achieved_on,evidence\n"
    let texts = [
      header
        + "c1,p1,entry,2021-01-01,tenancy\r\nc2,p2,entry,2021-01-02,tenancy\rc3,p3,entry,2021-01-03,tenancy",
      "\u{FEFF}" + header + "c1,\"p1\",\"en\"\"try\",2021-01-01,tenancy\n",
      "claim_id,participant_id,achieved_on,colour\nc1,p1,2021-01-01,red\n",
      // The reader's issues (a short row, a stray quote) before the columns' (one missing).
      "claim_id,participant_id,achieved_on,colour\nc1,p1,2021-01-01,red\nc2,p2\nc3,p\"3,2021-01-01,red\n",
      header, "", "\n\n\n",
      header
        + (0..<50).map { "c\($0),p\($0 % 7),entry,2021-01-\($0 % 28 + 1),tenancy\n\n" }.joined(),
    ]
    for (number, text) in texts.enumerated() {
      for rows in [1, 2, 10] {
        let (pipelined, whole) = PipelinedClaimsTests.loadedBothWays(
          participants: PipelinedClaimsTests.participantText, claims: text, rows: rows)
        PipelinedClaimsTests.expectSame(pipelined, whole, "file \(number), pieces of \(rows)")
      }
    }
  }

  /// When the participants cannot be read nothing is typed, and when the claims are not split
  /// here (not CSV, or unreadable) the participants' thread gets no records: neither thread
  /// waits for ever.
  @Test func eitherSideFailingStopsBoth() {
    let card = RecordLoaderTests.card
    let noParticipants = PipelinedClaims(card: card, dates: .iso, pieceRows: 2)
    let (records, _) = Parallel.together(
      { noParticipants.typed(participants: nil) },
      { noParticipants.split(Array(TablePiecesTests.text(rows: 20).utf8), path: "c.csv") })
    #expect(records == nil)
    let abandoned = PipelinedClaims(card: card, dates: .iso, pieceRows: 2)
    let typed = RecordLoader.typedParticipants(
      CSVReader.read(Array(PipelinedClaimsTests.participantText.utf8), path: "p.csv"),
      card: card)
    let (none, _) = Parallel.together(
      { abandoned.typed(participants: typed) }, { abandoned.abandon() })
    #expect(none == nil)
  }

  /// The array is made before the file is split, so its size is a bound counted from the
  /// bytes: never fewer than the records the reader finds (a record ends at a line feed, a
  /// carriage return, a pair of them, or the file's end; a quoted line break ends none).
  @Test func theRowBoundIsNeverBelowTheRecords() {
    var random = SeededRandom(seed: 11)
    let pieces = ["a", "b,c", "\n", "\r", "\r\n", "\"x\ny\"", "\"q\"\"r\"", ",", " ", "\u{0B}"]
    for _ in 0..<300 {
      let text = (0..<random.int(0...60)).map { _ in random.pick(pieces) }.joined()
      let bytes = Array(text.utf8)
      let records = bytes.withUnsafeBufferPointer { buffer in
        var count = 0
        let split = CSVReader.split(buffer, path: "c.csv", rows: 1) { _ in count += 1 }
        return count + (split.header == nil ? 0 : 1)
      }
      let bound = bytes.withUnsafeBufferPointer(PipelinedClaims.rowBound)
      #expect(bound >= records, "\(text.debugDescription): \(bound) < \(records)")
    }
  }
}
