import Foundation
import RateCard

/// Turns claims into a ledger. Claims are evaluated in one deterministic order, by achieved
/// date and then claim id, so the ledger never depends on the order of the input rows. Each
/// claim is checked against every rule and gets every reason that applies; a claim that
/// passes is paid its price, less whatever the caps allow, split between the payers.
public struct Evaluator {
  /// Every version of the card; `card` is the version pricing the claim being evaluated.
  let history: VersionedCard
  var card: CompiledCard
  var version = 0
  /// Every version's outcomes in place, and this version's (see `OutcomeTable`).
  let outcomeTable: OutcomeTable
  var outcomes: [OutcomeTable.Held]
  /// What each participant has achieved of each outcome (see `Achievements`).
  var achievements: Achievements
  /// What has been **paid** under each cap; caps and totals read these.
  /// What has been paid under each cap pool (by key): across the contract, and per
  /// participant.
  var poolUse: [PoolUse]
  /// Per participant, by pool slot: participant × slots + slot.
  var participantPoolUse: [PoolUse]
  let participantSlots: Int
  var payerTotals: [Int64]
  /// Nothing for each payer: every unpaid entry shares this array.
  var unpaid: [Int64]
  /// Each claim's evidence names as the card's kinds, looked up once per list.
  var suppliedEvidence = SuppliedEvidence()
  /// The payer splits last made, for rows paid the same amount to share.
  var splits = PayerSplit.Recent()
  /// Each reason code alone, for entries rejected for one reason to share (see `Findings`).
  let reasonsAlone = Findings.alone()
  /// Its own copies of the outcome ids and provider names its rows hold.
  var ownText = OwnText()
  /// Findings of a claim rejected only because a required outcome was not achieved (a third
  /// of a programme's claims), one list per outcome id, shared by the rows rejected for it (see
  /// `Findings.Shared`).
  var notAchievedAlone = Findings.Shared()
  struct PoolUse {
    var amount: Int64 = 0
    var count = 0

    mutating func add(_ paid: Int64) {
      amount = amount.saturatingAdd(paid)
      count += 1
    }
  }

  /// Evaluates every claim. `explain` names a claim whose derivation is recorded.
  public static func evaluate(
    _ card: CompiledCard, participants: [ParticipantRecord], claims: [ClaimRecord],
    explain: String? = nil
  ) -> ClaimLedger {
    evaluate(
      VersionedCard(single: card), participants: participants, claims: claims, explain: explain)
  }

  /// Evaluates every claim against a card's dated history: each claim is priced by the
  /// version its outcome's `versioned by` date picks (or by the forced version). `index`
  /// is each claim's participant and outcome when the loader has looked them up already (with
  /// any version of this history: outcome positions are the same in all of them).
  ///
  /// `rows` hears each block of ledger rows as soon as it is decided, in order, on a thread
  /// that decides no claims (the caller's, when participants are decided apart): the caller
  /// can write the ledger while later claims are still being evaluated. Every call has
  /// returned before `evaluate` does. With `keepingRows: false`, a block's rows are let go once
  /// `rows` has returned (as later rows take their places), so the ledger is streamed in
  /// bounded memory (a few blocks at a time, however many claims there are) and the ledger
  /// returned has no entries.
  public static func evaluate(
    _ history: VersionedCard, participants: [ParticipantRecord], claims: [ClaimRecord],
    explain: String? = nil, progress: ((Int) -> Void)? = nil, index: ClaimIndex? = nil,
    rows: RowBlocks? = nil, keepingRows: Bool = true
  ) -> ClaimLedger {
    // Deciding apart, each worker keeps its own participants' histories: none are kept here.
    let apart =
      Evaluator.workers(claims: claims.count, explain: explain, asked: nil) > 1
      && history.participantsApart
    var evaluator = Evaluator(history: history, participantCount: apart ? 0 : participants.count)
    return evaluator.run(
      participants: participants, claims: claims,
      index: index ?? ClaimIndex(claims: claims, participants: participants, card: history.latest),
      explain: explain,
      progress: progress, rows: rows, keptBlocks: keepingRows || rows == nil ? nil : keptBlocks)
  }

  /// Receives the ledger's rows block by block, in order: the block's rows, and the position
  /// of its first row in the ledger. The rows may be read only until the call returns.
  public typealias RowBlocks =
    @Sendable (_ rows: UnsafeBufferPointer<LedgerEntry>, _ first: Int)
    -> Void

  /// Rows handed on in blocks of this many: small enough to keep the writer busy, large
  /// enough that handing on costs nothing.
  public static let rowBlock = 16_384

