import Foundation
import RateCard
import RateCardEngine

/// Loads a card and its participants and claims for `eval` and `explain`, printing every
/// data issue with its row and column.
struct ClaimData {
  /// Every version of the card (one forced with `--version`); `card` is the latest.
  var history: VersionedCard
  var card: CompiledCard { history.latest }
  var participants: [ParticipantRecord]
  var claims: [ClaimRecord]
  var issues: [DataIssue]
  /// Each claim's participant, looked up once by the loader for every later stage.
  var index: ClaimIndex

  var hasErrors: Bool { issues.contains { $0.severity == .error } }

  /// nil when the card has errors or a file cannot be read (already reported).
  static func load(_ options: Options, command: String) -> Result<ClaimData, ExitStatus> {
    guard options.paths.count >= 1, let participantsPath = options.values["--participants"],
      let claimsPath = options.values["--claims"]
    else {
      Output.standardError(
        "ratecard \(command): give a card, --participants FILE and --claims FILE\n")
      return .failure(.usage)
    }
    if participantsPath == "-" && claimsPath == "-" {
      Output.standardError(
        "ratecard \(command): only one of --participants and --claims can be `-` (standard input)\n"
      )
      return .failure(.usage)
    }
    guard let checked = CardFiles.checked(options.paths[0]) else { return .failure(.findings) }
    var history = VersionedCard(checked.versions)
    if let label = options.values["--version"] {
      guard CardFiles.version(label, among: history.versions.map(\.label), command: command) != nil,
        let forced = history.forcing(label)
      else { return .failure(.usage) }
      history = forced
    }
    let card = history.latest
    let encoding =
      options.values["--encoding"].flatMap(DataFileFormat.Encoding.init(rawValue:)) ?? .utf8
    let dates = options.values["--date-format"].flatMap(DateFormat.init(rawValue:)) ?? .iso
    Timings.start()
    if Parallel.cores > 1 {
      return pipelined(
        participantsPath: participantsPath, claimsPath: claimsPath, history: history,
        encoding: encoding, dates: dates, command: command)
    }
    // The two files are read at the same time; their problems are printed in this order.
    // The claims come in pieces, each let go as soon as it is typed (see `CSVReader.pieces`).
    // The participants, the smaller file, are typed while the claims are still being read.
    let (participantRead, claimRead) = Parallel.both(
      {
        table(participantsPath, encoding: encoding).map {
          RecordLoader.typedParticipants($0[0], card: card, dates: dates)
        }
      },
      { table(claimsPath, encoding: encoding, piece: ClaimData.piece) })
    if case .failure(let problem) = participantRead { Output.standardError(problem.message) }
    if case .failure(let problem) = claimRead { Output.standardError(problem.message) }
    // The tables are moved on, never copied: typing lets each go as soon as it is typed.
    let typedParticipants: RecordLoader.TypedParticipants
    let claimPieces: [DataTable]
    switch (consume participantRead, consume claimRead) {
    case (.success(let participants), .success(let claims)):
      typedParticipants = participants
      claimPieces = claims
    default:
      return .failure(.findings)
    }
    Timings.phase("read the data files and type the participants")
    let loaded = RecordLoader.records(
      participants: consume typedParticipants, claimPieces: consume claimPieces, card: card,
      dates: dates)
    Lifetime.giveBackFreedMemory()
    Timings.phase("type and cross-check the records")
    return reported(loaded, history: history, command: command)
  }

  /// The data, once its issues are printed; a failure when one of them stops evaluation.
  static func reported(_ loaded: RecordLoader.Loaded, history: VersionedCard, command: String)
    -> Result<ClaimData, ExitStatus>
  {
    Output.standardError(DataIssueReport.text(loaded.issues, claims: loaded.claims.count))
    if loaded.issues.contains(where: \.stopsEvaluation) {
      Output.standardError(
        "ratecard \(command): nothing was evaluated: fix the files first (every claim would be decided wrongly)\n"
      )
      return .failure(.findings)
    }
    return .success(
      ClaimData(
        history: history, participants: loaded.participants, claims: loaded.claims,
        issues: loaded.issues, index: loaded.index))
  }

