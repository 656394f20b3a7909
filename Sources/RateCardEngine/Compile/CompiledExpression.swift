import Foundation
import RateCard

/// An expression with every name resolved: fields are indices into a record, constants and
/// enum values are values, tables are dictionaries. Evaluating it never looks a name up.
///
/// Only the cases holding expressions are boxed. Most expressions a claim meets are a field
/// or a constant (an anchor's date, a price); unboxed, reading one retains nothing, where a
/// box shared by the cores deciding claims had its count bounced between them.
public enum CompiledExpression: Sendable {
  case constant(Value)
  case participantField(Int)
  case claimField(Int)
  indirect case not(CompiledExpression)
  indirect case negate(CompiledExpression)
  indirect case binary(BinaryOperator, CompiledExpression, CompiledExpression)
  indirect case lookup([Value: Value], CompiledExpression)
  indirect case membership(CompiledExpression, [CompiledExpression])
  indirect case isSet(CompiledExpression, negated: Bool)

  /// Evaluates against one participant and one claim. A comparison with an empty value is
  /// false; arithmetic with an empty value is empty.
  public func evaluate(_ participant: FieldValues, _ claim: FieldValues) -> Value {
    withUnsafePointer(to: participant) { participant in
      withUnsafePointer(to: claim) { claim in
        evaluate(FieldsInPlace(values: participant), FieldsInPlace(values: claim))
      }
    }
  }

  /// The same, reading the records' values where they are.
  func evaluate(_ participant: FieldsInPlace, _ claim: FieldsInPlace) -> Value {
    switch self {
    case .constant(let value): return value
    case .participantField(let index): return participant[index]
    case .claimField(let index): return claim[index]
    case .not(let inner): return .bool(!inner.evaluate(participant, claim).isTrue)
    case .negate(let inner): return Value.negate(inner.evaluate(participant, claim))
    case .binary(let op, let left, let right):
      return CompiledExpression.apply(op, left, right, participant, claim)
    case .lookup(let table, let key):
      return table[key.evaluate(participant, claim)] ?? .missing
    case .membership(let value, let members):
      let actual = value.evaluate(participant, claim)
      if actual.isMissing { return .bool(false) }
      return .bool(members.contains { $0.evaluate(participant, claim) == actual })
    case .isSet(let inner, let negated):
      return .bool(inner.evaluate(participant, claim).isMissing == negated)
    }
  }

  static func apply(
    _ op: BinaryOperator, _ left: CompiledExpression, _ right: CompiledExpression,
    _ participant: FieldsInPlace, _ claim: FieldsInPlace
  ) -> Value {
    // `and` and `or` short-circuit; everything else is the one arithmetic in `Value.apply`.
    switch op {
    case .and:
      return .bool(
        left.evaluate(participant, claim).isTrue && right.evaluate(participant, claim).isTrue)
    case .or:
      return .bool(
        left.evaluate(participant, claim).isTrue || right.evaluate(participant, claim).isTrue)
    default:
      return Value.apply(op, left.evaluate(participant, claim), right.evaluate(participant, claim))
    }
  }
}

extension CompiledExpression {
  /// Evaluates against values held in arrays (made by hand or by the generator), not records.
  public func evaluate(_ participant: [Value], _ claim: [Value]) -> Value {
    evaluate(FieldValues(participant), FieldValues(claim))
  }
}
