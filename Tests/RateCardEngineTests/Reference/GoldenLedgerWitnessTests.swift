import Foundation
import RateCard
import Testing

/// The golden ledgers prove only that nothing changed. Here the reference model, which shares
/// nothing with the engine but the parsed card, recomputes every sample's ledger from the CSV
/// files and must agree with what was recorded: status, amount, each payer's part and the
/// reasons of every claim.
@Suite struct GoldenLedgerWitnessTests {
  static func text(_ relative: String) -> String {
    (try? String(contentsOf: Repository.url(relative), encoding: .utf8)) ?? ""
  }

  @Test(arguments: Repository.sampleCards)
  func theReferenceModelAgreesWithTheGoldenLedger(path: String) {
    let versions = Checker.check(Repository.source(path)).versions
    let card = versions[0].card
    let base = String(path.dropLast(".ratecard".count))
    let models = versions.map { (ReferenceModel(card: $0.card), $0.effective?.referenceDay) }
    let rows = models[0].0.evaluate(
      participants: RReader.csv(GoldenLedgerWitnessTests.text(base + ".participants.csv")),
      claims: RReader.csv(GoldenLedgerWitnessTests.text(base + ".claims.csv")), versions: models)
    let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    let golden = RReader.csv(
      GoldenLedgerWitnessTests.text("Tests/Fixtures/ledgers/\(name).ledger.csv"))
    guard let header = golden.first else {
      Issue.record("no golden ledger for \(path)")
      return
    }
    let recorded = golden.dropFirst().map { row in
      let payers = card.payers.map { payer in
        Decimal(string: row[header.firstIndex(of: payer.id)!])! * 100
      }
      let reasons = row[header.firstIndex(of: "reasons")!].split(separator: ";").map(String.init)
      return ReferenceModel.Row(
        claimID: row[0], status: row[header.firstIndex(of: "status")!],
        amount: Decimal(string: row[header.firstIndex(of: "amount")!])! * 100, payers: payers,
        reasons: reasons.sorted())
    }
    #expect(rows.count == recorded.count)
    let mismatches = zip(rows, recorded).filter { $0 != $1 }
    #expect(
      mismatches.isEmpty,
      "\(path): \(mismatches.count) rows differ, first: reference \(mismatches.first.map { "\($0.0)" } ?? "") vs golden \(mismatches.first.map { "\($0.1)" } ?? "")"
    )
    #expect(rows.contains { $0.status == "reduced" } || rows.contains { $0.status == "paid" })
  }
}
