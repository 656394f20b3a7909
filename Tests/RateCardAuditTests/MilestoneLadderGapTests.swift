import Foundation
import RateCard
import RateCardAudit
import RateCardEngine
import Testing

/// Milestone ladders are ladders to the auditor too: an earnings milestone claimed with no
/// job entry before it is a ladder gap, as a sustainment rung is.
@Suite struct MilestoneLadderGapTests {
  static let card = """
    card "Milestones" {
      currency GBP
      term 2020-01-01 to 2022-12-31
    }
    payers {
      council "Council" 100%
    }
    claim fields {
      earnings_to_date money optional
    }
    evidence {
      payslips "Payslips" documentary
    }
    outcome job "Job" {
      price £100
      evidence payslips
    }
    ladder earnings "Earnings" from job measured by claim.earnings_to_date {
      £768 £200
      £1,631 £300
      evidence payslips
    }
    """

  @Test func aMilestoneWithNoEntryIsALadderGap() {
    let checked = Checker.check(SourceFile(path: "m", text: MilestoneLadderGapTests.card)).card
    var participants: [ParticipantRecord] = []
    var claims: [ClaimRecord] = []
    let providers = ["Honest", "Other", "Third", "Gappy"]
    for (p, provider) in providers.enumerated() {
      for n in 0..<40 {
        let id = "\(provider)-\(n)"
        participants.append(AuditRecords.participant(id, provider: provider))
        // Everyone claims a milestone; at the gappy provider most never claimed the job.
        let skipsEntry = p == 3 && n % 4 != 0
        if !skipsEntry {
          claims.append(AuditRecords.claim("\(id)-job", id, "job", "2020-03-02", .missing))
        }
        claims.append(
          AuditRecords.claim("\(id)-m1", id, "earnings_768", "2020-06-01", .money(80_000)))
      }
    }
    let flags = Auditor.audit(
      AuditData(checked: checked, participants: participants, claims: claims))
    let gaps = flags.filter { $0.pattern == "ladder-gap" }
    #expect(gaps.map(\.provider) == ["Gappy"])
  }
}
