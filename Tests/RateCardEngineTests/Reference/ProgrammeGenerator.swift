import Foundation

/// A small, reproducible random number generator (SplitMix64), so a failing case can be
/// regenerated from its seed.
struct SplitMix {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(next() % UInt64(range.count))
  }

  mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

  mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

  mutating func subset<T>(_ items: [T], max: Int) -> [T] {
    var pool = items
    var out: [T] = []
    for _ in 0..<int(1...Swift.max(1, Swift.min(max, items.count))) {
      out.append(pool.remove(at: int(0...pool.count - 1)))
    }
    return out
  }
}

/// Generates a random card that exercises the language's constructs, and a programme of
/// participants and claims for it with invalid rows, empties, duplicates and Unicode ids.
/// Used to drive the engine and the reference model side by side.
struct ProgrammeGenerator {
  struct Case {
    var seed: UInt64
    var card: String
    var participants: [[String]]
    var claims: [[String]]
  }

  var random: SplitMix

  static let evidence = [
    ("e_self", "self_certified"), ("e_prov", "provider_declaration"), ("e_third", "third_party"),
    ("e_doc", "documentary"), ("e_off", "official"),
  ]
  static let claimFields = [
    "n number optional", "kind one of a, b, c optional", "level one of l1, l2, l3 optional",
    "amount money optional", "gap duration optional", "start_on date optional",
    "end_on date optional", "flag yes/no optional", "pct percent optional",
  ]
  static let participantFields = [
    "score number optional", "risk one of low, high optional", "vulnerable yes/no optional",
    "site text optional",
  ]

  static func generate(seed: UInt64) -> Case {
    var generator = ProgrammeGenerator(random: SplitMix(state: seed))
    var outcomes: [String] = []
    let card = generator.card(outcomes: &outcomes)
    let (participants, ids) = generator.participants()
    let claims = generator.claims(outcomes: outcomes, participants: ids)
    return Case(seed: seed, card: card, participants: participants, claims: claims)
  }

  // MARK: The card

  mutating func money() -> String {
    let pounds = random.int(0...40)
    return random.chance(30) ? "£\(pounds).\(random.int(10...99))" : "£\(pounds)"
  }

  mutating func condition(depth: Int = 0) -> String {
    if depth < 2 && random.chance(25) {
      let joiner = random.pick(["and", "or"])
      let inner = "\(condition(depth: depth + 1)) \(joiner) \(condition(depth: depth + 1))"
      return random.chance(50) ? "(\(inner))" : inner
    }
    switch random.int(0...15) {
    case 0: return "claim.n \(random.pick([">=", "<", "==", "!=", "<=", ">"])) \(random.int(0...6))"
    case 1: return "claim.kind \(random.pick(["==", "!="])) \(random.pick(["a", "b", "c"]))"
    case 2:
      return "claim.kind in (\(random.subset(["a", "b", "c"], max: 2).joined(separator: ", ")))"
    case 3: return random.chance(50) ? "participant.vulnerable" : "not participant.vulnerable"
    case 4: return "claim.amount <= \(money())"
    case 5: return "claim.gap is \(random.chance(50) ? "" : "not ")set"
    case 6: return "participant.score - claim.n >= \(random.int(0...3))"
    case 7: return "claim.start_on >= 2020-\(random.pick(["03", "06", "09"]))-01"
    case 8: return "participant.risk == \(random.pick(["low", "high"]))"
    case 9: return "claim.level >= \(random.pick(["l1", "l2", "l3"]))"
    case 10: return "claim.flag"
    case 11: return "claim.pct >= \(random.int(10...90))%"
    case 12: return "participant.site == \"north\""
    case 13: return "-claim.n > -\(random.int(1...5))"
    case 14: return "claim.claimed_on >= claim.achieved_on + 2 weeks"
    default: return "claim.start_on + 1 month <= claim.end_on"
    }
  }

  mutating func price() -> String {
    switch random.int(0...9) {
    case 0: return "£0"
    case 1: return "\(money()) + \(money())"
    case 2: return "\(money()) * \(random.int(1...3))"
    case 3: return "band[claim.kind]"
    case 4: return "claim.amount * \(random.int(5...50))%"
    case 5: return "rate * claim.n"
    case 6: return "base_price"
    case 7: return "£50 - \(money())"
    default: return money()
    }
  }

