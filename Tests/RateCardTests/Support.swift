import Foundation
import RateCard

/// Paths and helpers shared by the tests.
enum Repository {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

  /// Files under a folder of the repository with the given extension, sorted.
  static func files(in folder: String, ending suffix: String) -> [String] {
    let base = url(folder).path
    let found = FileManager.default.enumerator(atPath: base)?.allObjects as? [String] ?? []
    return found.filter { $0.hasSuffix(suffix) }.sorted().map { folder + "/" + $0 }
  }

  static func source(_ relative: String) -> SourceFile {
    let data = FileManager.default.contents(atPath: url(relative).path) ?? Data()
    return SourceFile(path: relative, bytes: [UInt8](data))
  }

  static var sampleCards: [String] { files(in: "Samples", ending: ".ratecard") }
  static var fixtureCards: [String] { files(in: "Tests/Fixtures/diagnostics", ending: ".ratecard") }
}

func check(_ text: String, path: String = "test.ratecard") -> CheckResult {
  Checker.check(SourceFile(path: path, text: text))
}

/// Codes of the diagnostics, in order.
func codes(_ result: CheckResult) -> [String] { result.diagnostics.map(\.code.rawValue) }

/// A minimal valid card to which tests add declarations.
let preamble = """
  card "Test" {
    currency GBP
    term 2020-01-01 to 2023-12-31
  }

  payers {
    council "The Council" 70%
    lcf "Life Chances Fund" 30%
  }

  participant fields {
    complexity one of low, medium, high
  }

  claim fields {
    hours number optional
  }

  evidence {
    tenancy "Tenancy agreement" documentary
    self_certification "Self-certification" self_certified
  }

  outcome accommodation_entry "Entry into accommodation" {
    price £500
    when participant.complexity != low and claim.hours >= 0
    evidence any of tenancy, self_certification
  }

  """
