import Foundation
import RateCard

/// Claims typed while their CSV file is still being split. Splitting the claims file is one
/// thread's work; typing the participants, the other's, is done sooner (0.16 s against 0.3 s
/// at a million claims of four a participant), and that core then sat idle until the whole
/// table was split. Here each piece is typed as soon as it is split, by whichever thread is
/// free, straight into its place in the one array of records.
///
/// Two threads take part, at the same time (`Parallel.together`): the thread reading the
/// claims calls `split` (or `abandon`, when the file is not CSV or cannot be read), and the
/// thread typing the participants calls `typed(participants:)` once they are typed; it makes
/// the array and returns it. The records, issues and participants found are those
/// `RecordLoader.claims(pieces:)` gives for the same file, row for row (`PipelinedClaimsTests`).
public final class PipelinedClaims: @unchecked Sendable {
  let card: CompiledCard
  let dates: DateFormat
  /// Rows in every piece but the last: piece `n`'s rows start at `n * pieceRows`.
  let pieceRows: Int

  private let condition = NSCondition()
  // Everything below is read and written holding `condition`.
  /// The claims file's bytes, while it is being split (for counting its rows).
  private var bytes: UnsafeBufferPointer<UInt8>?
  private var abandoned = false
  private var participantsKnown = false
  private var participants: IDNumbering?
  private var layout: RecordLoader.ClaimColumns?
  /// The reader's issues (once the file is split) and the columns' (once the header is known).
  private var readerIssues: [DataIssue] = []
  private var columnIssues: [DataIssue] = []
  private var path = ""
  private var header: [String] = []
  private var pieces: [DataTable?] = []
  private var handedOut = 0
  private var splitDone = false
  /// Where the records go, once the array is made.
  private var base: UnsafeMutablePointer<ClaimRecord>?
  /// Pieces handed out and not yet typed.
  private var typing = 0
  /// Per piece typed: its rows, its issues and its claims' participants.
  private var done: [Int: (rows: Int, issues: [DataIssue], people: [Int32])] = [:]
  /// Whether the thread reading the claims has finished with the bytes' pointer.
  private var bytesReleased = false

  public init(card: CompiledCard, dates: DateFormat, pieceRows: Int) {
    precondition(pieceRows > 0, "pieces have rows")
    self.card = card
    self.dates = dates
    self.pieceRows = pieceRows
  }

  // MARK: The thread reading the claims

  /// Splits the claims file (CSV) into pieces, handing each on as it is split, lets its bytes
  /// go, then helps type the pieces; returns once every piece is typed (or nothing is to be
  /// typed). The bytes are taken, not borrowed: held to the end of typing, they were 88 MB
  /// more at the peak, at a million claims.
  public func split(_ bytes: consuming [UInt8], path: String) {
    var bytes = bytes
    bytes.withUnsafeBufferPointer { buffer in
      locked {
        self.bytes = buffer
        self.path = path
      }
      let split = CSVReader.split(buffer, path: path, rows: pieceRows) { piece in
        // The columns are worked out from the first piece's header, before it is typed.
        if locked({ pieces.isEmpty }) { columns(of: piece.header, path: path) }
        locked {
          pieces.append(piece)
          condition.broadcast()
        }
      }
      // A file with a header and no rows, or none at all, has its columns checked here.
      if locked({ layout == nil }) { columns(of: split.header ?? [], path: path) }
      locked {
        readerIssues = split.issues
        splitDone = true
        condition.broadcast()
      }
      // The bytes' pointer lives only as long as this call: wait until the rows are counted.
      locked {
        while base == nil && !abandoned && !(participantsKnown && participants == nil) {
          condition.wait()
        }
        self.bytes = nil
        bytesReleased = true
        condition.broadcast()
      }
    }
    bytes = []
    help()
  }

  /// Works out where the claims' fields are from the header (on the reading thread, once).
  private func columns(of header: [String], path: String) {
    var issues: [DataIssue] = []
    let layout = RecordLoader.ClaimColumns(path: path, header: header, card: card, &issues)
    locked {
      self.layout = layout
      self.header = header
      columnIssues = issues
    }
  }

  /// The claims file is not CSV, or could not be read: nothing is typed here.
  public func abandon() {
    locked {
      abandoned = true
      bytesReleased = true
      condition.broadcast()
    }
  }

  // MARK: The thread typing the participants