  /// Blocks of rows held at once when the rows are not kept: the writer's block, and room
  /// for the deciding threads to run ahead of it.
  static let keptBlocks = 6

  init(history: VersionedCard, participantCount: Int) {
    self.history = history
    let card = history.latest
    self.card = card
    version = history.forced ?? (history.versions.count - 1)
    outcomeTable = OutcomeTable(history)
    outcomes = outcomeTable.versions[version]
    achievements = Achievements(participants: participantCount, history: history)
    poolUse = Array(repeating: PoolUse(), count: history.poolSlots.contract)
    participantSlots = history.poolSlots.perParticipant
    participantPoolUse = Array(
      repeating: PoolUse(), count: participantCount * history.poolSlots.perParticipant)
    payerTotals = Array(repeating: 0, count: card.payers.count)
    unpaid = payerTotals
  }

  /// The order claims are evaluated in: achieved date (unreadable dates last), claim id,
  /// participant, outcome and evidence; claims equal in all of these are ordered by the rest
  /// of their row, so even exact duplicates order the same way every time.
  static func precedes(_ a: ClaimRecord, _ b: ClaimRecord) -> Bool {
    let x = a.achievedOn ?? .max
    let y = b.achievedOn ?? .max
    if x != y { return x < y }
    // Ids are compared by their bytes (see `ByteKey`), never as canonically equal Strings.
    if !a.id.sameBytes(as: b.id) { return a.id.bytesPrecede(b.id) }
    if !a.participantID.sameBytes(as: b.participantID) {
      return a.participantID.bytesPrecede(b.participantID)
    }
    if !a.outcome.sameBytes(as: b.outcome) { return a.outcome.bytesPrecede(b.outcome) }
    return a.evidence.lexicographicallyPrecedes(b.evidence) { $0.bytesPrecede($1) }
  }

  static func same(_ a: ClaimRecord, _ b: ClaimRecord) -> Bool {
    !precedes(a, b) && !precedes(b, a)
  }

  /// The positions of the claims in evaluation order. Compact keys are sorted, not records:
  /// the day and the first eight bytes of the claim id, which settle almost every comparison;
  /// only keys that tie there compare the records (`precedes`). Ties of whole records (rare)
  /// are broken by a description of the whole row, computed only for the claims that tie.
  public static func evaluationOrder(_ claims: [ClaimRecord]) -> [Int] {
    struct Key {
      var day: Int64
      var prefix: UInt64
      var position: Int
    }
    func key(_ position: Int) -> Key {
      var prefix: UInt64 = 0
      var count = 0
      for byte in claims[position].id.utf8.prefix(8) {
        prefix = prefix << 8 | UInt64(byte)
        count += 1
      }
      // Padding with zeros keeps byte order: a shorter id that is a prefix sorts first.
      if count < 8 { prefix <<= UInt64(8 * (8 - count)) }
      return Key(
        day: claims[position].achievedOn.map(Int64.init) ?? .max, prefix: prefix,
        position: position)
    }
    func sameDayPrecedes(_ a: Key, _ b: Key) -> Bool {
      if a.prefix != b.prefix { return a.prefix < b.prefix }
      return precedes(claims[a.position], claims[b.position])
    }
    var keys: [Key]
    // The first and last days, read in place.
    var (low, high) = (DayNumber.max, DayNumber.min)
    claims.withUnsafeBufferPointer { claims in
      for position in claims.indices {
        guard let day = claims[position].achievedOn else { continue }
        low = min(low, day)
        high = max(high, day)
      }
    }
    if low <= high && Int(high) - Int(low) < max(4 * claims.count, 4_096) {
      // A programme spans a few thousand days: the keys are dealt into one bucket a day (no
      // date last), in order, and each day's few are sorted on their own. Linear in the
      // claims, where one sort of them all was not, and each sort stays in the cache.
      let undated = Int(high) - Int(low) + 1
      func bucket(_ position: Int) -> Int {
        claims[position].achievedOn.map { Int($0) - Int(low) } ?? undated
      }
      var starts = [Int](repeating: 0, count: undated + 2)
      for position in claims.indices { starts[bucket(position) + 1] += 1 }
      for index in 1..<starts.count { starts[index] += starts[index - 1] }
      var next = starts
      // Each key made straight into its place: no second list of them all.
      keys = [Key](unsafeUninitializedCapacity: claims.count) { buffer, initialized in
        for position in claims.indices {
          let place = bucket(position)
          (buffer.baseAddress! + next[place]).initialize(to: key(position))
          next[place] += 1
        }
        initialized = claims.count
      }
      keys.withUnsafeMutableBufferPointer { keys in
        for day in 0...undated where starts[day + 1] - starts[day] > 1 {
          keys[starts[day]..<starts[day + 1]].sort(by: sameDayPrecedes)
        }
      }
    } else {
      keys = claims.indices.map(key)
      keys.sort { a, b in a.day != b.day ? a.day < b.day : sameDayPrecedes(a, b) }
    }
    var sorted = keys.map(\.position)
    var start = 0
    while start < sorted.count {
      var end = start + 1
      while end < sorted.count && keys[start].day == keys[end].day
        && keys[start].prefix == keys[end].prefix
        && same(claims[sorted[start]], claims[sorted[end]])
      {
        end += 1
      }
      if end - start > 1 {
        let keyed = sorted[start..<end].map {
          (ByteKey("\(claims[$0].values)\(claims[$0].problems)"), $0)
        }
        sorted.replaceSubrange(start..<end, with: keyed.sorted { $0.0 < $1.0 }.map(\.1))
      }
      start = end
    }
    return sorted
  }

