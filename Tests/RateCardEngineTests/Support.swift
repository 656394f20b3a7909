import Foundation
import RateCard
import RateCardEngine

enum Repository {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

  static func files(in folder: String, ending suffix: String) -> [String] {
    let found =
      FileManager.default.enumerator(atPath: url(folder).path)?.allObjects as? [String] ?? []
    return found.filter { $0.hasSuffix(suffix) }.sorted().map { folder + "/" + $0 }
  }

  static var sampleCards: [String] { files(in: "Samples", ending: ".ratecard") }

  static func checked(_ relative: String) -> CheckedCard { Checker.check(source(relative)).card }

  static func source(_ relative: String) -> SourceFile {
    let data = FileManager.default.contents(atPath: url(relative).path) ?? Data()
    return SourceFile(path: relative, bytes: [UInt8](data))
  }
}

func date(_ text: String) -> DayNumber {
  CalendarDate(iso: Substring(text))!.dayNumber
}

func day(_ number: DayNumber) -> String { CalendarDate(dayNumber: number).description }