  mutating func evidenceRule() -> String {
    let ids = ProgrammeGenerator.evidence.map(\.0)
    var rule: String
    switch random.int(0...4) {
    case 0: rule = random.pick(ids)
    case 1: rule = "all of " + random.subset(ids, max: 2).joined(separator: ", ")
    case 2:
      rule = "\(random.pick(ids)) plus any of " + random.subset(ids, max: 3).joined(separator: ", ")
    case 3:
      let items = random.subset(ids, max: 3)
      rule =
        "any of "
        + items.enumerated().map { $0 == 0 && items.count > 1 ? "\($1) if claim.flag" : $1 }
        .joined(separator: ", ")
    default: rule = "any of " + random.subset(ids, max: 4).joined(separator: ", ")
    }
    if random.chance(25) {
      rule += " at least " + random.pick(["provider_declaration", "third_party", "documentary"])
    }
    return "evidence " + rule
  }

  mutating func limit() -> String? {
    switch random.int(0...9) {
    case 0: return "repeatable"
    case 1: return "at most \(random.int(2...3)) per participant"
    case 2: return "at most 3 per participant, once per claim.kind"
    case 3: return "at most 3 per participant, each higher claim.level or different claim.kind"
    case 4: return "repeatable, at least \(random.pick(["2 weeks", "1 month", "10 days"])) apart"
    case 5: return "repeatable, at least claim.gap apart"
    case 6: return "once per participant"
    case 7: return "repeatable, each higher claim.level"
    default: return nil
    }
  }

  mutating func anchor(earlier: [String]) -> String {
    var anchors = ["start", "referral", "claim.start_on", "launch"]
    if let outcome = earlier.last { anchors.append(outcome) }
    return random.pick(anchors)
  }

  mutating func timing(earlier: [String]) -> [String] {
    var clauses: [String] = []
    if random.chance(35) { clauses.append("only after \(anchor(earlier: earlier))") }
    if random.chance(15) { clauses.append("within term") }
    if random.chance(20) {
      let duration = random.pick(["8 weeks", "3 months", "claim.gap", "claim.gap * 2"])
      clauses.append("within \(duration) of \(anchor(earlier: earlier))")
    }
    if random.chance(25) {
      let duration = random.pick(["1 month", "6.5 weeks", "claim.gap", "10 days"])
      let until = random.chance(40) ? " or until claim.end_on, whichever is sooner" : ""
      clauses.append("at least \(duration) after \(anchor(earlier: earlier))\(until)")
    }
    return clauses
  }

  mutating func exceptions() -> [String] {
    let count = random.int(0...3)
    guard count > 0 else { return [] }
    // A chain e1 over e2 over e3, declared in a random order, so precedence must be followed
    // through the chain whatever the order.
    var blocks: [String] = []
    for index in 1...count {
      let over = index < count ? " over x\(index + 1)" : ""
      var body: [String] = []
      if random.chance(50) { body.append("price \(money())") }
      if random.chance(40) { body.append(evidenceRule()) }
      if random.chance(20), let limit = limit() { body.append(limit) }
      if random.chance(20) { body.append("when \(condition())") }
      if random.chance(15) { body.append("unless \(condition())") }
      if random.chance(20) { body.append("payers p1 50%, p3 50%") }
      if body.isEmpty { body.append("price \(money())") }
      blocks.append(
        "exception x\(index)\(over) when \(condition()) {\n    \(body.joined(separator: "\n    "))\n  }"
      )
    }
    var shuffled: [String] = []
    while !blocks.isEmpty { shuffled.append(blocks.remove(at: random.int(0...blocks.count - 1))) }
    return shuffled
  }