  /// `progress` hears how many claims are done, every few thousand claims. `workers` is how
  /// many threads decide the claims when participants can be decided apart (by default every
  /// core for a programme of more than two row blocks, and one when explaining a claim).
  ///
  /// `keptBlocks` nil keeps every row, in the ledger returned; a number keeps only that many
  /// blocks of `block` rows at once (see `RowStorage`), and the ledger returned has no entries.
  mutating func run(
    participants: [ParticipantRecord], claims: [ClaimRecord], index: ClaimIndex, explain: String?,
    progress: ((Int) -> Void)? = nil, rows: RowBlocks? = nil, workers: Int? = nil,
    block: Int = Evaluator.rowBlock, keptBlocks: Int? = nil
  ) -> ClaimLedger {
    precondition(
      index.person.count == claims.count && index.outcome.count == claims.count
        && index.order.count == claims.count, "the index is of these claims")
    let ordered = index.order
    // What no other claim changes (the claim's participant, and the version that prices it)
    // is looked up on every core first; the pass that decides the claims stays sequential.
    let history = self.history
    // In evaluation order, so that the pass deciding the claims reads them one after another
    // (looked up by position, each was a miss in the cache).
    let (lookups, _) = Parallel.array(count: claims.count) { range, emit -> Bool in
      claims.withUnsafeBufferPointer { claims in
        for done in range {
          let position = ordered[done]
          emit(Lookup(position, claims.baseAddress! + position, participants, index, history))
        }
      }
      return true
    }
    let repeated = Evaluator.repeatedIDs(ordered, claims: claims, sharedID: index.sharedID)
    var explanation: [String] = []
    let count = ordered.count
    let workers = Evaluator.workers(claims: count, explain: explain, asked: workers)
    // Entries are written in place into storage that never moves, so the rows already
    // decided can be read on another thread while later ones are written.
    let storage = RowStorage(count: count, block: block, keptBlocks: keptBlocks)
    func fill(_ base: UnsafeMutablePointer<LedgerEntry>?) {
      let rows = storage.handing(rows, base: base)
      if workers > 1 && history.participantsApart {
        Evaluator.decideApart(
          workers: workers, history: history, participants: participants, claims: claims,
          ordered: ordered, lookups: lookups, repeated: repeated, into: base, storage: storage,
          progress: progress, rows: rows)
        return
      }
      let writer = DispatchQueue(label: "ratecard.ledger-rows")
      let group = DispatchGroup()
      // Slots of released blocks, when rows are not kept: deciding waits for one to be free.
      let free = DispatchSemaphore(value: storage.keptBlocks ?? 0)
      // Only for the hints, which never fault: the array is not changed while it is read.
      let records = participants.withUnsafeBufferPointer { $0.baseAddress }
      // Claims are read in place, never copied out of the array.
      claims.withUnsafeBufferPointer { claims in
        for (done, position) in ordered.enumerated() {
          if done + Evaluator.ahead < count {
            let later = done + Evaluator.ahead
            prefetch(
              claims.baseAddress! + ordered[later],
              participant: lookups[later].participant.map { (records! + $0, $0) })
          }
          if let progress, done % 8_192 == 0 { progress(done) }
          if storage.keptBlocks != nil && done % block == 0 { free.wait() }
          storage.vacate(done, base: base)
          (base! + storage.slot(done)).initialize(
            to: step(
              claims.baseAddress! + position, lookups[done], duplicate: repeated[done],
              participants: participants, explain: explain, explanation: &explanation))
          if done + 1 == count || (done + 1) % block == 0 {
            let blockIndex = done / block
            let handOn: @Sendable () -> Void = {
              rows(blockIndex)
              free.signal()
            }
            // On one core (`RATECARD_THREADS=1`) the rows are written in this thread.
            if Parallel.cores > 1 { writer.async(group: group, execute: handOn) } else { handOn() }
          }
        }
      }
      group.wait()
    }
    guard storage.keptBlocks != nil else {
      let entries = [LedgerEntry](unsafeUninitializedCapacity: count) { buffer, initialized in
        fill(buffer.baseAddress)
        initialized = count
      }
      return ClaimLedger(card: history.latest, entries: entries, explanation: explanation)
    }
    let ring = UnsafeMutablePointer<LedgerEntry>.allocate(capacity: storage.capacity)
    fill(ring)
    // The last rows have no later row to take their places.
    for position in max(0, count - storage.capacity)..<count {
      (ring + storage.slot(position)).deinitialize(count: 1)
    }
    ring.deallocate()
    return ClaimLedger(card: history.latest, entries: [], explanation: explanation)
  }

