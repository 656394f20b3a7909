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

/// Real claims exist only where the rule is met: no value below the threshold at all, a
/// density falling smoothly above it, and each person's rungs repeating one value. Peers
/// compared on the same outcome raise nothing there, and find a provider with excess mass
/// just above the threshold.
@Suite struct BunchingAgainstPeersTests {
  /// Six providers of 50 participants with two claims each (job and job_13, same hours). At
  /// `steered`, `extra` of every 10 participants are moved onto the threshold bin.
  func flags(steered: String?, extra: Int) -> [AuditFlag] {
    let checked = Checker.check(SourceFile(path: "b", text: ThresholdBunchingFlagTests.card)).card
    var participants: [ParticipantRecord] = []
    var claims: [ClaimRecord] = []
    // Hours from 16 up, falling smoothly: 16 (x4), 17 (x3), 18 (x2), 19 (x1) in every ten.
    let smooth = [16, 16, 16, 16, 17, 17, 17, 18, 18, 19]
    for provider in ["A", "B", "C", "D", "E", "Steered"] {
      for n in 0..<50 {
        let id = "\(provider)-\(n)"
        participants.append(AuditRecords.participant(id, provider: provider))
        var hours = smooth[(n * 7 + provider.count) % 10]
        if provider == steered && n % 10 < extra { hours = 16 }
        claims.append(
          AuditRecords.claim("\(id)-job", id, "job", "2020-03-02", .number(Decimal(hours))))
        claims.append(
          AuditRecords.claim("\(id)-13", id, "job_13", "2020-06-01", .number(Decimal(hours))))
      }
    }
    return Auditor.audit(AuditData(checked: checked, participants: participants, claims: claims))
      .filter { $0.pattern == "threshold-bunching" }
  }

  @Test func cleanDataWithValuesOnlyAboveTheThresholdRaisesNothing() {
    #expect(flags(steered: nil, extra: 0).isEmpty)
  }

  @Test func excessMassJustAboveTheThresholdIsFoundWithItsInterval() throws {
    let found = flags(steered: "Steered", extra: 9)
    #expect(!found.isEmpty)
    #expect(Set(found.map(\.provider)) == ["Steered"])
    let flag = try #require(found.first)
    // 45 or more of 50 at the threshold, against 40% at peers.
    #expect(flag.value >= 0.9)
    #expect(flag.baseline.contains("95% interval"))
    #expect(flag.method.contains("participants"))
    #expect(Set(flag.exampleParticipants).count == flag.exampleParticipants.count)
  }
}
