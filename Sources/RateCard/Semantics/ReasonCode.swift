/// Stable codes for why a claim is not paid in full. Inline tests name them (`expect c2
/// rejected because too_early`) and the ledger prints them, so they never change meaning.
public enum ReasonCode: String, Sendable, CaseIterable, Codable {
  case unknownParticipant = "unknown_participant"
  case unknownOutcome = "unknown_outcome"
  case invalidData = "invalid_data"
  case duplicateClaimID = "duplicate_claim_id"
  case notStarted = "not_started"
  case outsideTerm = "outside_term"
  case tooEarly = "too_early"
  case tooLate = "too_late"
  case evidenceMissing = "evidence_missing"
  case evidenceTooWeak = "evidence_too_weak"
  case conditionNotMet = "condition_not_met"
  case excluded
  case notByException = "not_by_exception"
  case prerequisiteMissing = "prerequisite_missing"
  case previousRungMissing = "previous_rung_missing"
  case limitReached = "limit_reached"
  case capReached = "cap_reached"
  case retired
  case paymentSuspended = "payment_suspended"
  case notInForce = "not_in_force"

  public var explanation: String {
    switch self {
    case .unknownParticipant: return "the claim names a participant who is not in the data"
    case .unknownOutcome: return "the claim names an outcome that is not on the card"
    case .invalidData: return "a value in the claim row could not be read"
    case .duplicateClaimID: return "another claim has the same claim id"
    case .notStarted: return "the participant never started the service"
    case .outsideTerm: return "the outcome was achieved outside the contract term"
    case .tooEarly: return "the outcome was achieved before the card allows"
    case .tooLate: return "the outcome was achieved after the window the card allows"
    case .evidenceMissing: return "the evidence supplied does not satisfy the evidence rule"
    case .evidenceTooWeak: return "the evidence supplied is weaker than the rule requires"
    case .conditionNotMet: return "a condition of the outcome does not hold"
    case .excluded: return "an exclusion (`unless`) applies"
    case .notByException: return "the outcome is payable only by exception, which does not apply"
    case .prerequisiteMissing: return "a required outcome has not been paid"
    case .previousRungMissing: return "the previous rung of the ladder has not been paid"
    case .limitReached: return "the claim limit for this outcome has been reached"
    case .capReached: return "a cap has been reached"
    case .paymentSuspended: return "achieved in a period whose payments are suspended"
    case .retired: return "a revision retired the outcome before the version that prices the claim"
    case .notInForce:
      return "the outcome is not in the version that prices the claim (a later revision adds it)"
    }
  }
}

/// The statuses a claim can end with in the ledger.
public enum ClaimStatus: String, Sendable, CaseIterable, Codable {
  case paid
  case reduced
  case rejected
}
