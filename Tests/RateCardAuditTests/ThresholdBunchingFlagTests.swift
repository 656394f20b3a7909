import Foundation
import RateCard
import RateCardAudit
import RateCardEngine
import Testing

/// The flags a threshold raises are each about something new: one flag when only one outcome
/// carries the field (the "all outcomes" comparison would repeat it), and examples that name
/// each participant once even when a person's rungs repeat the same value.
@Suite struct ThresholdBunchingFlagTests {
  static let card = """
    card "Bunching" {
      currency GBP
      term 2020-01-01 to 2022-12-31
    }
    payers {
      council "Council" 100%
    }
    claim fields {
      hours number optional
    }
    evidence {
      payslips "Payslips" documentary
    }
    outcome job "Job" {
      price £100
      evidence payslips
    }
    outcome job_13 "Job 13 weeks" {
      price £100
      evidence payslips
    }
    audit {
      threshold claim.hours at 16
      minimum cases 20
    }
    """

  /// Four providers of 40; at `Bunchy` every job is at 16 hours, elsewhere hours spread evenly
  /// over 14 to 18. `sustainedHours` is what the 13-week claim records.
  func flags(sustainedHours: (Int) -> Value) -> [AuditFlag] {
    let checked = Checker.check(SourceFile(path: "b", text: ThresholdBunchingFlagTests.card)).card
    var participants: [ParticipantRecord] = []
    var claims: [ClaimRecord] = []
    for provider in ["Honest", "Other", "Third", "Bunchy"] {
      for n in 0..<40 {
        let id = "\(provider)-\(n)"
        participants.append(AuditRecords.participant(id, provider: provider))
        let hours = provider == "Bunchy" ? 16 : 14 + n % 5
        claims.append(
          AuditRecords.claim("\(id)-job", id, "job", "2020-03-02", .number(Decimal(hours))))
        claims.append(
          AuditRecords.claim("\(id)-13", id, "job_13", "2020-06-01", sustainedHours(hours)))
      }
    }
    return Auditor.audit(AuditData(checked: checked, participants: participants, claims: claims))
      .filter { $0.pattern == "threshold-bunching" }
  }

  @Test func oneOutcomeCarryingTheFieldGivesOneFlag() {
    let found = flags(sustainedHours: { _ in .missing })
    #expect(found.map(\.provider) == ["Bunchy"])
    #expect(found.map(\.outcome) == ["job"])
  }

  @Test func examplesNameEachParticipantOnce() {
    // The 13-week claim repeats the job's hours, as real employment rungs do.
    let found = flags(sustainedHours: { .number(Decimal($0)) })
    #expect(Set(found.compactMap(\.outcome)) == ["job", "job_13"])
    #expect(found.contains { $0.outcome == nil })
    for flag in found {
      #expect(Set(flag.exampleParticipants).count == flag.exampleParticipants.count)
      #expect(flag.exampleParticipants.count == 5)
    }
  }
}
