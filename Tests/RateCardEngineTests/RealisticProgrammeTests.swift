import Foundation
import RateCard
import Testing

@testable import RateCardEngine

/// The realistic shape looks like a real claims extract (docs/audit.md, "Calibration"). Each
/// property is checked on the KBOP card, and the claims are checked against the evaluator,
/// which the generator does not share code with for its conditions.
@Suite struct RealisticProgrammeTests {
  static let checked: CheckedCard = {
    let path = "Tests/Fixtures/audit/kbop-generic-single-version.ratecard"
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(path)
    let data = FileManager.default.contents(atPath: url.path) ?? Data()
    return Checker.check(SourceFile(path: path, bytes: [UInt8](data))).card
  }()
  static let card = Compiler.compile(checked)

  static func programme(
    seed: UInt64 = 3, participants: Int = 1_500, plants: [SyntheticProgramme.Plant] = []
  ) -> (participants: [ParticipantRecord], claims: [ClaimRecord]) {
    var settings = SyntheticProgramme.Settings(participants: participants, seed: seed)
    settings.shape = .realistic
    settings.plants = plants
    settings.readAudit(checked, card: card)
    var generator = SyntheticProgramme(card: card, settings: settings)
    return generator.generate()
  }

  static let clean = programme()

  func field(_ name: String) -> Int { RealisticProgrammeTests.card.claimSchema.index[name]! }

  /// Claims exist only where the rules are met: the evaluator pays nearly all of them, and
  /// none is rejected for a condition, an exclusion or a milestone. What it rejects are the
  /// mistakes the generator makes on purpose, and what follows from them.
  @Test func theEvaluatorFindsOnlyTheMistakesMadeOnPurpose() {
    let (participants, claims) = RealisticProgrammeTests.clean
    let ledger = Evaluator.evaluate(
      RealisticProgrammeTests.card, participants: participants, claims: claims)
    let paid = ledger.entries.filter { $0.status == .paid }.count
    #expect(Double(paid) / Double(claims.count) > 0.85, "\(paid) of \(claims.count) paid")
    let reasons = Set(ledger.entries.flatMap(\.reasons))
    for never: ReasonCode in [.conditionNotMet, .excluded, .notByException, .notStarted] {
      #expect(!reasons.contains(never), "\(never) in \(reasons)")
    }
    let expected: Set<ReasonCode> = [
      .evidenceMissing, .evidenceTooWeak, .tooEarly, .prerequisiteMissing, .previousRungMissing,
      .limitReached, .capReached, .outsideTerm, .tooLate,
    ]
    #expect(reasons.isSubset(of: expected), "\(reasons.subtracting(expected))")
  }

  /// A thresholded value is never below its threshold on a claim (here the wellbeing
  /// improvement: a star score up by at least 2), and the counts fall smoothly above it.
  @Test func thresholdedValuesStartAtTheThresholdAndFallAbove() {
    let (star, baseline) = (field("star_score"), field("baseline_star_score"))
    var counts: [Int: Int] = [:]
    for claim in RealisticProgrammeTests.clean.claims
    where claim.outcome.hasPrefix("wellbeing_improved") {
      guard case .number(let score) = claim.values[star],
        case .number(let base) = claim.values[baseline]
      else { continue }
      counts[NSDecimalNumber(decimal: score - base).intValue, default: 0] += 1
    }
    #expect(counts.keys.min() == 2)
    #expect(counts.values.reduce(0, +) >= 100)
    let (at2, at3, at4, at6) = (counts[2] ?? 0, counts[3] ?? 0, counts[4] ?? 0, counts[6] ?? 0)
    #expect(at2 > at4 && at3 > at6, "\(counts.sorted { $0.key < $1.key })")
  }

  /// Hours stay with a person from one employment rung to the next, mostly.
  @Test func hoursRepeatAcrossAPersonsRungs() {
    let hours = field("average_weekly_hours")
    var byPerson: [String: [Value]] = [:]
    for claim in RealisticProgrammeTests.clean.claims
    where claim.outcome.hasPrefix("employment_sustained") && claim.values[hours] != .missing {
      byPerson[claim.participantID, default: []].append(claim.values[hours])
    }
    let pairs = byPerson.values.filter { $0.count > 1 }
    let repeated = pairs.filter { $0[0] == $0[1] }.count
    #expect(pairs.count >= 20)
    #expect(Double(repeated) / Double(pairs.count) > 0.5, "\(repeated) of \(pairs.count)")
  }

