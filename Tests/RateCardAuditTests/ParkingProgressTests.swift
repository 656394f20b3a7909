import Foundation
import RateCard
import RateCardAudit
import RateCardEngine
import Testing

/// Parking in its realistic form: everyone is assessed within days of starting, and then a
/// parked participant gets nothing more. Only claims of progress outcomes (every outcome but
/// the entry one) count as support, so the assessment does not hide it.
@Suite struct ParkingProgressTests {
  static let card = """
    card "Parking" {
      currency GBP
      term 2020-01-01 to 2022-12-31
    }
    payers {
      council "Council" 100%
    }
    participant fields {
      complexity one of low, high
    }
    claim fields {
      hours number optional
    }
    evidence {
      payslips "Payslips" documentary
    }
    outcome assessment "Initial assessment" {
      price £100
      evidence payslips
    }
    outcome job "Job" {
      price £1,000
      requires assessment
      evidence payslips
    }
    audit {
      high need when participant.complexity == high
      parking after 90 days
      minimum cases 20
    }
    """

  /// Four providers of 30 high-need and 30 low-need participants, all assessed five days
  /// after starting. A job follows within 90 days for `progressed(provider, high, n)`.
  func flags(card: String = card, _ progressed: (String, Bool, Int) -> Bool) -> [AuditFlag] {
    let checked = Checker.check(SourceFile(path: "p", text: card)).card
    let welcome = checked.outcomes["welcome"] != nil
    var participants: [ParticipantRecord] = []
    var claims: [ClaimRecord] = []
    for provider in ["Able", "Bright", "Careful", "Parker"] {
      for n in 0..<60 {
        let high = n < 30
        let id = "\(provider)-\(n)"
        var participant = AuditRecords.participant(id, provider: provider)
        participant.values = FieldValues(Array(participant.values) + [.choice(high ? 1 : 0)])
        participants.append(participant)
        claims.append(AuditRecords.claim("\(id)-a", id, "assessment", "2020-01-15", .missing))
        if welcome {
          claims.append(AuditRecords.claim("\(id)-w", id, "welcome", "2020-01-16", .missing))
        }
        if progressed(provider, high, n) {
          claims.append(AuditRecords.claim("\(id)-j", id, "job", "2020-03-02", .missing))
        }
      }
      // A later claim elsewhere shows the data runs well past everyone's first 90 days.
    }
    claims.append(AuditRecords.claim("late", "Able-59", "job", "2021-06-01", .missing))
    return Auditor.audit(AuditData(checked: checked, participants: participants, claims: claims))
      .filter { $0.pattern == "parking" }
  }

  @Test func assessedThenNothingIsFound() throws {
    // Elsewhere 20 of 30 high-need and 24 of 30 low-need participants get a job; at Parker 2
    // of 30 high-need participants do, and its low-need participants fare as well as anyone's.
    let flags = flags { provider, high, n in
      let index = high ? n : n - 30
      if provider == "Parker" && high { return index < 2 }
      return index < (high ? 20 : 24)
    }
    let flag = try #require(flags.first)
    #expect(flags.map(\.provider) == ["Parker"])
    #expect(flag.statistic.contains("no progress claim"))
    #expect(abs(flag.value - 28.0 / 30.0) < 0.01)
    #expect(flag.explanation.contains("any outcome but the entry one"))
    #expect(Set(flag.exampleParticipants).count == flag.exampleParticipants.count)
  }

  @Test func everyoneAssessedAndProgressingAlikeIsNotFlagged() {
    let flags = flags { _, high, n in (high ? n : n - 30) < (high ? 20 : 24) }
    #expect(flags.isEmpty)
  }

  /// A card with a second outcome everyone gets at once (a welcome pack, with nothing before
  /// it) hides parking from the default, which counts it as progress; naming the progress
  /// outcomes in the audit block finds it again.
  @Test func namedProgressOutcomesFindWhatTheDefaultMisses() throws {
    let parked: (String, Bool, Int) -> Bool = { provider, high, n in
      let index = high ? n : n - 30
      if provider == "Parker" && high { return index < 2 }
      return index < (high ? 20 : 24)
    }
    let withWelcome = ParkingProgressTests.card.replacingOccurrences(
      of: "outcome job", with: "outcome welcome \"Welcome pack\" {\n  price £10\n}\noutcome job")
    #expect(flags(card: withWelcome, parked).isEmpty)
    let named = withWelcome.replacingOccurrences(
      of: "minimum cases 20", with: "minimum cases 20\n  progress outcomes job")
    let flag = try #require(flags(card: named, parked).first)
    #expect(flag.provider == "Parker")
    #expect(flag.explanation.contains("(any of job)"))
  }
}