  /// With more than one core: the participants are typed on this thread while the claims are
  /// read and split on another, and each piece of the claims is typed as soon as it is split,
  /// by whichever of the two is free (`PipelinedClaims`). Claims in JSON Lines are typed once
  /// read, as with one core. The problems and the data are the same either way.
  static func pipelined(
    participantsPath: String, claimsPath: String, history: VersionedCard,
    encoding: DataFileFormat.Encoding, dates: DateFormat, command: String
  ) -> Result<ClaimData, ExitStatus> {
    let card = history.latest
    let pipeline = PipelinedClaims(card: card, dates: dates, pieceRows: ClaimData.piece)
    let ((participantRead, typedClaims), claimRead) = Parallel.together(
      { () -> (Result<RecordLoader.TypedParticipants, TableProblem>, [ClaimRecord]?) in
        let read = table(participantsPath, encoding: encoding).map {
          RecordLoader.typedParticipants($0[0], card: card, dates: dates)
        }
        return (read, pipeline.typed(participants: try? read.get()))
      },
      { () -> Result<[DataTable]?, TableProblem> in
        switch file(claimsPath, encoding: encoding) {
        case .success(.csv(let bytes)):
          // Taken: the pipeline lets the bytes go once split.
          pipeline.split(consume bytes, path: claimsPath)
          return .success(nil)
        case .success(.jsonLines(let bytes)):
          pipeline.abandon()
          return .success([JSONLinesReader.read(bytes, path: claimsPath)])
        case .failure(let problem):
          pipeline.abandon()
          return .failure(problem)
        }
      })
    if case .failure(let problem) = participantRead { Output.standardError(problem.message) }
    if case .failure(let problem) = claimRead { Output.standardError(problem.message) }
    guard case .success(let participants) = consume participantRead,
      case .success(let pieces) = consume claimRead
    else { return .failure(.findings) }
    Timings.phase("read the data files and type the records")
    let loaded: RecordLoader.Loaded
    if let pieces {
      loaded = RecordLoader.records(
        participants: participants, claimPieces: pieces, card: card, dates: dates)
    } else {
      loaded = RecordLoader.records(
        participants: participants, pipelined: pipeline, claims: typedClaims ?? [], card: card)
    }
    Lifetime.giveBackFreedMemory()
    Timings.phase("index and cross-check the records")
    return reported(loaded, history: history, command: command)
  }

  /// CSV, or JSON Lines (.jsonl, .ndjson, or .json holding one object per line); a file that
  /// is neither is refused with the reason (printed by the caller, so that the two files'
  /// problems come out in the same order whichever is read first).
  /// Rows in a piece of the claims table: a few megabytes of text each.
  static let piece = 65_536

  /// The file's table, in pieces of `piece` rows (one piece unless asked: JSON Lines always).
  static func table(
    _ path: String, encoding: DataFileFormat.Encoding = .utf8, piece: Int = .max
  ) -> Result<[DataTable], TableProblem> {
    file(path, encoding: encoding).map { file in
      switch file {
      case .csv(let bytes): CSVReader.pieces(bytes, path: path, rows: piece)
      case .jsonLines(let bytes): [JSONLinesReader.read(bytes, path: path)]
      }
    }
  }

  /// A data file's bytes, as UTF-8, and which format they are in.
  enum File {
    case csv([UInt8])
    case jsonLines([UInt8])
  }

  static func file(_ path: String, encoding: DataFileFormat.Encoding) -> Result<File, TableProblem>
  {
    let data: [UInt8]
    switch CardFiles.read(path) {
    case .failure(let problem):
      return .failure(TableProblem(message: "\(problem.path): error: \(problem.message)\n"))
    case .success(let bytes): data = bytes
    }
    switch DataFileFormat.examine(data, path: path, encoding: encoding) {
    case .csv(let bytes): return .success(.csv(bytes))
    case .jsonLines(let bytes): return .success(.jsonLines(bytes))
    case .problem(let message):
      return .failure(TableProblem(message: "\(path): error: \(message)\n"))
    }
  }

  /// Why a data file cannot be read, as printed.
  struct TableProblem: Error {
    var message: String
  }
}