  mutating func card(outcomes: inout [String]) -> String {
    let shares = random.pick([
      ["5%", "15%", "80%"], ["33.33%", "33.33%", "33.34%"], ["1%", "49%", "50%"],
      ["70%", "20%", "10%"],
    ])
    var lines: [String] = [
      "card \"Generated\" {", "  currency GBP", "  term 2020-01-01 to 2022-12-31",
      "  version \"g\"", "}", "payers {",
    ]
    for (index, share) in shares.enumerated() {
      lines.append("  p\(index + 1) \"Payer \(index + 1)\" \(share)")
    }
    lines.append("}")
    var caps: [String] = []
    if random.chance(50) {
      caps.append("  payer p\(random.int(1...3)) £\(random.int(0...30)).\(random.int(10...99))")
    }
    if random.chance(30) { caps.append("  payer p\(random.int(1...3)) \(money()) + £5") }
    if random.chance(40) { caps.append("  contract £\(random.int(20...300))") }
    if random.chance(40) { caps.append("  per participant £\(random.int(100...200))") }
    var seenCaps: Set<String> = []
    caps = caps.filter {
      seenCaps.insert($0.split(separator: " ").prefix(2).joined()).inserted
    }
    if !caps.isEmpty { lines += ["caps {"] + caps + ["}"] }
    lines +=
      ["participant fields {"] + ProgrammeGenerator.participantFields.map { "  " + $0 } + ["}"]
    lines += ["claim fields {"] + ProgrammeGenerator.claimFields.map { "  " + $0 } + ["}"]
    lines +=
      ["evidence {"] + ProgrammeGenerator.evidence.map { "  \($0.0) \"\($0.0)\" \($0.1)" } + ["}"]
    lines += [
      "const rate = \(money())", "const base_price = \(money()) + £1", "const launch = 2020-03-01",
      "table band {", "  a: \(money())", "  b: \(money())", "  c: £0", "}",
    ]
    for index in 1...random.int(2...5) {
      let id = "o\(index)"
      var clauses = ["price \(price())", evidenceRule()]
      if random.chance(35) { clauses.append("group \"G\(random.int(1...2))\"") }
      if random.chance(15) { clauses.append("cap £\(random.int(82...160)) per participant") }
      if random.chance(10) { clauses.append("cap \(random.int(1...2)) claims per participant") }
      if let limit = limit() { clauses.append(limit) }
      if random.chance(25), let earlier = outcomes.last { clauses.append("requires \(earlier)") }
      if random.chance(10), outcomes.count >= 2 {
        clauses.append("requires \(outcomes[0]), \(outcomes[1])")
      }
      if random.chance(10), outcomes.count >= 2 {
        clauses.append("requires any of \(outcomes[0]), \(outcomes[outcomes.count - 1])")
      }
      if random.chance(12), let earlier = outcomes.last {
        clauses.append("requires \(earlier) matching claim.kind")
      }
      clauses += timing(earlier: outcomes)
      if random.chance(25) { clauses.append("when \(condition())") }
      if random.chance(10) { clauses.append("when \(condition())") }
      if random.chance(15) { clauses.append("unless \(condition())") }
      if random.chance(20) { clauses.append("cap \(random.int(1...4)) claims") }
      if random.chance(20) { clauses.append("cap £\(random.int(82...160)) + £0.50") }
      if random.chance(20) {
        clauses.append(
          random.pick(["payers p2 50%, p3 50%", "payers p2 25%, p3 75%"]))
      }
      if random.chance(10) { clauses.append("only by exception special when \(condition())") }
      clauses += exceptions()
      if random.chance(25) {
        clauses.append("versioned by \(random.pick(["achievement", "referral", "start", "claim"]))")
      }
      lines.append(
        "outcome \(id) \"Outcome \(index)\" {\n  \(clauses.joined(separator: "\n  "))\n}")
      outcomes.append(id)
    }
    if random.chance(60) {
      let from = random.pick([outcomes[0], "start", "claim.start_on"])
      var rungs: [String] = []
      var names: [String] = []
      let durations = random.pick([
        ["1 month", "3 months", "6 months"], ["2 weeks", "6.5 weeks"],
        ["10 days", "1 month", "1 year"],
      ])
      for duration in durations {
        let named = random.chance(30) ? "s\(names.count)" : nil
        var rung = "\(duration) \(money())" + (named.map { " named \($0)" } ?? "")
        if random.chance(30) {
          let block = random.pick([
            evidenceRule(), "when \(condition())", "only by exception long when \(condition())",
          ])
          rung += " {\n    \(block)\n  }"
        }
        rungs.append(rung)
        let parts = duration.split(separator: " ")
        let unit = parts[1].hasSuffix("s") ? String(parts[1]) : parts[1] + "s"
        names.append(named ?? "sus_\(parts[0].replacingOccurrences(of: ".", with: "_"))_\(unit)")
      }
      var clauses = rungs
      if random.chance(60) { clauses.append("requires previous") }
      if from == outcomes[0] && random.chance(40) {
        clauses.append("restarts at most \(random.int(1...2)) times")
      }
      clauses.append(evidenceRule())
      if random.chance(30) { clauses.append("unless \(condition())") }
      if random.chance(20), let limit = limit() { clauses.append(limit) }
      if random.chance(20) { clauses.append("cap £\(random.int(42...90)) + £0.20") }
      if random.chance(20) { clauses.append("cap \(random.int(1...2)) claims per participant") }
      lines.append(
        "ladder sus \"Sustained\" from \(from) {\n  \(clauses.joined(separator: "\n  "))\n}")
      outcomes += names
    }
    if random.chance(35) {
      // A milestone ladder on the claim's amount.
      let from = random.pick([outcomes[0], "start"])
      var clauses = ["£10 \(money())", "£100 \(money())", "£1,000 \(money())"]
      if random.chance(50) { clauses.append("requires previous") }
      if random.chance(40) { clauses.append("at most 2 per participant, once per claim.kind") }
      clauses.append(evidenceRule())
      lines.append(
        "ladder ms \"Milestones\" from \(from) measured by claim.amount {\n  \(clauses.joined(separator: "\n  "))\n}"
      )
      outcomes += ["ms_10", "ms_100", "ms_1000"]
    }
    if random.chance(30) {
      var body: [String] = []
      if random.chance(60) {
        body.append("outcomes " + random.subset(outcomes, max: 3).joined(separator: ", "))
      }
      if random.chance(40) { body.append("price \(money())") }
      lines.append(
        "suspension \"Lockdown\" \(random.pick(["2020-03-23", "2020-06-01"])) to \(random.pick(["2020-07-04", "2020-12-31"])) {\n  \(body.joined(separator: "\n  "))\n}"
      )
    }
    if random.chance(40) {
      var body: [String] = []
      if random.chance(60) { body.append("cap £\(random.int(45...200)) per participant") }
      if random.chance(40) { body.append("cap £\(random.int(100...400))") }
      if random.chance(30) { body.append("cap \(random.int(2...6)) claims") }
      if random.chance(40) { body.append("payers p1 40%, p2 40%, p3 20%") }
      if !body.isEmpty {
        lines.append("group \"G1\" {\n  \(body.joined(separator: "\n  "))\n}")
      }
    }
    lines += revisions(outcomes: &outcomes)
    return lines.joined(separator: "\n") + "\n"
  }

