// The floor: a hand-written Swift program that computes the benchmark card's ledger
// (Benchmarks/eval/benchmark.ratecard) and nothing else, as fast as plain single-threaded code
// goes, for Benchmarks/run-eval to compare ratecard with. It knows the card's rules by heart
// (written from docs/evaluation.md, not from the engine) and the shape of the benchmark data:
// CSV without quotes, unique ids of at most 16 bytes, ISO dates, no unknown ids.
//
//   swiftc -O floor.swift -o floor && ./floor PARTICIPANTS CLAIMS OUT
//
// Writes claim_id, status, amount, council, fund (amounts in pence) in evaluation order.
import Foundation

/// An id of up to 16 bytes packed big-endian, so comparing keys compares the bytes.
struct Key: Equatable, Comparable {
  var high: UInt64 = 0
  var low: UInt64 = 0

  init() {}

  init(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
    precondition(range.count <= 16, "ids of at most 16 bytes")
    var index: UInt64 = 0
    for position in range {
      let byte = UInt64(bytes[position])
      if index < 8 {
        high |= byte << (56 - 8 * index)
      } else {
        low |= byte << (56 - 8 * (index - 8))
      }
      index += 1
    }
  }

  static func < (a: Key, b: Key) -> Bool { a.high != b.high ? a.high < b.high : a.low < b.low }

  /// The bits of both words mixed into every bit (murmur3's finaliser).
  var hash: Int {
    var x = high ^ (low &* 0x9E37_79B9_7F4A_7C15)
    x = (x ^ (x >> 33)) &* 0xFF51_AFD7_ED55_8CCD
    x = (x ^ (x >> 33)) &* 0xC4CE_B9FE_1A85_EC53
    return Int(truncatingIfNeeded: x ^ (x >> 33))
  }
}

/// Participants' ids to their positions: open addressing, twice as many slots as ids.
struct IDTable {
  var keys: [Key]
  var values: [Int32]
  let mask: Int

  init(capacity: Int) {
    var size = 16
    while size < capacity * 2 { size *= 2 }
    keys = Array(repeating: Key(), count: size)
    values = Array(repeating: -1, count: size)
    mask = size - 1
  }

  mutating func insert(_ key: Key, _ value: Int32) {
    var slot = key.hash & mask
    while values[slot] >= 0 { slot = (slot + 1) & mask }
    keys[slot] = key
    values[slot] = value
  }