  /// Nearly everyone who starts has the entry outcome claimed within a month; nobody who never
  /// started is claimed for; only the columns an outcome reads are filled.
  @Test func entryOutcomeForNearlyEveryoneWhoStarts() {
    let (participants, claims) = RealisticProgrammeTests.clean
    let card = RealisticProgrammeTests.card
    let entry = card.outcomes[card.entryOutcome!].id
    #expect(entry == "wellbeing_initial")
    let started = Dictionary(
      uniqueKeysWithValues: participants.compactMap { p in p.values[3].dayValue.map { (p.id, $0) } }
    )
    let assessedSoon = Set(
      claims.filter { claim in
        guard claim.outcome == entry, let day = claim.achievedOn,
          let start = started[claim.participantID]
        else { return false }
        return day <= start + 30
      }.map(\.participantID))
    #expect(Double(assessedSoon.count) / Double(started.count) > 0.9)
    #expect(claims.allSatisfy { started[$0.participantID] != nil })
    let route = field("accommodation_route")
    #expect(claims.filter { $0.outcome == entry }.allSatisfy { $0.values[route] == .missing })
  }

  /// Providers differ in size, and starts are delayed: mostly by days, sometimes by months,
  /// high-need referrals a little longer.
  @Test func providersDifferInSizeAndStartsAreDelayed() {
    let participants = RealisticProgrammeTests.clean.participants
    var sizes: [String: Int] = [:]
    for participant in participants {
      if case .text(let provider) = participant.values[1] { sizes[provider, default: 0] += 1 }
    }
    #expect(sizes.count == 8)
    #expect(Double(sizes.values.max()!) >= 3 * Double(sizes.values.min()!), "\(sizes)")
    let high = RealisticProgrammeTests.checked.audit.highNeed.map {
      Compiler.compileExpression($0, card: RealisticProgrammeTests.checked)
    }!
    var waits: [Bool: [Int]] = [:]
    for participant in participants {
      guard let start = participant.values[3].dayValue,
        let referred = participant.values[2].dayValue
      else { continue }
      waits[high.evaluate(participant.values, []).isTrue, default: []].append(Int(start - referred))
    }
    let all = (waits[true] ?? []) + (waits[false] ?? [])
    let median = all.sorted()[all.count / 2]
    #expect(median >= 3 && median <= 20, "median wait \(median)")
    #expect(all.filter { $0 > 45 }.count > 0)
    let mean = { (values: [Int]) in Double(values.reduce(0, +)) / Double(values.count) }
    #expect(mean(waits[true]!) > mean(waits[false]!))
    let startRate = Double(all.count) / Double(participants.count)
    #expect(startRate > 0.8 && startRate < 0.95)
  }

  /// Parking planted in its realistic form: a parked participant is assessed, then nothing.
  @Test func parkingIsAssessedThenNothing() {
    let provider = SyntheticProgramme.providers[0]
    let (participants, claims) = RealisticProgrammeTests.programme(
      plants: [.init(pattern: "parking", provider: provider, strength: 1)])
    let high = RealisticProgrammeTests.checked.audit.highNeed.map {
      Compiler.compileExpression($0, card: RealisticProgrammeTests.checked)
    }!
    let parked = Set(
      participants.filter {
        $0.values[1] == .text(provider) && $0.values[3] != .missing
          && high.evaluate($0.values, []).isTrue
      }.map(\.id))
    #expect(parked.count >= 50)
    let theirs = claims.filter { parked.contains($0.participantID) }
    #expect(Set(theirs.map(\.outcome)) == ["wellbeing_initial"])
    #expect(Double(Set(theirs.map(\.participantID)).count) / Double(parked.count) > 0.9)
  }

  /// Bunching planted in its realistic form: results just below the threshold are written down
  /// as the threshold, so the planted provider has more claims exactly at it than its peers,
  /// and still none below.
  @Test func bunchingLandsExactlyOnTheThreshold() {
    let provider = SyntheticProgramme.providers[0]
    let (participants, claims) = RealisticProgrammeTests.programme(
      plants: [.init(pattern: "threshold-bunching", provider: provider, strength: 1)])
    let providerOf = Dictionary(
      uniqueKeysWithValues: participants.map { ($0.id, $0.values[1] == .text(provider)) })
    let (star, baseline) = (field("star_score"), field("baseline_star_score"))
    var share: [Bool: (at: Int, all: Int)] = [:]
    for claim in claims where claim.outcome.hasPrefix("wellbeing_improved") {
      guard case .number(let score) = claim.values[star],
        case .number(let base) = claim.values[baseline]
      else { continue }
      #expect(score - base >= 2)
      let planted = providerOf[claim.participantID]!
      var entry = share[planted] ?? (0, 0)
      entry.all += 1
      if score - base == 2 { entry.at += 1 }
      share[planted] = entry
    }
    let own = Double(share[true]!.at) / Double(share[true]!.all)
    let peers = Double(share[false]!.at) / Double(share[false]!.all)
    #expect(
      own > peers + 0.1 && own > 1.5 * peers, "at the threshold: \(own) against peers' \(peers)")
  }

  @Test func theSameSeedGivesTheSameProgramme() {
    let again = RealisticProgrammeTests.programme()
    #expect(again.claims.map(\.values) == RealisticProgrammeTests.clean.claims.map(\.values))
    #expect(
      again.participants.map(\.values) == RealisticProgrammeTests.clean.participants.map(\.values))
  }
}