  /// Zero to two revisions: prices, evidence and conditions changed, the last plain outcome
  /// retired (nothing requires it), an outcome added.
  mutating func revisions(outcomes: inout [String]) -> [String] {
    guard random.chance(45) else { return [] }
    let plain = outcomes.filter { $0.hasPrefix("o") }
    var blocks: [String] = []
    let dates = random.pick([["2020-09-14"], ["2020-06-01", "2021-07-01"], ["2021-01-01"]])
    for (index, date) in dates.enumerated() {
      var changes: [String] = []
      for _ in 0..<random.int(1...3) {
        let target = random.pick(plain.dropLast().isEmpty ? plain : Array(plain.dropLast()))
        let body = random.pick([
          "price \(money())", evidenceRule(), "drop when", "when \(condition())", "repeatable",
          "versioned by referral",
        ])
        changes.append("change \(target) {\n    \(body)\n  }")
      }
      if index == 0 && random.chance(50), let last = plain.last, plain.count > 1 {
        changes.append("retire \(last)")
      }
      if random.chance(50) {
        let id = "added\(index)"
        changes.append(
          "add outcome \(id) \"Added\" {\n    price \(money())\n    \(evidenceRule())\n  }")
        outcomes.append(id)
      }
      blocks.append(
        "revision \"r\(index + 1)\" effective \(date) {\n  approved by \"Panel\"\n  "
          + changes.joined(separator: "\n  ") + "\n}")
    }
    return blocks
  }

  // MARK: The data

  mutating func date(from: Int = 2019, to: Int = 2023) -> String {
    let year = random.int(from...to)
    let month = random.int(1...12)
    return String(format: "%04d-%02d-%02d", year, month, random.int(1...28))
  }

  mutating func maybeBroken(_ value: String, _ broken: [String]) -> String {
    if random.chance(1) { return random.pick(broken) }
    if random.chance(12) { return "" }
    return value
  }

