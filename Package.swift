// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "ratecard",
  products: [
    .library(name: "RateCard", targets: ["RateCard"]),
    .library(name: "RateCardEngine", targets: ["RateCardEngine"]),
    .library(name: "RateCardAudit", targets: ["RateCardAudit"]),
    .executable(name: "ratecard", targets: ["ratecard"]),
  ],
  targets: [
    // The language: syntax, semantics, diagnostics, formatting. No I/O.
    .target(name: "RateCard"),
    // Evaluation: the compiled card, calendar, money splits, caps, the ledger, data readers.
    .target(name: "RateCardEngine", dependencies: ["RateCard"]),
    // Gaming detectors and their statistics.
    .target(name: "RateCardAudit", dependencies: ["RateCard", "RateCardEngine"]),
    // The command-line tool: argument handling and file I/O only.
    .executableTarget(
      name: "ratecard", dependencies: ["RateCard", "RateCardEngine", "RateCardAudit"]),
    // Benchmarks live outside Sources so the folder tree shows what ships.
    .executableTarget(
      name: "ratecard-bench", dependencies: ["RateCard", "RateCardEngine"],
      path: "Benchmarks/ratecard-bench"),
    // Depends on the tool so `swift test` builds it for the command-line tests.
    .testTarget(name: "RateCardTests", dependencies: ["RateCard", "ratecard"]),
    .testTarget(
      name: "RateCardEngineTests", dependencies: ["RateCard", "RateCardEngine", "ratecard"]),
    .testTarget(
      name: "RateCardAuditTests", dependencies: ["RateCard", "RateCardEngine", "RateCardAudit"]),
  ]
)
