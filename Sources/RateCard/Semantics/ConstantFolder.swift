/// The one constant folder: the value of an expression made only of literals and constants,
/// computed with the same arithmetic the engine uses per claim (`Value.apply`). The checker
/// uses it to resolve constants, caps, limits and shares; the compiler uses it so that every
/// expression it can fold becomes a single value.
public struct ConstantFolder {
  /// The value of a named constant, or nil when the name is not a constant.
  public var constant: (String) -> Value?

  public init(constant: @escaping (String) -> Value?) {
    self.constant = constant
  }

  /// Folds against a checked card's constants.
  public init(card: CheckedCard) {
    let constants = card.constants
    self.constant = { name in constants[name]?.value.map(Value.init) }
  }

  /// The expression's value, or nil when it reads a field, a table, an unknown name or an
  /// operation with no value (such as a division by zero).
  public func fold(_ expression: Expression) -> Value? {
    let value: Value?
    switch expression.kind {
    case .literal(let literal): value = Value(literal)
    case .parenthesized(let inner): value = fold(inner)
    case .name(let identifier): value = constant(identifier.name)
    case .unary(.negate, let operand): value = fold(operand).map(Value.negate)
    case .unary(.not, let operand): value = fold(operand).map { .bool(!$0.isTrue) }
    case .binary(let op, let left, let right):
      guard let a = fold(left), let b = fold(right) else { return nil }
      value = Value.apply(op, a, b)
    case .field, .lookup, .membership, .isSet, .invalid: value = nil
    }
    return value?.isMissing == true ? nil : value
  }
}
