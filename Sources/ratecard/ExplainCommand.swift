import RateCard
import RateCardEngine

/// `ratecard explain`: how one claim got its status and amount.
enum ExplainCommand: Subcommand {
  static let name = "explain"
  static let summary = "Show how one claim was decided, rule by rule"
  static let help = """
    Usage: ratecard explain CARD --participants FILE --claims FILE CLAIM_ID

    Evaluates the data as `ratecard eval` does and prints the derivation of one claim: each
    rule checked with the values it saw, the exception that applied, the evidence matched, the
    price, the arithmetic of every cap and the split between payers.

    Exit codes: 0 explained, 1 no such claim or the card has errors, 2 usage.

    Example:
      ratecard explain Samples/kirklees/kbop-generic.ratecard \\
        --participants Samples/kirklees/kbop-generic.participants.csv \\
        --claims Samples/kirklees/kbop-generic.claims.csv C000010

    """

  static func run(_ options: Options) -> ExitStatus {
    guard options.paths.count == 2 else {
      Output.standardError("ratecard explain: give a card and one claim id\n")
      return .usage
    }
    let claimID = options.paths[1]
    let data: ClaimData
    switch ClaimData.load(options, command: name) {
    case .failure(let status): return status
    case .success(let loaded): data = loaded
    }
    guard data.claims.contains(where: { $0.id.sameBytes(as: claimID) }) else {
      let hint = FuzzyMatch.suggestion(for: claimID, in: data.claims.map(\.id))
      Output.standardError(
        "ratecard explain: no claim \(claimID) in the data" + (hint.map { "; \($0)" } ?? "") + "\n")
      return .findings
    }
    let explanation = Evaluator.explanation(
      of: claimID, data.history, participants: data.participants, claims: data.claims,
      index: data.index)
    Output.standardOutput(explanation.map { $0 + "\n" }.joined())
    return .success
  }
}
