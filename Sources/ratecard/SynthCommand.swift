import Foundation
import RateCard
import RateCardEngine

/// `ratecard synth`: generate a realistic synthetic programme for a card.
enum SynthCommand: Subcommand {
  static let name = "synth"
  static let summary = "Generate realistic synthetic participants and claims for a card"
  static let help = """
    Usage: ratecard synth CARD --out-participants FILE --out-claims FILE [--participants N] [--seed S]
                          [--data-errors]

    Generates N participants (default 250) referred over the card's term, most of whom start,
    and claims for the outcomes they achieve, including the mistakes real claims have: early
    and late claims, missing or wrong evidence and repeated claims. With --data-errors it also
    writes a few claims for unknown participants and outcomes and reused claim ids. The same
    card, N, seed and flags always give the same files.

    Exit codes: 0 written, 1 the card has errors or a file cannot be written, 2 usage.

    Example:
      ratecard synth Samples/kirklees/kbop-generic.ratecard --participants 300 --seed 7 \\
        --out-participants p.csv --out-claims c.csv

    """

  static func run(_ options: Options) -> ExitStatus {
    guard options.paths.count == 1, let participantsOut = options.values["--out-participants"],
      let claimsOut = options.values["--out-claims"]
    else {
      Output.standardError(
        "ratecard synth: give a card, --out-participants FILE and --out-claims FILE\n")
      return .usage
    }
    guard let count = Int(options.values["--participants"] ?? "250"), count > 0,
      count <= 10_000_000,
      let seed = UInt64(options.values["--seed"] ?? "1")
    else {
      Output.standardError("ratecard synth: --participants and --seed take whole numbers\n")
      return .usage
    }
    guard let checked = CardFiles.checkedCard(options.paths[0]) else { return .findings }
    let card = Compiler.compile(checked)
    var programme = SyntheticProgramme(
      card: card,
      settings: .init(
        participants: count, seed: seed, dataErrors: options.flags.contains("--data-errors")))
    let (participants, claims) = programme.generate()
    do {
      try Data(RecordWriter.participantsCSV(participants, card: card).utf8)
        .write(to: URL(fileURLWithPath: participantsOut), options: .atomic)
      try Data(RecordWriter.claimsCSV(claims, card: card).utf8)
        .write(to: URL(fileURLWithPath: claimsOut), options: .atomic)
    } catch {
      Output.standardError(
        "ratecard synth: cannot write the files: \(error.localizedDescription)\n")
      return .findings
    }
    Output.standardError("wrote \(participants.count) participants and \(claims.count) claims\n")
    return .success
  }
}
