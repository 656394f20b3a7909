import Foundation
import RateCard
import RateCardEngine
import Testing

/// The engine against the reference model on generated cards and data: every claim must get
/// the same status, amount, split and reasons. `RATECARD_DIFF_CASES` sets the number of cases
/// (CI: at least 2,000) and `RATECARD_DIFF_SEED` the first seed. A mismatch is shrunk to the
/// fewest claims, participants and card lines that still show it, and printed.
@Suite struct DifferentialTests {
  static let environment = ProcessInfo.processInfo.environment
  static let cases = Int(environment["RATECARD_DIFF_CASES"] ?? "") ?? 2_000
  static let firstSeed = UInt64(environment["RATECARD_DIFF_SEED"] ?? "") ?? 1

  /// The engine's rows and the reference's, or nil when the card does not check.
  static func compare(card text: String, participants: [[String]], claims: [[String]])
    -> (engine: [ReferenceModel.Row], reference: [ReferenceModel.Row])?
  {
    let checked = Checker.check(SourceFile(path: "generated.ratecard", text: text))
    guard !checked.hasErrors else { return nil }
    let history = VersionedCard(checked.versions)
    let card = history.latest
    // The checker reports every clause the compiler could not resolve, so none is left.
    let problems = history.versions.flatMap(\.card.outcomes).flatMap(\.problems)
    #expect(problems.isEmpty, "\(problems)")
    let loaded = RecordLoader.load(
      participants: CSVReader.read(
        Array(ProgrammeGenerator.csv(participants).utf8), path: "participants.csv"),
      claims: CSVReader.read(Array(ProgrammeGenerator.csv(claims).utf8), path: "claims.csv"),
      card: card)
    let ledger = Evaluator.evaluate(
      history, participants: loaded.participants, claims: loaded.claims)
    let engine = ledger.entries.map { entry in
      ReferenceModel.Row(
        claimID: entry.claimID, status: entry.status.rawValue, amount: Decimal(entry.amount),
        payers: entry.payerAmounts.map { Decimal($0) },
        reasons: entry.reasons.map(\.rawValue).sorted())
    }
    let models = checked.versions.map {
      (ReferenceModel(card: $0.card), $0.effective?.referenceDay)
    }
    let reference = models[0].0.evaluate(
      participants: participants, claims: claims, versions: models)
    return (engine, reference)
  }

  static func differs(_ card: String, _ participants: [[String]], _ claims: [[String]]) -> Bool {
    guard let (engine, reference) = compare(card: card, participants: participants, claims: claims)
    else { return false }
    return engine.count != reference.count
      || zip(engine, reference).contains { a, b in
        a != b || Array(a.claimID.utf8) != Array(b.claimID.utf8)
      }
  }

  /// Removes claims, participants and card lines one at a time while the mismatch stays.
  static func shrink(_ start: ProgrammeGenerator.Case) -> ProgrammeGenerator.Case {
    var smallest = start
    var progress = true
    while progress {
      progress = false
      for index in stride(from: smallest.claims.count - 1, through: 1, by: -1) {
        var claims = smallest.claims
        claims.remove(at: index)
        if differs(smallest.card, smallest.participants, claims) {
          smallest.claims = claims
          progress = true
        }
      }
      for index in stride(from: smallest.participants.count - 1, through: 1, by: -1) {
        var participants = smallest.participants
        participants.remove(at: index)
        if differs(smallest.card, participants, smallest.claims) {
          smallest.participants = participants
          progress = true
        }
      }
      // Whole blocks first (a line ending in `{` through its closing `}`), then single lines.
      var lines = smallest.card.split(separator: "\n", omittingEmptySubsequences: false)
      var index = lines.count - 1
      while index >= 0 {
        var fewer = lines
        var end = index
        if lines[index].hasSuffix("{") {
          var depth = 0
          for (offset, line) in lines[index...].enumerated() {
            depth += line.filter { $0 == "{" }.count - line.filter { $0 == "}" }.count
            if depth == 0 {
              end = index + offset
              break
            }
          }
        }
        fewer.removeSubrange(index...end)
        let text = fewer.joined(separator: "\n")
        if differs(text, smallest.participants, smallest.claims) {
          lines = fewer
          smallest.card = text
          progress = true
        }
        index = min(index, lines.count) - 1
      }
    }
    return smallest
  }

  @Test func theEngineAgreesWithTheReferenceModel() {
    var compared = 0
    var claims = 0
    var statuses: [String: Int] = [:]
    var reasons: Set<String> = []
    for seed in DifferentialTests
      .firstSeed..<(DifferentialTests.firstSeed + UInt64(DifferentialTests.cases))
    {
      let generated = ProgrammeGenerator.generate(seed: seed)
      guard
        let (engine, reference) = DifferentialTests.compare(
          card: generated.card, participants: generated.participants, claims: generated.claims)
      else { continue }
      compared += 1
      claims += engine.count
      for row in engine {
        statuses[row.status, default: 0] += 1
        reasons.formUnion(row.reasons)
      }
      if engine != reference
        || zip(engine, reference).contains(where: {
          Array($0.claimID.utf8) != Array($1.claimID.utf8)
        })
      {
        let small = DifferentialTests.shrink(generated)
        let (e, r) =
          DifferentialTests.compare(
            card: small.card, participants: small.participants, claims: small.claims) ?? ([], [])
        let rows = zip(e, r).filter { $0 != $1 }.map { "engine    \($0)\nreference \($1)" }
        Issue.record(
          """
          seed \(seed): the engine and the reference model disagree.
          --- card
          \(small.card)
          --- participants.csv
          \(ProgrammeGenerator.csv(small.participants))--- claims.csv
          \(ProgrammeGenerator.csv(small.claims))--- rows that differ
          \(rows.joined(separator: "\n"))
          """)
        return
      }
    }
    // The generator must produce cards that check, and exercise every outcome of a claim.
    #expect(compared >= DifferentialTests.cases * 3 / 4, "only \(compared) generated cards checked")
    #expect(Set(statuses.keys) == ["paid", "reduced", "rejected"])
    let everyReason = Set(ReasonCode.allCases.map(\.rawValue))
    #expect(
      everyReason.subtracting(reasons).isEmpty,
      "never seen: \(everyReason.subtracting(reasons).sorted())")
    print("differential: \(compared) cards, \(claims) claims, \(statuses)")
  }
}
