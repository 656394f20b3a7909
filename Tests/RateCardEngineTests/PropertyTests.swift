import Foundation
import RateCard
import RateCardEngine
import Testing

/// Properties that must hold for any card and any claims: generated cards with random shares,
/// prices, caps, limits and ladders, evaluated on generated programmes.
@Suite struct PropertyTests {
  /// A random valid card: two or three payers, optional caps, outcomes with random limits and
  /// conditions, and a ladder.
  static func card(seed: UInt64) -> String {
    var random = SeededRandom(seed: seed)
    let first = random.int(1...98)
    let second = random.int(1...(99 - first))
    let payers =
      random.chance(0.5)
      ? "  a \"A\" \(first)%\n  b \"B\" \(100 - first)%\n"
      : "  a \"A\" \(first)%\n  b \"B\" \(second)%\n  c \"C\" \(100 - first - second)%\n"
    var prices: [Int] = []
    var outcomes = ""
    for index in 1...4 {
      let price = random.int(1...300) * 25 + random.int(0...99)  // pounds and odd pence
      prices.append(price)
      var clauses = "  price £\(price / 100).\(String(format: "%02d", price % 100))\n"
      switch random.int(0...3) {
      case 0: clauses += "  at most \(random.int(2...4)) per participant\n"
      case 1: clauses += "  repeatable, at least \(random.int(1...8)) weeks apart\n"
      case 2: clauses += "  at most 3 per participant, once per claim.kind\n"
      default: break
      }
      if random.chance(0.4) { clauses += "  cap \(random.int(5...60)) claims\n" }
      if random.chance(0.4) { clauses += "  cap £\(random.int(prices.last! / 100 + 1...4000))\n" }
      if random.chance(0.4) { clauses += "  when claim.hours >= \(random.int(0...10))\n" }
      if random.chance(0.3) { clauses += "  unless participant.band == high\n" }
      if random.chance(0.3) { clauses += "  payers a 100%\n" }
      outcomes += "outcome o\(index) \"O\(index)\" {\n\(clauses)  evidence any of doc, self\n}\n\n"
    }
    let rungPrices = (1...3).map { _ in random.int(1...40) * 50 }
    let rungs = rungPrices.enumerated().map { "  \(($0 + 1) * 3) months £\($1)\n" }.joined()
    let highest = max(prices.max()! / 100 + 1, rungPrices.max()!)
    var caps = ""
    if random.chance(0.7) { caps += "  per participant £\(random.int(highest...highest + 3000))\n" }
    if random.chance(0.6) { caps += "  contract £\(random.int(2000...60000))\n" }
    if random.chance(0.5) { caps += "  payer a £\(random.int(1000...30000))\n" }
    return """
      card "Generated \(seed)" {
        currency GBP
        term 2020-01-01 to 2023-12-31
      }

      payers {
      \(payers)}

      \(caps.isEmpty ? "" : "caps {\n\(caps)}\n")
      participant fields {
        band one of low, high
      }

      claim fields {
        hours number optional
        kind one of x, y, z optional
      }

      evidence {
        doc "Document" documentary
        self "Self-certification" self_certified
      }

      \(outcomes)ladder kept "Kept" from o1 {
      \(rungs)  requires previous
        evidence any of doc, self at least self_certified
      }

      """
  }

  struct Case {
    var card: CompiledCard
    var participants: [ParticipantRecord]
    var claims: [ClaimRecord]
  }

  static func generated(seed: UInt64) throws -> Case {
    let text = card(seed: seed)
    let result = Checker.check(SourceFile(path: "generated", text: text))
    let errors = result.errors.map(\.message)
    try #require(errors.isEmpty, "generated card \(seed):\n\(text)")
    let card = Compiler.compile(result.card)
    var programme = SyntheticProgramme(card: card, settings: .init(participants: 40, seed: seed))
    let (participants, claims) = programme.generate()
    return Case(card: card, participants: participants, claims: claims)
  }

  static let seeds: [UInt64] = Array(1...40)