  func find(_ key: Key) -> Int32 {
    var slot = key.hash & mask
    while values[slot] >= 0 {
      if keys[slot] == key { return values[slot] }
      slot = (slot + 1) & mask
    }
    return -1
  }
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

func date(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int {
  guard range.count == 10 else { return noDay }
  func number(_ from: Int, _ count: Int) -> Int {
    var value = 0
    for position in from..<(from + count) { value = value * 10 + Int(bytes[position] &- 48) }
    return value
  }
  let s = range.lowerBound
  return days(number(s, 4), number(s + 5, 2), number(s + 8, 2))
}

/// Calls `line` with the fields of each line after the header (up to `count` of them, as
/// ranges into `bytes`), splitting on commas as it goes.
func eachLine(
  _ bytes: UnsafeRawBufferPointer, fields count: Int,
  _ line: (UnsafeBufferPointer<Range<Int>>) -> Void
) {
  var fields = [Range<Int>](repeating: 0..<0, count: count)
  fields.withUnsafeMutableBufferPointer { fields in
    var position = 0
    while position < bytes.count && bytes[position] != UInt8(ascii: "\n") { position += 1 }
    position += 1
    while position < bytes.count {
      var field = 0
      var from = position
      while position < bytes.count {
        let byte = bytes[position]
        if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
          if field < count { fields[field] = from..<position }
          field += 1
          from = position + 1
          if byte != UInt8(ascii: ",") { break }
        }
        position += 1
      }
      if position == bytes.count && from < position {
        if field < count { fields[field] = from..<position }
        field += 1
      }
      while position < bytes.count
        && (bytes[position] == UInt8(ascii: "\r") || bytes[position] == UInt8(ascii: "\n"))
      {
        position += 1
      }
      if field >= count { line(UnsafeBufferPointer(fields)) }
    }
  }
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
  "job_sustained_13_weeks", "job_sustained_26_weeks", "job_sustained_52_weeks",
]
let evidenceKinds = [
  "tenancy", "landlord_letter", "assessment_form", "payslips", "employer_letter",
]
let outcomeBytes = outcomes.map { Array($0.utf8) }
/// Outcome names are longer than a key: matched against the eight names byte by byte.
func outcomeOf(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int {
  outcomeBytes.firstIndex { name in
    name.count == range.count
      && name.indices.allSatisfy { name[$0] == bytes[range.lowerBound + $0] }
  }!
}
let evidenceKeys = evidenceKinds.map { name in
  Array(name.utf8).withUnsafeBytes { Key($0, 0..<$0.count) }
}
func evidenceBit(_ key: Key) -> Int {
  evidenceKeys.firstIndex(of: key).map { 1 << $0 } ?? 0
}

struct Claim {
  var id: Key
  var idStart: Int32
  var idCount: Int32
  var person: Int32
  var day: Int32
  var tenancy: Int32
  var job: Int32
  var outcome: Int8
  var evidence: Int8
}
let missing = Int32.min

var started: [Int] = []
var people = IDTable(capacity: 0)
participantData.withUnsafeBytes { bytes in
  let lines = bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
  people = IDTable(capacity: lines)
  started.reserveCapacity(lines)
  // participant_id, provider, referred_on, started_on, ...
  eachLine(bytes, fields: 4) { columns in
    people.insert(Key(bytes, columns[0]), Int32(started.count))
    started.append(date(bytes, columns[3]))
  }
}

let output = claimData.withUnsafeBytes { bytes -> [UInt8] in
  var claims: [Claim] = []
  claims.reserveCapacity(bytes.count / 64)
  func day32(_ range: Range<Int>) -> Int32 {
    let day = date(bytes, range)
    return day == noDay ? missing : Int32(day)
  }
  // claim_id, participant_id, outcome, achieved_on, claimed_on, evidence, tenancy_started_on,
  // job_started_on
  eachLine(bytes, fields: 8) { columns in
    var evidence = 0
    var from = columns[5].lowerBound
    for position in columns[5].lowerBound...columns[5].upperBound
    where position == columns[5].upperBound || bytes[position] == UInt8(ascii: ";") {
      if position > from { evidence |= evidenceBit(Key(bytes, from..<position)) }
      from = position + 1
    }
    let person = people.find(Key(bytes, columns[1]))
    precondition(person >= 0, "no unknown ids")
    claims.append(
      Claim(
        id: Key(bytes, columns[0]), idStart: Int32(columns[0].lowerBound),
        idCount: Int32(columns[0].count), person: person, day: day32(columns[3]),
        tenancy: day32(columns[6]), job: day32(columns[7]),
        outcome: Int8(outcomeOf(bytes, columns[2])),
        evidence: Int8(evidence)))
  }
  // Evaluation order: achieved date (claims with none first), then claim id by bytes. Claims
  // are counted into one bucket per day, then each day's few are sorted by id.
  let dated = claims.lazy.map(\.day).filter { $0 != missing }
  let first = dated.min() ?? 0
  let last = dated.max() ?? 0
  var starts = [Int](repeating: 0, count: Int(last - first) + 3)
  func bucket(_ day: Int32) -> Int { day == missing ? 0 : Int(day - first) + 1 }
  for claim in claims { starts[bucket(claim.day) + 1] += 1 }
  for index in 1..<starts.count { starts[index] += starts[index - 1] }
  var order = [Int32](repeating: 0, count: claims.count)
  var next = starts
  for (index, claim) in claims.enumerated() {
    let slot = bucket(claim.day)
    order[next[slot]] = Int32(index)
    next[slot] += 1
  }
  claims.withUnsafeBufferPointer { claims in
    for slot in 0..<(starts.count - 1) where starts[slot + 1] - starts[slot] > 1 {
      order[starts[slot]..<starts[slot + 1]].sort { claims[Int($0)].id < claims[Int($1)].id }
    }
  }

  let (termStart, termEnd) = (days(2020, 1, 1), days(2024, 12, 31))
  let version2 = days(2022, 1, 1)
  let requires: [Int] = [-1, 0, 1, 1, 1, 0, 5, 5, 5]
  let (tenancyKinds, jobEntryKinds) = (1 | 2, 8 | 16)
  let jobRungDays = [91, 182, 364]  // 13, 26 and 52 weeks
  let prices = [30000, 60000, 150000, 150000, 260000, 100000, 120000, 180000, 200000]
  let laterPrices = [30000, 60000, 150000, 150000, 220000, 130000, 120000, 180000, 200000]
  /// What the rules read and write of a participant, together: one cache line per claim.
  struct Person {
    var started: Int32
    var paidSoFar: Int32 = 0
    var achieved: UInt16 = 0
  }
  var persons = started.map { Person(started: $0 == noDay ? missing : Int32($0)) }
  var out: [UInt8] = Array("claim_id,status,amount,council,fund\n".utf8)
  out.reserveCapacity(claims.count * 32)
  func append(_ value: Int) {
    if value >= 10 { append(value / 10) }
    out.append(UInt8(48 + value % 10))
  }
  let statuses = [",rejected,", ",reduced,", ",paid,"].map { Array($0.utf8) }
  // Gathered into evaluation order first: a tight loop keeps many loads in flight, where
  // the deciding loop below would wait on each claim in turn.
  let ordered = order.map { claims[Int($0)] }
  for claim in ordered {
    let person = Int(claim.person)
    let outcome = Int(claim.outcome)
    let day = claim.day == missing ? noDay : Int(claim.day)
    let evidence = Int(claim.evidence)
    var passes = day != noDay && day >= termStart && day <= termEnd
    switch outcome {
    case 0:
      let start = persons[person].started
      passes = passes && start != missing && day <= addMonths(Int(start), 3) && evidence & 4 != 0
    case 1: passes = passes && evidence & tenancyKinds != 0
    case 2, 3, 4:
      let months = outcome == 2 ? 3 : outcome == 3 ? 6 : 12
      passes =
        passes && claim.tenancy != missing && day >= addMonths(Int(claim.tenancy), months)
        && evidence & tenancyKinds != 0
    case 5: passes = passes && evidence & jobEntryKinds != 0
    default:
      passes =
        passes && claim.job != missing && day >= Int(claim.job) + jobRungDays[outcome - 6]
        && evidence & 8 != 0
    }
    if requires[outcome] >= 0 && persons[person].achieved & (1 << requires[outcome]) == 0 {
      passes = false
    }
    if persons[person].achieved & (1 << outcome) != 0 { passes = false }  // each outcome once
    var price = 0
    if passes {
      persons[person].achieved |= 1 << outcome
      price = (day >= version2 ? laterPrices : prices)[outcome]
    }
    let amount = max(0, min(price, 820_000 - Int(persons[person].paidSoFar)))
    persons[person].paidSoFar += Int32(amount)
    var council = amount * 70 / 100
    var fund = amount * 30 / 100
    if amount - council - fund == 1 {
      if (amount * 70) % 100 >= (amount * 30) % 100 { council += 1 } else { fund += 1 }
    }
    let start = Int(claim.idStart)
    out.append(contentsOf: bytes[start..<(start + Int(claim.idCount))])
    out.append(contentsOf: statuses[amount == 0 ? 0 : amount < price ? 1 : 2])
    append(amount)
    out.append(UInt8(ascii: ","))
    append(council)
    out.append(UInt8(ascii: ","))
    append(fund)
    out.append(UInt8(ascii: "\n"))
  }
  return out
}
guard let file = fopen(arguments[3], "wb"),
  output.withUnsafeBytes({ fwrite($0.baseAddress, 1, $0.count, file) }) == output.count,
  fclose(file) == 0
else {
  FileHandle.standardError.write("floor: cannot write \(arguments[3])\n".data(using: .utf8)!)
  exit(1)
}
