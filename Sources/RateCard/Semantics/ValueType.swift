/// The type of a value in a rate card. Types are never mixed silently: money is not a number,
/// a percentage is not money, a date is not a duration.
public enum ValueType: Sendable, Hashable, CustomStringConvertible {
  case bool
  case number
  case money
  case percent
  case date
  case duration
  case text
  /// A `one of` field's values, in declared order (so `higher` can compare them).
  case enumeration(EnumType)
  /// The type of an expression that already produced a diagnostic; it matches anything so
  /// one mistake is reported once.
  case error

  public var description: String {
    switch self {
    case .bool: return "yes/no"
    case .number: return "number"
    case .money: return "money"
    case .percent: return "percentage"
    case .date: return "date"
    case .duration: return "duration"
    case .text: return "text"
    case .enumeration(let type): return "one of \(type.cases.joined(separator: ", "))"
    case .error: return "<error>"
    }
  }

  /// Types whose values have an order.
  public var isOrdered: Bool {
    switch self {
    case .number, .money, .percent, .date, .duration, .enumeration, .error: return true
    case .bool, .text: return false
    }
  }

  init(_ reference: TypeReference.Kind, name: String) {
    switch reference {
    case .text: self = .text
    case .number: self = .number
    case .money: self = .money
    case .date: self = .date
    case .duration: self = .duration
    case .percent: self = .percent
    case .yesNo: self = .bool
    case .oneOf(let cases): self = .enumeration(EnumType(name: name, cases: cases.map(\.name)))
    }
  }

  func matches(_ other: ValueType) -> Bool {
    if self == .error || other == .error { return true }
    return self == other
  }
}

public struct EnumType: Sendable, Hashable {
  public var name: String
  public var cases: [String]
}

/// How much a kind of evidence can be trusted, weakest first.
public enum EvidenceStrength: String, Sendable, CaseIterable, Comparable, Codable {
  case selfCertified = "self_certified"
  case providerDeclaration = "provider_declaration"
  case thirdParty = "third_party"
  case documentary
  case official

  var rank: Int { EvidenceStrength.allCases.firstIndex(of: self)! }

  public static func < (lhs: EvidenceStrength, rhs: EvidenceStrength) -> Bool {
    lhs.rank < rhs.rank
  }
}