  /// Where each row of the ledger is held while it is decided and handed on: every row in its
  /// own place, or (rows not kept) a ring of `keptBlocks` blocks, a row let go when a later
  /// one takes its place (`vacate`), never before its block has been handed on.
  struct RowStorage: Sendable {
    let count: Int
    let block: Int
    let keptBlocks: Int?
    var blocks: Int { (count + block - 1) / block }
    var capacity: Int { keptBlocks.map { min(count, $0 * block) } ?? count }

    init(count: Int, block: Int, keptBlocks: Int?) {
      self.count = count
      self.block = block
      self.keptBlocks = keptBlocks.map { max(2, $0) }
    }

    /// Where row `position` is held.
    func slot(_ position: Int) -> Int { keptBlocks == nil ? position : position % capacity }

    /// Hands block `index` on to `rows`.
    func handing(_ rows: RowBlocks?, base: UnsafeMutablePointer<LedgerEntry>?)
      -> @Sendable (Int) -> Void
    {
      let held = DecidedRows(base)
      return { [self] index in
        let first = index * block
        rows?(
          UnsafeBufferPointer(start: held.base! + slot(first), count: min(block, count - first)),
          first)
      }
    }

    /// Before row `position` is written, when rows are not kept: lets go of the row whose place
    /// it takes (handed on by then). Rows are let go by the threads deciding claims, spread
    /// between them, rather than all by the one writing the ledger, which would then be the
    /// slowest; only the thread writing a place ever touches it.
    func vacate(_ position: Int, base: UnsafeMutablePointer<LedgerEntry>?) {
      guard keptBlocks != nil, position >= capacity else { return }
      (base! + slot(position)).deinitialize(count: 1)
    }
  }

  /// How many threads decide `claims` claims: every core for a programme of more than two row
  /// blocks (when its participants can be decided apart), unless `asked` says otherwise. A
  /// claim being explained is decided in the one pass that records its derivation.
  static func workers(claims: Int, explain: String?, asked: Int?) -> Int {
    explain != nil ? 1 : asked ?? (claims >= 2 * Evaluator.rowBlock ? Parallel.cores : 1)
  }

  /// By evaluation order: whether the claim's id was on an earlier claim. Only ids on more
  /// than one claim are remembered (see `ClaimIndex.sharedID`).
  static func repeatedIDs(_ ordered: [Int], claims: [ClaimRecord], sharedID: [Bool]) -> [Bool] {
    var seen: Set<ByteKey> = []
    return ordered.map { position in
      sharedID[position] && !seen.insert(ByteKey(claims[position].id)).inserted
    }
  }

