import Foundation
import RateCard
import Testing

@testable import RateCardEngine

/// An evaluator's own copies of the texts its rows share (see `OwnText`).
@Suite struct OwnTextTests {
  /// Where a string's bytes are: the storage a copy must not share.
  func place(_ text: String) -> UnsafeRawPointer? {
    text.withBytes { $0.baseAddress.map(UnsafeRawPointer.init) }
  }

  @Test func copiesAreTheSameTextInStorageOfTheirOwn() {
    var own = OwnText()
    var provider = "Pennine Domestic Abuse Partnership"
    var outcome = "accommodation_sustained_12_months"
    // A text made from parts, as a data reader makes it, and one in two normal forms.
    var built = String(
      decoding: Array("Calder Housing Trust ".utf8) + Array("é".utf8), as: UTF8.self)
    var decomposed = "Calder Housing Trust e\u{301}"
    let texts = [provider, outcome, built, decomposed]
    var copies: [String] = []
    for _ in 0..<3 {
      copies = [
        own.own(&provider), own.own(&outcome), own.own(&built), own.own(&decomposed),
      ]
      for (text, copy) in zip(texts, copies) {
        #expect(copy.sameBytes(as: text), "\(text)")
        #expect(place(copy) != place(text), "\(text) has a copy of its own")
      }
    }
    // Canonically equal texts keep their own bytes.
    #expect(copies[2] == copies[3] && !copies[2].sameBytes(as: copies[3]))
    // Asked again, the same copy: its rows share one text, held by this evaluator.
    #expect(place(own.own(&provider)) == place(copies[0]))
    // Short texts are held in the string itself and come back as they are.
    var short = "job_entry"
    #expect(own.own(&short) == "job_entry")
  }

  /// More texts than are looked through in the list: the rest are found in the table.
  @Test func manyTextsKeepOneCopyEach() {
    var own = OwnText()
    var texts = (0..<(OwnText.listLength * 3)).map { "a provider named \($0) at some length" }
    var first: [UnsafeRawPointer?] = []
    for index in texts.indices {
      let copy = own.own(&texts[index])
      #expect(copy.sameBytes(as: texts[index]) && place(copy) != place(texts[index]))
      first.append(place(copy))
    }
    for index in texts.indices.reversed() {
      let copy = own.own(&texts[index])
      #expect(copy.sameBytes(as: texts[index]))
      #expect(place(copy) == first[index], "text \(index)")
    }
  }

  @Test func evaluatorsPutTheirOwnCopiesInTheirRows() throws {
    let history = VersionedCard(
      Checker.check(Repository.source("Benchmarks/eval/benchmark.ratecard")).versions)
    var programme = SyntheticProgramme(
      card: history.latest, settings: .init(participants: 300, seed: 5))
    let (participants, claims) = programme.generate()
    let index = ClaimIndex(claims: claims, participants: participants, card: history.latest)
    var evaluator = Evaluator(history: history, participantCount: participants.count)
    let ledger = evaluator.run(
      participants: participants, claims: claims, index: index, explain: nil, workers: 1)
    let long = ledger.entries.filter { $0.outcome.utf8.count > 15 && $0.provider.utf8.count > 15 }
    #expect(long.count > 100)
    let claimOutcomes = Set(claims.map { place($0.outcome) })
    let providers = Set(participants.map { place($0.provider) })
    for entry in long {
      #expect(!claimOutcomes.contains(place(entry.outcome)))
      #expect(!providers.contains(place(entry.provider)))
    }
    // One copy of each text for the whole ledger.
    #expect(Set(long.map { place($0.outcome) }).count == Set(long.map(\.outcome)).count)
  }

  @Test func aParticipantsProviderFollowsItsField() {
    var record = ParticipantRecord(
      id: "p1", values: [.text("p1"), .text("Holme Moss Partnership")])
    #expect(record.provider == "Holme Moss Partnership")
    record.values[1] = .text("Kirkburton Outreach")
    #expect(record.provider == "Kirkburton Outreach")
    record.values[1] = .missing
    #expect(record.provider == "")
  }
}

/// What most claims read through an evaluator's outcome table is its own, not the card's.
@Suite struct OutcomeTableTests {
  func place<T>(_ array: [T]) -> UnsafeRawPointer? {
    array.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
  }

  @Test func heldOutcomesHoldTheirOwnCopiesOfWhatClaimsRead() {
    let history = VersionedCard(
      Checker.check(Repository.source("Benchmarks/eval/benchmark.ratecard")).versions)
    let table = OutcomeTable(history)
    var requirements = 0
    var withShares = 0
    for (version, held) in zip(history.versions, table.versions) {
      for (outcome, own) in zip(version.card.outcomes, held) {
        #expect(own.id.sameBytes(as: outcome.id))
        if outcome.id.utf8.count > 15 {
          #expect(own.id.withBytes { $0.baseAddress } != outcome.id.withBytes { $0.baseAddress })
        }
        #expect(own.requirements.count == outcome.requirements.count)
        for (mine, card) in zip(own.requirements, outcome.requirements) {
          requirements += 1
          #expect(mine.outcomes == card.outcomes && mine.any == card.any)
          #expect(place(mine.outcomes) != place(card.outcomes))
        }
        let shares = own.base.rules.payers
        #expect(shares?.numerators == outcome.base.payers?.numerators)
        #expect(shares?.entries.map(\.share) == outcome.base.payers?.entries.map(\.share))
        if let shares, let card = outcome.base.payers {
          withShares += 1
          #expect(place(shares.entries) != place(card.entries))
          #expect(place(shares.numerators) != place(card.numerators))
        }
      }
    }
    #expect(requirements > 4 && withShares > 4)
  }
}
