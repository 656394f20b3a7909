/// One finding of a gaming detector, with the evidence a commissioner needs in a meeting.
public struct AuditFlag: Sendable, Equatable {
  /// A stable pattern name: `cherry-picking`, `parking`, `threshold-bunching`,
  /// `duplicate-claim`, `ladder-gap`, `self-certification-skew`, `claim-surge`.
  public var pattern: String
  public var provider: String?
  public var outcome: String?
  /// What was measured, and its value.
  public var statistic: String
  public var value: Double
  /// The p-value after adjustment for the number of providers and outcomes tested.
  public var pValue: Double
  /// How many times larger (a ratio) than the baseline.
  public var effectSize: Double
  public var method: String
  public var baseline: String
  public var cases: Int
  public var exampleParticipants: [String]
  public var exampleClaims: [String]
  public var explanation: String
  /// The statistic of the main test this sub-test is gated behind, such as cherry-picking's
  /// test per referral source behind the start rate: read only once that test flags the
  /// provider (see `GatekeepingHolm`).
  var gate: String? = nil
}

/// The detectors' pattern names, in the order they run.
public enum AuditPattern: String, CaseIterable, Sendable {
  case cherryPicking = "cherry-picking"
  case parking
  case thresholdBunching = "threshold-bunching"
  case duplicateClaim = "duplicate-claim"
  case ladderGap = "ladder-gap"
  case selfCertificationSkew = "self-certification-skew"
  case claimSurge = "claim-surge"
}