  @Test(arguments: seeds)
  func ledgerInvariants(seed: UInt64) throws {
    let example = try PropertyTests.generated(seed: seed)
    let card = example.card
    let ledger = Evaluator.evaluate(
      card, participants: example.participants, claims: example.claims)
    // One row per input claim, and every claim has a status.
    #expect(ledger.entries.count == example.claims.count)
    #expect(
      ledger.count(.paid) + ledger.count(.reduced) + ledger.count(.rejected) == example.claims.count
    )
    #expect(Set(ledger.entries.map(\.claimID)) == Set(example.claims.map(\.id)))
    // Amounts: the total is the sum of rows and of payers; each row's payers add up to it.
    let summary = LedgerSummary(ledger)
    #expect(summary.total == ledger.entries.reduce(0) { $0 + $1.amount })
    #expect(summary.total == summary.byPayer.reduce(0) { $0 + $1.amount })
    for entry in ledger.entries {
      #expect(entry.payerAmounts.reduce(0, +) == entry.amount)
      #expect(entry.amount >= 0)
      #expect((entry.status == .rejected) == (entry.amount == 0))
      #expect((entry.status == .rejected) == !entry.reasons.isEmpty || entry.status == .reduced)
      // No claim pays more than its price.
      if let index = card.outcomeIndex[entry.outcome],
        case .money(let price)? = card.outcomes[index].base.price?.evaluate([], [])
      {
        #expect(entry.amount <= price)
        #expect(
          (entry.status == .paid) == (entry.amount == price && entry.amount > 0) || price == 0)
      }
    }
    // No cap is exceeded.
    if let cap = card.participantCap {
      var totals: [String: Int64] = [:]
      for entry in ledger.entries { totals[entry.participantID, default: 0] += entry.amount }
      #expect(totals.values.allSatisfy { $0 <= cap })
    }
    if let cap = card.contractCap { #expect(summary.total <= cap) }
    for (payer, cap) in card.payerCaps { #expect(summary.byPayer[payer].amount <= cap) }
    // Every cap pool (outcome, ladder, group; across the contract or per participant).
    for pool in Set(card.outcomes.flatMap(\.caps).map(\.key)) {
      let caps = card.outcomes.flatMap(\.caps).first { $0.key == pool }!
      let members = Set(card.outcomes.filter { $0.caps.contains { $0.key == pool } }.map(\.id))
      var groups: [String: [LedgerEntry]] = [:]
      for entry in ledger.entries where members.contains(entry.outcome) && entry.status != .rejected
      {
        groups[caps.perParticipant ? entry.participantID : "", default: []].append(entry)
      }
      for rows in groups.values {
        if let count = caps.count { #expect(rows.count <= count, "\(pool)") }
        if let cap = caps.amount { #expect(rows.reduce(0) { $0 + $1.amount } <= cap, "\(pool)") }
      }
    }
  }

  @Test(arguments: seeds.prefix(15))
  func shufflingTheInputLeavesTheLedgerUnchanged(seed: UInt64) throws {
    let example = try PropertyTests.generated(seed: seed)
    let ledger = Evaluator.evaluate(
      example.card, participants: example.participants, claims: example.claims)
    var random = SeededRandom(seed: seed &* 31)
    let shuffled = Evaluator.evaluate(
      example.card, participants: example.participants.shuffled(using: &random),
      claims: example.claims.shuffled(using: &random))
    #expect(shuffled.entries == ledger.entries)
    #expect(LedgerWriter.csv(shuffled) == LedgerWriter.csv(ledger))
  }

  @Test func generatedCardsBindCapsSometimes() throws {
    var reduced = 0
    var capRejections = 0
    for seed in PropertyTests.seeds {
      let example = try PropertyTests.generated(seed: seed)
      let ledger = Evaluator.evaluate(
        example.card, participants: example.participants, claims: example.claims)
      reduced += ledger.count(.reduced)
      capRejections +=
        ledger.entries.filter { $0.reasons.contains(.capReached) && $0.status == .rejected }.count
    }
    // The properties above are only meaningful if caps actually bind in the generated cases.
    #expect(reduced > 0)
    #expect(capRejections > 0)
  }
}