  mutating func participants() -> ([[String]], [String]) {
    var rows = [
      [
        "participant_id", "provider", "referred_on", "started_on", "referral_source", "score",
        "risk", "vulnerable", "site",
      ]
    ]
    var ids: [String] = []
    let names = ["p1", "p2", "caf\u{E9}", "cafe\u{301}", "p5", "\u{212A}elvin"]
    for index in 0..<random.int(2...5) {
      let id = names[index]
      ids.append(id)
      rows.append([
        id, random.pick(["A", "B", "C"]),
        random.chance(1) ? "2020-02-30" : date(from: 2019, to: 2020),
        random.chance(15) ? "" : date(from: 2019, to: 2021), random.pick(["gateway", ""]),
        maybeBroken(String(random.int(0...8)), ["x"]),
        maybeBroken(random.pick(["low", "high"]), ["medium"]),
        maybeBroken(random.pick(["yes", "no"]), ["maybe"]),
        random.pick(["north", "south", ""]),
      ])
    }
    if random.chance(10) { rows.append(rows[1]) }
    return (rows, ids)
  }

  mutating func claims(outcomes: [String], participants: [String]) -> [[String]] {
    var rows = [
      [
        "claim_id", "participant_id", "outcome", "achieved_on", "evidence", "n", "kind", "level",
        "amount", "gap", "start_on", "end_on", "flag", "pct", "claimed_on",
      ]
    ]
    var used: [String: Set<String>] = [:]
    for index in 0..<random.int(4...26) {
      var id = "c\(index)"
      if random.chance(8) { id = random.pick(["d\u{E9}j\u{E0}", "de\u{301}ja\u{300}"]) }
      if random.chance(5), index > 1 { id = "c\(random.int(0...index - 1))" }
      let participant = random.chance(4) ? "ghost" : random.pick(participants)
      var outcome = random.pick(outcomes)
      if random.chance(4) { outcome = "o9" }
      var achieved = random.chance(12) ? date(from: 2019, to: 2023) : date(from: 2020, to: 2022)
      // Most claims follow a journey: outcomes in card order, later outcomes later, so that
      // prerequisites, anchors and ladders are met and caps and limits come into play.
      if random.chance(60), let position = outcomes.firstIndex(of: outcome) {
        let days = 20 + position * 45 + random.int(0...40)
        achieved = String(
          format: "%04d-%02d-%02d", 2020 + days / 336, 1 + days % 336 / 28, 1 + days % 28)
      }
      if random.chance(2) { achieved = random.pick(["2021-02-29", "not a date", ""]) }
      // Repeated ids never share an achieved date, so evaluation order is fully determined.
      while used[id]?.contains(achieved) == true || (used[id] != nil && !achieved.hasPrefix("20")) {
        achieved = date(from: 2019, to: 2023)
      }
      used[id, default: []].insert(achieved)
      let evidenceIDs = ProgrammeGenerator.evidence.map(\.0) + ["unknown_doc"]
      let evidence =
        random.chance(5)
        ? ""
        : (random.chance(65) ? evidenceIDs : random.subset(evidenceIDs, max: 5)).joined(
          separator: ";")
      rows.append([
        id, participant, outcome, achieved, evidence,
        maybeBroken(String(random.int(0...6)), ["seven", "1.2.3"]),
        maybeBroken(random.pick(["a", "b", "c"]), ["d"]),
        maybeBroken(random.pick(["l1", "l2", "l3"]), ["l4"]),
        maybeBroken(
          random.pick(["£12.50", "341.75", "1,500", "0.99", "GBP 20"]),
          ["12,50", "1,2,3,4", "£,5", "3.505"]),
        maybeBroken(
          random.pick(["2 weeks", "1 month", "10 days", "3 weeks"]), ["soon", "1.5 months"]),
        maybeBroken(date(from: 2019, to: 2021), ["2020-13-01"]),
        maybeBroken(date(from: 2020, to: 2022), ["yesterday"]),
        maybeBroken(random.pick(["yes", "no"]), ["perhaps"]),
        maybeBroken(random.pick(["25%", "50", "75%"]), ["lots"]),
        maybeBroken(date(from: 2020, to: 2023), ["31/01/2021"]),
      ])
    }
    return rows
  }

  /// RFC 4180 text of some rows (quoting by bytes), for the engine's reader.
  static func csv(_ rows: [[String]]) -> String {
    rows.map { row in
      row.map { field in
        field.utf8.contains(where: { [44, 34, 10, 13].contains($0) })
          ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
      }.joined(separator: ",")
    }.joined(separator: "\r\n") + "\r\n"
  }
}