  /// Decides the claims on `workers` threads, each owning a share of the participants (by
  /// position) and deciding their claims in evaluation order, with its own history of them.
  /// As the rules read only the claim's own participant (`VersionedCard.participantsApart`),
  /// each entry is the one the single pass gives. This thread hands on each block of rows (and
  /// progress) as soon as every worker has passed it.
  static func decideApart(
    workers: Int, history: VersionedCard, participants: [ParticipantRecord],
    claims: [ClaimRecord], ordered: [Int], lookups: [Lookup], repeated: [Bool],
    into base: UnsafeMutablePointer<LedgerEntry>?, storage: RowStorage,
    progress: ((Int) -> Void)?, rows: (Int) -> Void
  ) {
    let rowBlock = storage.block
    let count = ordered.count
    // A participant's claims all go to one worker; claims of no known participant touch no
    // history and are dealt round.
    var owned = Array(repeating: [Int32](), count: workers)
    for index in owned.indices { owned[index].reserveCapacity(count / workers + 1) }
    for done in ordered.indices {
      owned[(lookups[done].participant ?? done) % workers].append(Int32(done))
    }
    let blocks = storage.blocks
    let passed = (0..<workers).map { _ in DispatchSemaphore(value: 0) }
    // When rows are not kept, each block released is signalled to every worker: a worker
    // writes into block b only once block b - keptBlocks has been released.
    let released = (0..<workers).map { _ in DispatchSemaphore(value: 0) }
    let target = Parallel.Slots<LedgerEntry>.Target(base)
    let group = DispatchGroup()
    for worker in 0..<workers {
      let mine = owned[worker]
      DispatchQueue(label: "ratecard.evaluate-\(worker)").async(group: group) {
        // Participant p is this worker's slot p / workers.
        var evaluator = Evaluator(
          history: history, participantCount: (participants.count - worker + workers - 1) / workers)
        var trace: [String]? = nil
        var signalled = 0
        var freed = 0
        participants.withUnsafeBufferPointer { participants in
          claims.withUnsafeBufferPointer { claims in
            for (next, done) in mine.enumerated() {
              let done = Int(done)
              if next + Evaluator.ahead < mine.count {
                let later = Int(mine[next + Evaluator.ahead])
                evaluator.prefetch(
                  claims.baseAddress! + ordered[later],
                  participant: lookups[later].participant.map {
                    (participants.baseAddress! + $0, $0 / workers)
                  })
              }
              while done >= (signalled + 1) * rowBlock {
                passed[worker].signal()
                signalled += 1
              }
              // Every block before this one is passed first, so the writer is never stuck.
              if let kept = storage.keptBlocks {
                while done / rowBlock >= freed + kept {
                  released[worker].wait()
                  freed += 1
                }
              }
              let position = ordered[done]
              let lookup = lookups[done]
              evaluator.use(version: lookup.version)
              storage.vacate(done, base: target.base)
              (target.base! + storage.slot(done)).initialize(
                to: evaluator.evaluate(
                  claims.baseAddress! + position, outcome: lookup.outcome,
                  participant: lookup.participant.map {
                    (participants.baseAddress! + $0, $0 / workers)
                  },
                  duplicate: repeated[done], trace: &trace))
            }
          }
        }
        while signalled < blocks {
          passed[worker].signal()
          signalled += 1
        }
      }
    }
    for block in 0..<blocks {
      for worker in 0..<workers { passed[worker].wait() }
      progress?(block * rowBlock)
      rows(block)
      if storage.keptBlocks != nil {
        for worker in 0..<workers { released[worker].signal() }
      }
    }
    group.wait()
  }

  /// How many claims ahead the records a claim reads are asked for (see `Prefetch`): time
  /// enough for them to arrive, while the claims between are decided.
  static let ahead = 4

  /// The ledger's storage while it is being filled: only rows handed on are read.
  struct DecidedRows: @unchecked Sendable {
    let base: UnsafeMutablePointer<LedgerEntry>?
    init(_ base: UnsafeMutablePointer<LedgerEntry>?) { self.base = base }
  }

  /// A claim's participant (by position) and the version that prices it.
  /// Kept in 12 bytes (not 33): there is one per claim.
  struct Lookup: Sendable {
    private let participantPosition: Int32
    private let versionPosition: Int32
    private let outcomePosition: Int32

    init(participant: Int?, version: Int, outcome: Int?) {
      participantPosition = participant.map(Int32.init) ?? -1
      versionPosition = Int32(version)
      outcomePosition = outcome.map(Int32.init) ?? -1
    }

    /// Claim `position`'s lookup: its participant and outcome from `index`, and the version
    /// its outcome's date picks.
    init(
      _ position: Int, _ claim: UnsafePointer<ClaimRecord>, _ participants: [ParticipantRecord],
      _ index: ClaimIndex, _ history: VersionedCard
    ) {
      let participant = index.participant(of: position)
      // Outcome positions are the same in every version of a history.
      let found = index.outcome[position]
      let outcome = found < 0 ? nil : Int(found)
      let version =
        history.versions.count == 1 && history.forced == nil
        ? 0
        : history.select(
          outcome: outcome, achieved: claim.pointee.achievedOn,
          days: .init(participant, in: participants, claim: claim), why: false
        ).index
      self.init(participant: participant, version: version, outcome: outcome)
    }

    var participant: Int? { participantPosition < 0 ? nil : Int(participantPosition) }
    var version: Int { Int(versionPosition) }
    /// The claim's outcome's position on the card, if it is on the card.
    var outcome: Int? { outcomePosition < 0 ? nil : Int(outcomePosition) }
  }

