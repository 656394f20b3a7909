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
    let (participants, claims, issues) = (loaded.participants, loaded.claims, loaded.issues)
    Timings.phase("type and cross-check the records")
    Output.standardError(DataIssueReport.text(issues, claims: claims.count))
    if issues.contains(where: \.stopsEvaluation) {
      Output.standardError(
        "ratecard \(command): nothing was evaluated: fix the files first (every claim would be decided wrongly)\n"
      )
      return .failure(.findings)
    }
    return .success(
      ClaimData(
        history: history, participants: participants, claims: claims, issues: issues,
        index: loaded.index))
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
    let data: [UInt8]
    switch CardFiles.read(path) {
    case .failure(let problem):
      return .failure(TableProblem(message: "\(problem.path): error: \(problem.message)\n"))
    case .success(let bytes): data = bytes
    }
    switch DataFileFormat.examine(data, path: path, encoding: encoding) {
    case .csv(let bytes): return .success(CSVReader.pieces(bytes, path: path, rows: piece))
    case .jsonLines(let bytes): return .success([JSONLinesReader.read(bytes, path: path)])
    case .problem(let message):
      return .failure(TableProblem(message: "\(path): error: \(message)\n"))
    }
  }

  /// Why a data file cannot be read, as printed.
  struct TableProblem: Error {
    var message: String
  }
}
