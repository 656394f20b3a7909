import Foundation
import RateCard
import RateCardEngine
import Testing

/// Every sample card has participants and claims beside it; its ledger is kept as a golden
/// file in Tests/Fixtures/ledgers. Set RATECARD_RECORD=1 to re-record, then review the diff.
@Suite struct SampleLedgerTests {
  static let record = ProcessInfo.processInfo.environment["RATECARD_RECORD"] == "1"

  static func load(_ path: String) -> (
    VersionedCard, [ParticipantRecord], [ClaimRecord], [DataIssue]
  ) {
    let history = VersionedCard(Checker.check(Repository.source(path)).versions)
    let card = history.latest
    let base = String(path.dropLast(".ratecard".count))
    func bytes(_ file: String) -> [UInt8] {
      [UInt8](FileManager.default.contents(atPath: Repository.url(file).path) ?? Data())
    }
    let loaded = RecordLoader.load(
      participants: CSVReader.read(
        bytes(base + ".participants.csv"), path: base + ".participants.csv"),
      claims: CSVReader.read(bytes(base + ".claims.csv"), path: base + ".claims.csv"), card: card)
    return (history, loaded.participants, loaded.claims, loaded.issues)
  }

  @Test(arguments: Repository.sampleCards)
  func theLedgerMatchesItsGoldenFile(path: String) throws {
    let (card, participants, claims, issues) = SampleLedgerTests.load(path)
    #expect(participants.count >= 200, "\(path): hundreds of participants")
    #expect(issues.isEmpty, "\(path): \(issues.prefix(3))")
    let ledger = Evaluator.evaluate(card, participants: participants, claims: claims)
    #expect(ledger.entries.count == claims.count)
    // A realistic programme pays most claims and rejects some for several reasons.
    #expect(ledger.count(.paid) > ledger.entries.count / 4)
    #expect(Set(ledger.entries.flatMap(\.reasons)).count >= 6)
    let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    let golden = Repository.url("Tests/Fixtures/ledgers/\(name).ledger.csv")
    let csv = LedgerWriter.csv(ledger)
    if SampleLedgerTests.record { try Data(csv.utf8).write(to: golden) }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    #expect(csv == expected, "\(path): the ledger differs from \(golden.lastPathComponent)")
  }

  @Test func everyRejectionReasonAppearsInSomeSampleOrTest() {
    var seen: Set<ReasonCode> = []
    for path in Repository.sampleCards {
      let (card, participants, claims, _) = SampleLedgerTests.load(path)
      seen.formUnion(
        Evaluator.evaluate(card, participants: participants, claims: claims).entries.flatMap(
          \.reasons))
    }
    // The sample data is clean, so data errors are exercised by the data reader tests, and
    // evidence_too_weak by the evaluation tests.
    let elsewhere: Set<ReasonCode> = [
      .invalidData, .unknownParticipant, .unknownOutcome, .duplicateClaimID, .evidenceTooWeak,
    ]
    let missing = Set(ReasonCode.allCases).subtracting(seen).subtracting(elsewhere)
    #expect(missing.isEmpty, "no sample claim is rejected for \(missing.map(\.rawValue).sorted())")
  }
}