  /// One claim in evaluation order: its version, and its entry (recording the explanation
  /// when it is the claim asked about).
  ///
  /// `slot` is the participant's place in this evaluator's histories when it is not the
  /// participant's position (an evaluator keeping one participant's history).
  mutating func step(
    _ claim: UnsafePointer<ClaimRecord>, _ lookup: Lookup, duplicate: Bool,
    participants: [ParticipantRecord], explain: String?, explanation: inout [String],
    slot: Int? = nil
  ) -> LedgerEntry {
    let explaining =
      explain.map { claim.pointee.id.sameBytes(as: $0) } == true && explanation.isEmpty
    var trace: [String]? = explaining ? [] : nil
    let participant = lookup.participant
    if explaining && history.versions.count > 1 {
      trace?.append(
        history.select(
          outcome: history.latest.outcomePosition(claim.pointee.outcome),
          achieved: claim.pointee.achievedOn,
          days: .init(participant, in: participants, claim: claim)
        ).reason)
    }
    use(version: lookup.version)
    let entry = participants.withUnsafeBufferPointer { participants in
      evaluate(
        claim, outcome: lookup.outcome,
        participant: participant.map { (participants.baseAddress! + $0, slot ?? $0) },
        duplicate: duplicate, trace: &trace)
    }
    if let trace { explanation = trace }
    return entry
  }

  /// Asks for what deciding `claim` reads to be brought into the cache (see `Prefetch`): its
  /// record, its participant's, and that participant's histories here (at slot `person`).
  func prefetch(
    _ claim: UnsafePointer<ClaimRecord>, participant: (UnsafePointer<ParticipantRecord>, Int)?
  ) {
    Prefetch.read(claim)
    guard let (record, person) = participant else { return }
    Prefetch.read(record)
    achievements.prefetch(person: person)
    Prefetch.read(stripe: person, width: participantSlots, of: participantPoolUse)
  }

  /// Prices the next claims by this version. Copying a compiled card is not free: only when
  /// the version changes.
  mutating func use(version: Int) {
    guard version != self.version else { return }
    self.version = version
    card = history.versions[version].card
    outcomes = outcomeTable.versions[version]
    suppliedEvidence.forget()
    if unpaid.count != card.payers.count { unpaid = Array(repeating: 0, count: card.payers.count) }
  }

  // MARK: One claim

  /// One claim's entry. The claim and `found`, its participant's record, are read in place,
  /// never copied; `found` also gives the participant's slot in this evaluator's histories
  /// (its position, or its share's position when decided apart).
  mutating func evaluate(
    _ claim: UnsafePointer<ClaimRecord>, outcome outcomeIndex: Int?,
    participant found: (UnsafePointer<ParticipantRecord>, Int)?, duplicate: Bool,
    trace: inout [String]?
  ) -> LedgerEntry {
    var findings = Findings()
    let day = claim.pointee.achievedOn
    if trace != nil {
      let date = day.map { CalendarDate(dayNumber: $0).description } ?? "(no date)"
      trace?.append(
        "claim \(claim.pointee.id): outcome \(claim.pointee.outcome) for participant \(claim.pointee.participantID), achieved \(date)"
      )
    }
    if found == nil {
      findings.add(.unknownParticipant(claim.pointee.participantID))
    }
    if outcomeIndex == nil {
      let hint = FuzzyMatch.suggestion(for: claim.pointee.outcome, in: card.outcomes.map(\.id))
      findings.add(.unknownOutcome(claim.pointee.outcome, suggestion: hint))
    }
    if duplicate {
      findings.add(.duplicateClaimID(claim.pointee.id))
    }
    if !claim.pointee.problems.isEmpty {
      findings.add(.invalidClaim(claim.pointee.problems))
    }
    if let (participant, _) = found, !participant.pointee.problems.isEmpty {
      findings.add(.invalidParticipant(participant.pointee.id, participant.pointee.problems))
    }
    guard let (participant, person) = found, let outcomeIndex, let day, findings.isEmpty
    else {
      for finding in findings.list { trace?.append("✗ " + finding.message) }
      return rejected(claim, found?.0, findings, trace: &trace)
    }
    // Read in place: see `OutcomeTable`.
    let held = outcomes[outcomeIndex]
    guard held.outcome.inForce else {
      let absent = history.absence(of: outcomeIndex, in: version)
      findings.add(absent)
      trace?.append("✗ " + absent.message)
      return rejected(claim, participant, findings, trace: &trace)
    }
    trace?.append(
      "outcome: \(held.outcome.title)"
        + (held.outcome.ladder.map { " (a rung of \($0))" } ?? ""))
    for problem in held.outcome.problems {
      findings.add(.unresolvedRule(problem))
    }
    let p = participant.fields
    let c = claim.fields
    let rules = effectiveRules(held, p, c, trace: &trace)
    return decide(
      claim, participant, held, outcomeIndex, rules: rules, person: person, day: day, p, c,
      findings: findings, trace: &trace)
  }

