// The floor: a hand-written Swift program that computes the benchmark card's ledger
// (Benchmarks/eval/benchmark.ratecard) and nothing else, as fast as plain code goes, for
// Benchmarks/run-eval to compare ratecard with. It knows the card's rules by heart (written
// from docs/evaluation.md, not from the engine) and the shape of the benchmark data: CSV
// without quotes, unique ids of at most 16 bytes, ISO dates, no unknown ids.
//
//   swiftc -O floor.swift -o floor && ./floor PARTICIPANTS CLAIMS OUT
//
// Writes claim_id, status, amount, council, fund (amounts in pence) in evaluation order.
import Foundation

/// An id of up to 16 bytes packed big-endian, so comparing keys compares the bytes.
struct Key: Hashable, Comparable {
  var high: UInt64 = 0
  var low: UInt64 = 0

  init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
    precondition(range.count <= 16, "ids of at most 16 bytes")
    for (index, position) in range.enumerated() {
      let byte = UInt64(bytes[position])
      if index < 8 {
        high |= byte << (56 - 8 * UInt64(index))
      } else {
        low |= byte << (56 - 8 * UInt64(index - 8))
      }
    }
  }

  static func < (a: Key, b: Key) -> Bool { (a.high, a.low) < (b.high, b.low) }
}

