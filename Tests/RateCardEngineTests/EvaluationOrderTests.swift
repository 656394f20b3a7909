import Foundation
import RateCard
import Testing

@testable import RateCardEngine

/// The evaluation order (docs/evaluation.md): achieved date (no date last), then claim id,
/// participant, outcome and evidence by their bytes, then the rest of the row; rows alike in
/// everything keep the order they came in. `evaluationOrder` sorts compact keys, a day at a
/// time when the days span little; the witness sorts the claims themselves.
@Suite struct EvaluationOrderTests {
  static func witness(_ claims: [ClaimRecord]) -> [Int] {
    claims.indices.sorted { a, b in
      let (x, y) = (claims[a], claims[b])
      if (x.achievedOn ?? .max) != (y.achievedOn ?? .max) {
        return (x.achievedOn ?? .max) < (y.achievedOn ?? .max)
      }
      if Evaluator.precedes(x, y) { return true }
      if Evaluator.precedes(y, x) { return false }
      let rest = (ByteKey("\(x.values)\(x.problems)"), ByteKey("\(y.values)\(y.problems)"))
      if rest.0 != rest.1 { return rest.0 < rest.1 }
      return a < b
    }
  }

  /// Claims that tie in every way the order has: one day, ids sharing their first eight bytes
  /// or shorter than eight, rows alike but for a field, rows alike in everything, no date.
  static func claims(days: ClosedRange<Int32>, count: Int, seed: UInt64) -> [ClaimRecord] {
    var random = SeededRandom(seed: seed)
    let ids = ["CLAIM-0001-A", "CLAIM-0001-B", "CLAIM-0001", "C1", "C", "", "CLAIM-00", "é-1"]
    var claims: [ClaimRecord] = []
    for _ in 0..<count {
      if !claims.isEmpty && random.chance(0.1) {
        claims.append(random.pick(claims))  // alike in everything
        continue
      }
      let day =
        random.chance(0.05) ? nil : Int32(random.int(Int(days.lowerBound)...Int(days.upperBound)))
      let id = random.pick(ids)
      let participant = random.pick(["P1", "P2", "P10"])
      let outcome = random.pick(["job_entry", "assessment"])
      let evidence = random.chance(0.5) ? [] : [random.pick(["payslips", "tenancy"])]
      let note = Value.text(random.pick(["a", "b"]))
      claims.append(
        ClaimRecord(
          id: id, participantID: participant, outcome: outcome, achievedOn: day,
          evidence: evidence,
          values: [
            .text(id), .text(participant), .text(outcome), day.map(Value.date) ?? .missing, note,
          ]))
    }
    return claims
  }

  @Test(arguments: [
    (ClosedRange<Int32>(uncheckedBounds: (18_000, 18_030)), UInt64(1)),
    (ClosedRange<Int32>(uncheckedBounds: (18_000, 18_000)), UInt64(2)),
    // Days spread further than the claims are many: one sort of them all.
    (ClosedRange<Int32>(uncheckedBounds: (-2_000_000, 2_000_000)), UInt64(3)),
  ])
  func claimsComeInTheOrderTheDocsState(days: ClosedRange<Int32>, seed: UInt64) {
    let claims = Self.claims(days: days, count: 3_000, seed: seed)
    let order = Evaluator.evaluationOrder(claims)
    let witness = Self.witness(claims)
    let same = order == witness
    #expect(same, "first difference at \(order.indices.first { order[$0] != witness[$0] } ?? -1)")
    #expect(Set(order).count == claims.count)
  }
}
