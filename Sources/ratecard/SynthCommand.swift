import Foundation
import RateCard
import RateCardEngine

/// `ratecard synth`: generate a synthetic programme for a card.
enum SynthCommand: Subcommand {
  static let name = "synth"
  static let summary = "Generate synthetic participants and claims for a card"
  static let help = """
    Usage: ratecard synth CARD --out-participants FILE --out-claims FILE [--participants N] [--seed S]
                          [--shape exercise|realistic] [--data-errors] [--providers N]
                          [--achievement LOW-HIGH] [--plant PATTERN:PROVIDER:STRENGTH,...]

    Generates N participants (default 250) referred over the card's term, most of whom start,
    and claims for the outcomes they achieve. Two shapes:
      exercise   (the default) claim fields drawn independently, whether or not the rules are
                 met, with many mistakes (early and late claims, missing or wrong evidence,
                 repeats), so every rule of the engine is exercised;
      realistic  claims only where the rules are met, as real claims data looks: correlated
                 fields, delayed starts, providers of different sizes, an entry outcome for
                 nearly everyone, few mistakes; gaming planted in its realistic form. Use it
                 to try `ratecard audit`.
    With --data-errors it also writes a few claims for unknown participants and outcomes and
    reused claim ids. With --plant it plants gaming patterns (the names `ratecard audit` uses)
    at providers with a strength from 0 to 1, such as `--plant "parking:Spen Advice:0.35"`; high need, the bunching threshold
    and the surge date come from the card's `audit` block. The same card, N, seed and flags
    always give the same files. Providers (--providers N, default 8, takes the first N, then
    numbered copies): \(SyntheticProgramme.providers(count: 12).joined(separator: ", ")).
    --achievement LOW-HIGH (exercise shape, default 25-85) is each participant's chance, in
    percent, of achieving each outcome open to them, drawn evenly from the range: raise it for
    a programme whose participants claim more (on a card of eight outcomes and rungs, 25-85
    gives about 2.5 claims a participant).

    Exit codes: 0 written, 1 the card has errors or a file cannot be written, 2 usage.

    Example:
      ratecard synth Samples/kirklees/kbop-generic.ratecard --participants 300 --seed 7 \\
        --out-participants /tmp/ratecard-p.csv --out-claims /tmp/ratecard-c.csv

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
    guard let history = CardFiles.checked(options.paths[0]) else { return .findings }
    let checked = history.card
    let card = Compiler.compile(checked)
    var settings = SyntheticProgramme.Settings(
      participants: count, seed: seed, dataErrors: options.flags.contains("--data-errors"))
    settings.shape = options.values["--shape"].flatMap(SyntheticProgramme.Shape.init) ?? .exercise
    if let text = options.values["--providers"] {
      guard let providers = Int(text), (1...1_000).contains(providers) else {
        Output.standardError("ratecard synth: --providers takes a whole number from 1 to 1000\n")
        return .usage
      }
      settings.providers = SyntheticProgramme.providers(count: providers)
    }
    if let text = options.values["--achievement"] {
      guard let range = achievement(text) else {
        Output.standardError(
          "ratecard synth: --achievement takes two percentages, LOW-HIGH, such as 25-85, with LOW <= HIGH <= 100\n"
        )
        return .usage
      }
      guard settings.shape == .exercise else {
        Output.standardError(
          "ratecard synth: --achievement shapes the exercise programme; the realistic shape models achievement itself\n"
        )
        return .usage
      }
      settings.achievement = range
    }
    settings.versions = VersionedCard(history.versions)
    switch plants(options.values["--plant"], providers: settings.providers) {
    case .failure(let problem):
      Output.standardError("ratecard synth: \(problem.message)\n")
      return .usage
    case .success(let plants): settings.plants = plants
    }
    settings.readAudit(checked, card: card)
    var programme = SyntheticProgramme(card: card, settings: settings)
    let progress = Progress(total: settings.participants, unit: "participants")
    let (participants, claims) = programme.generate(progress: progress.update)
    progress.finish()
    do {
      try Output.save(
        Data(RecordWriter.participantsCSV(participants, card: card).utf8), to: participantsOut)
      try Output.save(Data(RecordWriter.claimsCSV(claims, card: card).utf8), to: claimsOut)
    } catch {
      Output.standardError(
        "ratecard synth: cannot write the files: \(error.localizedDescription)\n")
      return .findings
    }
    Output.standardError("wrote \(participants.count) participants and \(claims.count) claims\n")
    return .success
  }

  /// `LOW-HIGH`, two whole percentages with LOW <= HIGH <= 100.
  static func achievement(_ text: String) -> ClosedRange<Int>? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), low >= 0,
      low <= high, high <= 100
    else { return nil }
    return low...high
  }

  /// `pattern:provider:strength`, separated by commas. A provider the programme does not have
  /// is an error: planting at it would silently plant nothing.
  static func plants(_ text: String?, providers: [String]) -> Result<
    [SyntheticProgramme.Plant], Options.Problem
  > {
    guard let text else { return .success([]) }
    var plants: [SyntheticProgramme.Plant] = []
    for item in text.split(separator: ",") {
      let parts = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      guard parts.count == 3, let strength = Double(parts[2]), (0...1).contains(strength) else {
        return .failure(
          .init(
            message: "--plant takes PATTERN:PROVIDER:STRENGTH, such as parking:Spen Advice:0.35"))
      }
      let patterns = [
        "cherry-picking", "parking", "threshold-bunching", "duplicate-claim", "ladder-gap",
        "self-certification-skew", "claim-surge",
      ]
      guard patterns.contains(parts[0]) else {
        return .failure(
          .init(
            message: "unknown pattern `\(parts[0])`; patterns: \(patterns.joined(separator: ", "))")
        )
      }
      guard providers.contains(parts[1]) else {
        var message = "unknown provider `\(parts[1])` in --plant"
        if let close = FuzzyMatch.bestMatch(for: parts[1], in: providers) {
          message += "; did you mean `\(close)`?"
        }
        message += "\nproviders: \(providers.joined(separator: ", "))"
        return .failure(.init(message: message))
      }
      plants.append(.init(pattern: parts[0], provider: parts[1], strength: strength))
    }
    return .success(plants)
  }
}
