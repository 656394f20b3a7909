import RateCard
import Testing

@testable import RateCardEngine

/// Text that repeats on every row shares one string: claims of an outcome on the card share
/// the card's id, and participants of a provider share its name. The values are the same
/// either way; the memory is not (a million claims held a million copies).
@Suite struct SharedTextTests {
  /// Where a string's bytes are: the same place for two strings that share their storage.
  static func storage(_ text: String) -> UnsafeRawPointer? {
    var text = text
    return text.withUTF8 { UnsafeRawPointer($0.baseAddress) }
  }

  @Test func repeatedOutcomesAndProvidersShareOneString() throws {
    let card = Compiler.compile(Repository.checked("Samples/kirklees/kbop-generic.ratecard"))
    let onCard = try #require(card.outcomes.first { $0.id == "wellbeing_initial" }).id
    let claimTable = CSVReader.read(
      Array(
        """
        claim_id,participant_id,outcome,achieved_on,evidence
        c1,P1,wellbeing_initial,2021-01-04,outcomes_star
        c2,P2,wellbeing_initial,2021-01-05,outcomes_star
        c3,P2,wellbeing_initial_typo,2021-01-05,outcomes_star

        """.utf8), path: "c.csv")
    let (claims, _) = RecordLoader.claims(claimTable, card: card)
    #expect(
      claims.map(\.outcome) == ["wellbeing_initial", "wellbeing_initial", "wellbeing_initial_typo"])
    #expect(Self.storage(claims[0].outcome) == Self.storage(onCard))
    #expect(Self.storage(claims[1].outcome) == Self.storage(onCard))
    // The value the rules read is the same string.
    #expect(claims[1].values[1] == .text("wellbeing_initial"))
    // An outcome not on the card keeps its own text.
    #expect(Self.storage(claims[2].outcome) != Self.storage(onCard))

    let participantTable = CSVReader.read(
      Array(
        """
        participant_id,provider,referred_on
        P1,Kirkburton Outreach,2020-09-23
        P2,Kirkburton Outreach,2020-09-24
        P3,Batley Futures and Friends,2020-09-24
        P4, Kirkburton Outreach ,2020-09-24
        P5,Caf\u{e9} Providers Limited,2020-09-24
        P6,Cafe\u{301} Providers Limited,2020-09-24
        P7,Cafe\u{301} Providers Limited,2020-09-24

        """.utf8), path: "p.csv")
    let (participants, _) = RecordLoader.participants(participantTable, card: card)
    let names = [
      "Kirkburton Outreach", "Kirkburton Outreach", "Batley Futures and Friends",
      "Kirkburton Outreach", "Caf\u{e9} Providers Limited", "Cafe\u{301} Providers Limited",
      "Cafe\u{301} Providers Limited",
    ]
    #expect(participants.count == names.count)
    // Byte for byte: a name in the other normal form is another provider's.
    for (participant, name) in zip(participants, names) {
      #expect(participant.provider.sameBytes(as: name), "\(participant.id)")
    }
    #expect(Self.storage(participants[0].provider) == Self.storage(participants[1].provider))
    #expect(Self.storage(participants[0].provider) == Self.storage(participants[3].provider))
    #expect(Self.storage(participants[0].provider) != Self.storage(participants[2].provider))
    #expect(Self.storage(participants[4].provider) != Self.storage(participants[5].provider))
    #expect(Self.storage(participants[5].provider) == Self.storage(participants[6].provider))
  }
}
