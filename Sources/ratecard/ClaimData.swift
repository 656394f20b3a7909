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
    guard let checked = CardFiles.checked(options.paths[0]) else { return .failure(.findings) }
    var history = VersionedCard(checked.versions)
    if let label = options.values["--version"] {
      guard CardFiles.version(label, among: history.versions.map(\.label), command: command) != nil,
        let forced = history.forcing(label)
      else { return .failure(.usage) }
      history = forced
    }
    let card = history.latest
    guard let participantTable = table(participantsPath), let claimTable = table(claimsPath) else {
      return .failure(.findings)
    }
    let (participants, claims, issues) = RecordLoader.load(
      participants: participantTable, claims: claimTable, card: card)
    for issue in issues { Output.standardError(issue.description + "\n") }
    return .success(
      ClaimData(history: history, participants: participants, claims: claims, issues: issues))
  }

  /// CSV, or JSON Lines when the file ends in .jsonl or .ndjson.
  static func table(_ path: String) -> DataTable? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      !isDirectory.boolValue,
      let data = FileManager.default.contents(atPath: path)
    else {
      Output.standardError("\(path): error: cannot read this file\n")
      return nil
    }
    let bytes = [UInt8](data)
    if path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") {
      return JSONLinesReader.read(bytes, path: path)
    }
    return CSVReader.read(bytes, path: path)
  }
}