  /// The rest of a claim's rules, once its participant and outcome are known and the rules
  /// that apply to it are settled.
  mutating func decide(
    _ claim: UnsafePointer<ClaimRecord>, _ participant: UnsafePointer<ParticipantRecord>,
    _ held: OutcomeTable.Held, _ outcomeIndex: Int, rules applying: OutcomeTable.HeldRules,
    person: Int, day: DayNumber, _ p: FieldsInPlace, _ c: FieldsInPlace,
    findings: consuming Findings,
    trace: inout [String]?
  ) -> LedgerEntry {
    checkTerm(day, &findings, trace: &trace)
    checkTiming(held, day, person: person, p, c, &findings, trace: &trace)
    checkPrerequisites(held, person: person, p, c, &findings, trace: &trace)
    checkEvidence(applying.rules.evidence, supplied: claim, p, c, &findings, trace: &trace)
    for condition in applying.rules.conditions ?? [] {
      let holds = condition.expression.evaluate(p, c).isTrue
      note(&trace, holds, "when \(condition.source)", condition, p, c)
      if !holds { findings.add(.conditionNotMet(condition.source)) }
    }
    if let milestone = held.outcome.milestone {
      let reached = Value.apply(.greaterEqual, milestone.measure.evaluate(p, c), milestone.value)
        .isTrue
      trace?.append(
        (reached ? "✓ " : "✗ ")
          + "milestone \(milestone.source) >= \(milestone.valueText) [\(milestone.source) = \(milestone.measure.evaluate(p, c).shown(currency: card.currency))]"
      )
      if !reached {
        findings.add(
          .milestoneNotReached(measure: milestone.source, milestone: milestone.valueText))
      }
    }
    for exclusion in applying.rules.exclusions ?? [] {
      let applies = exclusion.expression.evaluate(p, c).isTrue
      note(&trace, !applies, "unless \(exclusion.source)", exclusion, p, c)
      if applies { findings.add(.excluded(exclusion.source)) }
    }
    for (name, condition) in held.outcome.onlyByException {
      let holds = condition.expression.evaluate(p, c).isTrue
      note(&trace, holds, "only by exception \(name) when \(condition.source)", condition, p, c)
      if !holds {
        findings.add(.notByException(name: name, condition: condition.source))
      }
    }
    let limitValues = checkLimit(
      applying.rules.limit, outcomeIndex: outcomeIndex, person: person, day: day, p, c, &findings,
      trace: &trace)
    guard findings.isEmpty else { return rejected(claim, participant, findings, trace: &trace) }
    let priceValue = applying.rules.price?.evaluate(p, c) ?? .missing
    guard case .money(let rawPrice) = priceValue else {
      findings.add(.priceNotComputed(applying.rules.priceSource ?? "the card"))
      return rejected(claim, participant, findings, trace: &trace)
    }

    // The claim is achieved: it passed every rule. What it is paid is the caps' business, so
    // a claim the budget cannot pay still anchors and unlocks what follows it.
    achievements.record(
      person, outcomeIndex, day: day, limitValues,
      matched: held.outcome.matchKeys.compactMap { key in
        let value = key.expression.evaluate(p, c)
        return value.isMissing ? nil : (key.source, value)
      })
    var price = max(0, rawPrice)
    trace?.append("achieved; price \(applying.rules.priceSource ?? ""): \(money(price))")
    // A suspended period: achieved, but not paid, or paid the period's own price.
    if let suspension = card.suspensions.first(where: {
      $0.days.contains(day) && ($0.outcomes?.contains(outcomeIndex) ?? true)
    }) {
      guard let alternative = suspension.price else {
        findings.add(
          .paymentSuspended(
            suspension.title, from: suspension.days.lowerBound, to: suspension.days.upperBound))
        return rejected(claim, participant, findings, trace: &trace)
      }
      guard case .money(let units) = alternative.evaluate(p, c) else {
        findings.add(.priceNotComputed(suspension.priceSource ?? "the suspension"))
        return rejected(claim, participant, findings, trace: &trace)
      }
      price = max(0, units)
      trace?.append("suspension \"\(suspension.title)\": price \(money(price))")
    }
    let shares =
      applying.rules.payers ?? PayerShares(card.payers.enumerated().map { ($0, $1.share) })
    let (amount, parts, binding) = applyCaps(
      price, caps: held.outcome.caps, person: person, shares: shares, trace: &trace)
    if amount == 0 && price > 0 {
      findings.add(.capReached(binding))
      return rejected(claim, participant, findings, trace: &trace)
    }
    trace?.append(
      "split: "
        + shares.entries.map { share in
          "\(card.payers[share.payer].id) \(share.share)% \(money(parts[share.payer]))"
        }.joined(separator: "; "))
    // Record the payment.
    for pool in held.outcome.caps {
      if pool.perParticipant {
        participantPoolUse[person * participantSlots + pool.slot].add(amount)
      } else {
        poolUse[pool.slot].add(amount)
      }
    }
    for (index, part) in parts.enumerated() {
      payerTotals[index] = payerTotals[index].saturatingAdd(part)
    }
    let reduced = amount < price
    trace?.append("status: \(reduced ? "reduced" : "paid") \(money(amount))")
    return entry(
      claim, participant, status: reduced ? .reduced : .paid, amount: amount, payerAmounts: parts,
      reasons: reduced ? [.capReached] : [],
      detail: reduced
        ? .reduced(from: price, to: amount, binding: binding, currency: card.currency)
        : .paid(amount, currency: card.currency))
  }

