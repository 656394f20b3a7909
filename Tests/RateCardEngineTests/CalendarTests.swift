import Foundation
import RateCard
import Testing

@testable import RateCardEngine

@Suite struct CalendarTests {
  func add(_ amount: String, _ unit: Duration.Unit, to start: String) -> String? {
    CalendarArithmetic.add(Duration(amount: Decimal(string: amount)!, unit: unit), to: date(start))
      .map(day)
  }

  @Test func isoDatesAreExactlyTenDigitsAndDashes() {
    #expect(CalendarDate(iso: "2021-03-31")?.description == "2021-03-31")
    #expect(CalendarDate(iso: "0001-01-01")?.dayNumber == CalendarDate(dayNumber: .min).dayNumber)
    // Signs, spaces, short or long fields and days that do not exist are refused.
    for text in [
      "2021-+3-05", "+021-03-05", "2021-03- 5", "2021-3-05", "2021-03-5", "20210-03-05",
      "2021/03/05", "2021-02-29", "2021-13-01", "2021-00-10", "0000-01-01", "2021-03-051", "",
      "２０２１-03-05",
    ] {
      #expect(CalendarDate(iso: Substring(text)) == nil, "\(text)")
    }
  }

  @Test func dayNumbersRoundTrip() {
    #expect(date("1970-01-01") == 0)
    #expect(date("2000-03-01") - date("2000-02-28") == 2)
    #expect(date("1900-03-01") - date("1900-02-28") == 1)
    for number in stride(from: DayNumber(-719_162), through: 2_932_896, by: 997) {
      #expect(CalendarDate(dayNumber: number).dayNumber == number)
    }
    #expect(CalendarDate(dayNumber: .max).description == "9999-12-31")
    #expect(CalendarDate(dayNumber: .min).description == "0001-01-01")
  }

  @Test func monthEndsClampToTheLastDayOfTheMonth() {
    #expect(add("1", .months, to: "2021-01-31") == "2021-02-28")
    #expect(add("1", .months, to: "2024-01-31") == "2024-02-29")
    #expect(add("6", .months, to: "2023-08-31") == "2024-02-29")
    #expect(add("3", .months, to: "2021-11-30") == "2022-02-28")
    #expect(add("1", .months, to: "2021-03-31") == "2021-04-30")
    #expect(add("12", .months, to: "2024-02-29") == "2025-02-28")
    #expect(add("1", .years, to: "2024-02-29") == "2025-02-28")
    #expect(add("4", .years, to: "2024-02-29") == "2028-02-29")
    #expect(add("3", .months, to: "2020-02-03") == "2020-05-03")
    #expect(add("1", .months, to: "2021-12-15") == "2022-01-15")
  }

  @Test func weeksAreExactAndFractionsRoundUp() {
    #expect(add("13", .weeks, to: "2016-02-01") == "2016-05-02")
    #expect(add("6.5", .weeks, to: "2021-04-01") == "2021-05-17")
    #expect(add("10", .days, to: "2021-12-25") == "2022-01-04")
    #expect(add("0.5", .days, to: "2021-12-25") == "2021-12-26")
  }

  @Test func fractionalMonthsHaveNoAnswer() {
    #expect(add("1.5", .months, to: "2021-01-31") == nil)
  }

  @Test func subtractingMonthsClampsToo() {
    let result = CalendarArithmetic.add(
      Duration(amount: 1, unit: .months), to: date("2021-03-31"), sign: -1)
    #expect(result.map(day) == "2021-02-28")
  }
}

@Suite struct PayerSplitTests {
  @Test func sharesAddUpToTheAmountExactly() {
    #expect(PayerSplit.split(100_000, shares: [70, 30]) == [70_000, 30_000])
    // £0.01 split 70/30: the penny goes to the larger remainder.
    #expect(PayerSplit.split(1, shares: [70, 30]) == [1, 0])
    // Thirds: the leftover penny goes to the first payer on a tie.
    #expect(
      PayerSplit.split(100, shares: [Decimal(string: "33.34")!, 33.33, 33.33]) == [34, 33, 33])
    #expect(
      PayerSplit.split(10, shares: [Decimal(string: "12.5")!, Decimal(string: "87.5")!]) == [1, 9])
  }

  @Test func anyAmountSplitsWithoutLosingAPenny() {
    var seed: UInt64 = 42
    for _ in 0..<2_000 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1
      let amount = Int64(seed >> 40)
      let first = Decimal(Int((seed >> 20) % 101))
      let parts = PayerSplit.split(amount, shares: [first, 100 - first])
      #expect(parts.reduce(0, +) == amount)
      #expect(parts.allSatisfy { $0 >= 0 })
    }
  }

  /// A split reused from the recent ones is the split made afresh: amounts repeat and recur
  /// after being pushed out, and the same amount under other shares is never given another's.
  @Test func recentSplitsAreTheSplitsMadeAfresh() {
    let shareSets = [
      PayerShares([(0, 70), (1, 30)]), PayerShares([(0, 30), (1, 70)]),
      PayerShares([(0, Decimal(string: "33.34")!), (1, 33.33), (2, 33.33)]),
      PayerShares([(1, 70), (0, 30)]), PayerShares([(0, 100)]),
    ]
    var recent = PayerSplit.Recent()
    var seed: UInt64 = 7
    for _ in 0..<5_000 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1
      // Few amounts, so most are found among the recent ones; more than are kept, so some
      // are pushed out and made again.
      let amount = Int64((seed >> 33) % 40) * 125 + 1
      let shares = shareSets[Int((seed >> 20) % UInt64(shareSets.count))]
      #expect(recent.split(amount, shares: shares) == PayerSplit.split(amount, shares: shares))
    }
  }
}

@Suite struct CalendarLimitTests {
  @Test func hugeDurationsClampToTheCalendarInsteadOfOverflowing() {
    let start = date("2020-01-01")
    let huge = Duration(amount: Decimal(string: "999999999999")!, unit: .weeks)
    #expect(CalendarArithmetic.add(huge, to: start).map(day) == "9999-12-31")
    #expect(CalendarArithmetic.add(huge, to: start, sign: -1).map(day) == "0001-01-01")
    let years = Duration(amount: 50_000_000, unit: .years)
    #expect(CalendarArithmetic.add(years, to: start).map(day) == "9999-12-31")
    #expect(
      CalendarArithmetic.addMonths(-30_000, to: start) == CalendarDate.dayNumberRange.lowerBound)
  }
}