/// Days since 1970-01-01 of a civil date, and back (proleptic Gregorian).
func days(_ year: Int, _ month: Int, _ day: Int) -> Int {
  let y = month <= 2 ? year - 1 : year
  let era = (y >= 0 ? y : y - 399) / 400
  let yearOfEra = y - era * 400
  let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
  let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
  let z = days + 719_468
  let era = (z >= 0 ? z : z - 146_096) / 146_097
  let dayOfEra = z - era * 146_097
  let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
  let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
  let mp = (5 * dayOfYear + 2) / 153
  let day = dayOfYear - (153 * mp + 2) / 5 + 1
  let month = mp < 10 ? mp + 3 : mp - 9
  return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

/// Months keep the day of the month and clamp to the end of a shorter month.
func addMonths(_ start: Int, _ months: Int) -> Int {
  let (year, month, day) = civil(start)
  let index = year * 12 + (month - 1) + months
  let (y, m) = (index / 12, index % 12 + 1)
  let length = days(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - days(y, m, 1)
  return days(y, m, min(day, length))
}

let noDay = Int.min

/// The fields of one line: start and end offsets of each comma-separated field, into a buffer
/// reused from line to line.
func fields(
  _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into result: inout [Range<Int>]
) {
  result.removeAll(keepingCapacity: true)
  var from = start
  for position in start..<end where bytes[position] == UInt8(ascii: ",") {
    result.append(from..<position)
    from = position + 1
  }
  result.append(from..<end)
}

func date(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
  guard range.count == 10 else { return noDay }
  func number(_ from: Int, _ count: Int) -> Int {
    var value = 0
    for position in from..<(from + count) { value = value * 10 + Int(bytes[position] &- 48) }
    return value
  }
  let s = range.lowerBound
  return days(number(s, 4), number(s + 5, 2), number(s + 8, 2))
}

/// Each line of a file after the header, as (start, end) offsets.
func lines(_ bytes: UnsafeBufferPointer<UInt8>) -> [(Int, Int)] {
  var result: [(Int, Int)] = []
  var start = 0
  for position in 0..<bytes.count where bytes[position] == UInt8(ascii: "\n") {
    var end = position
    if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    result.append((start, end))
    start = position + 1
  }
  if start < bytes.count { result.append((start, bytes.count)) }
  return Array(result.dropFirst())
}

let arguments = CommandLine.arguments
guard arguments.count == 4,
  let participantData = FileManager.default.contents(atPath: arguments[1]),
  let claimData = FileManager.default.contents(atPath: arguments[2])
else {
  FileHandle.standardError.write("usage: floor PARTICIPANTS CLAIMS OUT\n".data(using: .utf8)!)
  exit(2)
}

let outcomes = [
  "assessment", "accommodation_entry", "accommodation_sustained_3_months",
  "accommodation_sustained_6_months", "accommodation_sustained_12_months", "job_entry",
  "job_sustained_13_weeks", "job_sustained_26_weeks",
]
let evidenceKinds = [
  "tenancy", "landlord_letter", "assessment_form", "payslips", "employer_letter",
]
func keyOf(_ text: String) -> Key {
  let bytes = Array(text.utf8)
  return bytes.withUnsafeBufferPointer { Key($0, 0..<$0.count) }
}
let outcomeBytes = outcomes.map { Array($0.utf8) }
/// Outcome names are longer than a key: matched against the eight names byte by byte.
func outcomeOf(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
  outcomeBytes.firstIndex { name in
    name.count == range.count
      && name.indices.allSatisfy { name[$0] == bytes[range.lowerBound + $0] }
  }!
}
let evidenceBit = Dictionary(
  uniqueKeysWithValues: evidenceKinds.enumerated().map { (keyOf($1), 1 << $0) })

struct Claim {
  var id: Key
  var idRange: Range<Int>
  var person: Int32
  var outcome: Int8
  var day: Int
  var evidence: Int
  var tenancy: Int
  var job: Int
}

var started: [Int] = []
var people: [Key: Int32] = [:]
participantData.withUnsafeBytes { raw in
  let bytes = raw.bindMemory(to: UInt8.self)
  let all = lines(bytes)
  var columns: [Range<Int>] = []
  people.reserveCapacity(all.count)
  started.reserveCapacity(all.count)
  for (start, end) in all {
    // participant_id, provider, referred_on, started_on, ...
    fields(bytes, start, end, into: &columns)
    people[Key(bytes, columns[0])] = Int32(started.count)
    started.append(date(bytes, columns[3]))
  }
}

var claims: [Claim] = []
let output = claimData.withUnsafeBytes { raw -> [UInt8] in
  let bytes = raw.bindMemory(to: UInt8.self)
  let all = lines(bytes)
  var columns: [Range<Int>] = []
  claims.reserveCapacity(all.count)
  for (start, end) in all {
    // claim_id, participant_id, outcome, achieved_on, claimed_on, evidence, tenancy_started_on,
    // job_started_on
    fields(bytes, start, end, into: &columns)
    var evidence = 0
    var from = columns[5].lowerBound
    for position in columns[5].lowerBound...columns[5].upperBound
    where position == columns[5].upperBound || bytes[position] == UInt8(ascii: ";") {
      if position > from { evidence |= evidenceBit[Key(bytes, from..<position)] ?? 0 }
      from = position + 1
    }
    claims.append(
      Claim(
        id: Key(bytes, columns[0]), idRange: columns[0], person: people[Key(bytes, columns[1])]!,
        outcome: Int8(outcomeOf(bytes, columns[2])), day: date(bytes, columns[3]),
        evidence: evidence, tenancy: date(bytes, columns[6]), job: date(bytes, columns[7])))
  }
  // Evaluation order: achieved date, then claim id by bytes.
  claims.sort { ($0.day, $0.id) < ($1.day, $1.id) }

  let (termStart, termEnd) = (days(2020, 1, 1), days(2024, 12, 31))
  let version2 = days(2022, 1, 1)
  let requires: [Int] = [-1, 0, 1, 1, 1, 0, 5, 5]
  let (tenancyKinds, jobEntryKinds) = (1 | 2, 8 | 16)
  var achieved = [UInt8](repeating: 0, count: started.count)
  var paidSoFar = [Int](repeating: 0, count: started.count)
  var out: [UInt8] = Array("claim_id,status,amount,council,fund\n".utf8)
  out.reserveCapacity(claims.count * 40)
  func append(_ value: Int) {
    if value >= 10 { append(value / 10) }
    out.append(UInt8(48 + value % 10))
  }
  for claim in claims {
    let person = Int(claim.person)
    let outcome = Int(claim.outcome)
    let day = claim.day
    var passes = day != noDay && day >= termStart && day <= termEnd
    switch outcome {
    case 0:
      let start = started[person]
      passes = passes && start != noDay && day <= addMonths(start, 3) && claim.evidence & 4 != 0
    case 1: passes = passes && claim.evidence & tenancyKinds != 0
    case 2, 3, 4:
      let months = outcome == 2 ? 3 : outcome == 3 ? 6 : 12
      passes =
        passes && claim.tenancy != noDay && day >= addMonths(claim.tenancy, months)
        && claim.evidence & tenancyKinds != 0
    case 5: passes = passes && claim.evidence & jobEntryKinds != 0
    default:
      passes =
        passes && claim.job != noDay && day >= claim.job + (outcome == 6 ? 91 : 182)
        && claim.evidence & 8 != 0
    }
    if requires[outcome] >= 0 && achieved[person] & (1 << requires[outcome]) == 0 {
      passes = false
    }
    if achieved[person] & (1 << outcome) != 0 { passes = false }  // each outcome once
    var price = 0
    if passes {
      achieved[person] |= 1 << outcome
      let later = day >= version2
      price =
        [
          30000, 60000, 150000, 150000, later ? 220000 : 260000, later ? 130000 : 100000,
          120000, 180000,
        ][outcome]
    }
    let amount = max(0, min(price, 820_000 - paidSoFar[person]))
    paidSoFar[person] += amount
    var council = amount * 70 / 100
    var fund = amount * 30 / 100
    if amount - council - fund == 1 {
      if (amount * 70) % 100 >= (amount * 30) % 100 { council += 1 } else { fund += 1 }
    }
    out.append(contentsOf: bytes[claim.idRange])
    out.append(
      contentsOf: (amount == 0 ? ",rejected," : amount < price ? ",reduced," : ",paid,").utf8)
    append(amount)
    out.append(UInt8(ascii: ","))
    append(council)
    out.append(UInt8(ascii: ","))
    append(fund)
    out.append(UInt8(ascii: "\n"))
  }
  return out
}
guard FileManager.default.createFile(atPath: arguments[3], contents: Data(output)) else {
  FileHandle.standardError.write("floor: cannot write \(arguments[3])\n".data(using: .utf8)!)
  exit(1)
}
