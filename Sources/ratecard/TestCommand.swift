import RateCard
import RateCardEngine

/// `ratecard test`: run the tests written inside cards.
enum TestCommand: Subcommand {
  static let name = "test"
  static let summary = "Run the tests written inside rate cards"
  static let help = """
    Usage: ratecard test FILE_OR_FOLDER...

    Runs every `test "..." { ... }` block of each card: builds its participants and claims,
    evaluates them against the card, and compares each expectation with the result. Prints
    each failing expectation as expected/actual, then a summary line `N passed, N failed`.
    A card with errors is reported and counts as one failed test.

    Exit codes: 0 every test passed, 1 a test failed or a card has errors, 2 usage.

    Example:
      ratecard test Samples

    """

  static func run(_ options: Options) -> ExitStatus {
    guard !options.paths.isEmpty else {
      Output.standardError("ratecard test: name at least one card or folder\n")
      return .usage
    }
    let (paths, problems) = CardFiles.expand(options.paths)
    for problem in problems { Output.standardError("\(problem.path): error: \(problem.message)\n") }
    var passed = 0
    var failed = problems.count
    for path in paths {
      guard let checked = CardFiles.checked(path) else {
        failed += 1
        continue
      }
      for result in InlineTestRunner.run(checked.versions) {
        if result.passed {
          passed += 1
          Output.standardOutput("PASS \(path): \(result.name)\n")
        } else {
          failed += 1
          Output.standardOutput("FAIL \(path): \(result.name)\n")
          for failure in result.failures { Output.standardOutput("  \(failure)\n") }
        }
      }
    }
    Output.standardOutput("\(passed) passed, \(failed) failed\n")
    return failed > 0 ? .findings : .success
  }
}
