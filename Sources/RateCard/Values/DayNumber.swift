import Foundation

/// A calendar date as a count of days since 1970-01-01, so dates compare and add quickly.
public typealias DayNumber = Int32

extension CalendarDate {
  /// Days since 1970-01-01 (the civil-from-days algorithm, exact for the Gregorian calendar).
  public var dayNumber: DayNumber {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let shiftedMonth = month > 2 ? month - 3 : month + 9
    let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return DayNumber(era * 146_097 + dayOfEra - 719_468)
  }

  /// The first and last days a date can hold (0001-01-01 and 9999-12-31).
  public static let dayNumberRange: ClosedRange<DayNumber> = -719_162...2_932_896

  /// The date of a day number; day numbers beyond the calendar's range are clamped to its
  /// first or last day, so date arithmetic can never trap on extreme values.
  public init(dayNumber: DayNumber) {
    let clamped = min(
      max(dayNumber, CalendarDate.dayNumberRange.lowerBound), CalendarDate.dayNumberRange.upperBound
    )
    let z = Int(clamped) + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    self =
      CalendarDate(year: year, month: month, day: day) ?? CalendarDate(
        year: 1970, month: 1, day: 1)!
  }
}

/// Date arithmetic with the rules stated in docs/language.md, "Durations and month arithmetic".
public enum CalendarArithmetic {
  /// `date + duration`. Days and weeks are exact, fractions of a day round up; months keep
  /// the day of the month, clamped to the last day of a shorter month; years are 12 months.
  /// Returns nil for fractional months or years, which the checker already refuses.
  public static func add(_ duration: Duration, to day: DayNumber, sign: Int = 1) -> DayNumber? {
    CalendarStep(duration).add(to: day, sign: sign)
  }

  public static func addMonths(_ months: Int, to day: DayNumber) -> DayNumber {
    let date = CalendarDate(dayNumber: day)
    let total = date.year * 12 + (date.month - 1) + months
    if total < 12 { return CalendarDate.dayNumberRange.lowerBound }
    if total / 12 > 9999 { return CalendarDate.dayNumberRange.upperBound }
    let year = total / 12
    let month = total % 12 + 1
    let lastDay = CalendarDate.daysIn(month: month, year: year)
    return CalendarDate(year: year, month: month, day: min(date.day, lastDay))?.dayNumber ?? day
  }

  /// Whole days, a fraction rounding up; at most ten million days either way (beyond the
  /// calendar in any case).
  static func wholeDaysRoundedUp(_ days: Decimal) -> Int64 {
    var value = days
    var rounded = Decimal()
    NSDecimalRound(&rounded, &value, 0, .up)
    let limit = Decimal(10_000_000)
    if rounded > limit { return 10_000_000 }
    if rounded < -limit { return -10_000_000 }
    return NSDecimalNumber(decimal: rounded).int64Value
  }

  static func isWhole(_ value: Decimal) -> Bool {
    var copy = value
    var rounded = Decimal()
    NSDecimalRound(&rounded, &copy, 0, .plain)
    return rounded == value
  }

  /// The value as a whole number of at most a million, or nil when fractional or larger.
  static func wholeNumber(_ value: Decimal) -> Int? {
    guard isWhole(value), value.magnitude <= 1_000_000 else { return nil }
    return NSDecimalNumber(decimal: value).intValue
  }
}

/// A duration made ready for calendar arithmetic: the rule of `CalendarArithmetic.add`, with
/// the decimal amount turned into whole days or whole months once. The compiler makes one for
/// each fixed duration on a card, so evaluating a claim does no decimal arithmetic.
public struct CalendarStep: Sendable {
  public let duration: Duration
  let kind: Kind
  /// The duration's words (`9 months`), made once for a step fixed on the card: findings name
  /// it, and wording a decimal amount costs more than deciding a claim. Nil for a step computed
  /// claim by claim, worded only when a finding is.
  public private(set) var words: String?

  /// A step fixed on the card, worded once.
  public static func fixed(_ duration: Duration) -> CalendarStep {
    var step = CalendarStep(duration)
    step.words = duration.description
    return step
  }

  enum Kind: Sendable {
    /// Days and weeks: whole days, a fraction rounding up, at most ten million either way.
    case days(Int64)
    /// Whole months (years are 12 months).
    case months(Int)
    /// More months than the calendar holds: off its end in the direction of the sign.
    case beyond(forward: Bool)
    /// A fraction of a month, which has no answer.
    case fractionalMonths
  }

  public init(_ duration: Duration) {
    self.duration = duration
    switch duration.unit {
    case .days, .weeks:
      kind = .days(
        CalendarArithmetic.wholeDaysRoundedUp(
          duration.amount * (duration.unit == .weeks ? 7 : 1)))
    case .months, .years:
      if !CalendarArithmetic.isWhole(duration.amount) {
        kind = .fractionalMonths
      } else if let count = CalendarArithmetic.wholeNumber(duration.amount) {
        kind = .months(count * (duration.unit == .years ? 12 : 1))
      } else {
        kind = .beyond(forward: duration.amount > 0)
      }
    }
  }

  /// `day + duration` (or `- duration` with sign -1); nil for a fraction of a month.
  public func add(to day: DayNumber, sign: Int = 1) -> DayNumber? {
    let range = CalendarDate.dayNumberRange
    switch kind {
    case .days(let whole):
      // In 64 bits and clamped to the calendar, so a hostile duration cannot overflow.
      let result = Int64(day) + Int64(sign) * whole
      return DayNumber(min(max(result, Int64(range.lowerBound)), Int64(range.upperBound)))
    case .months(let months):
      return CalendarArithmetic.addMonths(months * sign, to: day)
    case .beyond(let forward):
      return forward == (sign > 0) ? range.upperBound : range.lowerBound
    case .fractionalMonths:
      return nil
    }
  }
}