  /// The claim's row, built once its status is known (an entry built early and changed would
  /// be copied, strings and all, on its way out).
  mutating func entry(
    _ claim: UnsafePointer<ClaimRecord>, _ participant: UnsafePointer<ParticipantRecord>?,
    status: ClaimStatus, amount: Int64, payerAmounts: [Int64], reasons: [ReasonCode],
    detail: LedgerEntry.Detail
  ) -> LedgerEntry {
    // Read in place (the pointers are mutable only for that): see `OwnText`.
    let provider = participant.map {
      ownText.own(&UnsafeMutablePointer(mutating: $0).pointee.provider)
    }
    return LedgerEntry(
      claimID: claim.pointee.id, participantID: claim.pointee.participantID,
      provider: provider ?? "",
      outcome: ownText.own(&UnsafeMutablePointer(mutating: claim).pointee.outcome),
      achievedOn: claim.pointee.achievedOn, version: card.version, status: status,
      amount: amount, payerAmounts: payerAmounts, reasons: reasons, detail: detail,
      row: claim.pointee.row)
  }

  /// The claim's row, rejected for `findings`.
  mutating func rejected(
    _ claim: UnsafePointer<ClaimRecord>, _ participant: UnsafePointer<ParticipantRecord>?,
    _ findings: Findings, trace: inout [String]?
  ) -> LedgerEntry {
    let findings = notAchievedAlone.sharing(findings)
    let reasons = findings.reasons(sharing: reasonsAlone)
    trace?.append("status: rejected because \(reasons.map(\.rawValue).joined(separator: ", "))")
    return entry(
      claim, participant, status: .rejected, amount: 0, payerAmounts: unpaid, reasons: reasons,
      detail: .rejected(findings))
  }

  func money(_ units: Int64) -> String {
    Money(minorUnits: units, currency: card.currency).formatted
  }

  func note(
    _ trace: inout [String]?, _ ok: Bool, _ rule: String, _ condition: LabelledCondition,
    _ p: FieldsInPlace, _ c: FieldsInPlace
  ) {
    guard trace != nil else { return }
    let seen = condition.fields.map { field, expression in
      "\(field) = \(shown(expression.evaluate(p, c), field: field))"
    }
    trace?.append(
      (ok ? "✓ " : "✗ ") + rule + (seen.isEmpty ? "" : " [" + seen.joined(separator: ", ") + "]"))
  }

  /// A value as a person reads it, naming `one of` values.
  func shown(_ value: Value, field: String) -> String {
    let parts = field.split(separator: ".")
    let schema = parts.first == "participant" ? card.participantSchema : card.claimSchema
    let choices =
      parts.count == 2 ? schema.index[String(parts[1])].flatMap { schema.fields[$0].choices } : nil
    return value.shown(currency: card.currency, choices: choices)
  }
}

extension VersionedCard.BasisDays {
  /// The days of participant `participant` (a position in `participants`) and of `claim`,
  /// read where they are.
  init(
    _ participant: Int?, in participants: [ParticipantRecord], claim: UnsafePointer<ClaimRecord>
  ) {
    referred = participant.flatMap { participants[$0].fields.day(at: 2) }
    started = participant.flatMap { participants[$0].fields.day(at: 3) }
    claimed = claim.pointee.values.day(at: 3)
  }
}