  /// Once the participants are typed (nil when they could not be read): makes the array of
  /// claim records and types pieces into it with the other thread, until every piece is
  /// typed. Nil when the claims were not split here (`abandon`) or the participants could not
  /// be read (nothing is typed).
  public func typed(participants typedParticipants: RecordLoader.TypedParticipants?)
    -> [ClaimRecord]?
  {
    let claimBytes: UnsafeBufferPointer<UInt8>? = locked {
      participantsKnown = true
      participants = typedParticipants?.numbered
      condition.broadcast()
      guard typedParticipants != nil else { return nil }
      // `abandon` releases the bytes it never had.
      while bytes == nil && !bytesReleased { condition.wait() }
      return bytes
    }
    // Counted outside the lock (the reading thread keeps the bytes until the array is made).
    guard let bound = claimBytes.map(PipelinedClaims.rowBound) else { return nil }
    return [ClaimRecord](unsafeUninitializedCapacity: bound) { buffer, count in
      locked {
        base = buffer.baseAddress
        condition.broadcast()
      }
      // Every core types; this thread is one of them (and the reading thread, once split).
      DispatchQueue.concurrentPerform(iterations: max(1, Parallel.cores - 1)) { _ in help() }
      count = locked {
        while !(splitDone && handedOut == pieces.count && typing == 0) { condition.wait() }
        return done.values.reduce(0) { $0 + $1.rows }
      }
    }
  }

  /// After both threads: the reader's and the layout's issues, then each piece's in order,
  /// the claims' participants (as `RecordLoader.claims(pieces:participants:)` gives them),
  /// and where the claims came from.
  func finished() -> (issues: [DataIssue], people: [Int32], path: String, header: [String]) {
    locked {
      let order = done.keys.sorted()
      return (
        readerIssues + columnIssues + order.flatMap { done[$0]!.issues },
        order.flatMap { done[$0]!.people },
        path, header
      )
    }
  }

  // MARK: Typing

  /// Types pieces as they come until none is left to type, or nothing is to be typed.
  private func help() {
    var evidenceCells = EvidenceCells()
    while let (index, table, layout, participants, base) = next() {
      var issues: [DataIssue] = []
      var people: [Int32] = []
      people.reserveCapacity(table.rowCount)
      var slot = base + index * pieceRows
      RecordLoader.typeClaims(
        0..<table.rowCount, of: table, layout, participants: participants,
        evidenceCells: &evidenceCells, card: card, dates: dates, issues: &issues,
        people: &people
      ) { (claim: consuming ClaimRecord) in
        slot.initialize(to: claim)
        slot += 1
      }
      locked {
        done[index] = (table.rowCount, issues, people)
        typing -= 1
        condition.broadcast()
      }
    }
  }

  /// The next piece to type, taken (so that it is let go once typed), with what typing it
  /// needs; waits for one. Nil once every piece is handed out, or when nothing is typed.
  private func next() -> (
    Int, DataTable, RecordLoader.ClaimColumns, IDNumbering, UnsafeMutablePointer<ClaimRecord>
  )? {
    locked {
      while true {
        if abandoned || (participantsKnown && participants == nil) { return nil }
        if let participants, let base, let layout, handedOut < pieces.count {
          let index = handedOut
          handedOut += 1
          typing += 1
          let table = pieces[index].take()!
          return (index, table, layout, participants, base)
        }
        if splitDone && handedOut == pieces.count && base != nil { return nil }
        condition.wait()
      }
    }
  }

  /// At least as many records as the file can hold: every record ends at a line feed or a
  /// carriage return, or at the end of the file (a line break inside quotes only adds one).
  static func rowBound(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var breaks = 0
    let words = bytes.count / 8
    let raw = UnsafeRawBufferPointer(bytes)
    // Eight bytes at a time: the line breaks among them, counted from a mask of their top bits.
    for word in 0..<words {
      let value = raw.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self)
      let mask =
        ByteWord.equal(UInt8(ascii: "\n"), value) | ByteWord.equal(UInt8(ascii: "\r"), value)
      breaks += mask.nonzeroBitCount
    }
    var position = words * 8
    while position < bytes.count {
      if bytes[position] == UInt8(ascii: "\n") || bytes[position] == UInt8(ascii: "\r") {
        breaks += 1
      }
      position += 1
    }
    return breaks + 1
  }

  private func locked<Result>(_ body: () -> Result) -> Result {
    condition.lock()
    defer { condition.unlock() }
    return body()
  }
}
