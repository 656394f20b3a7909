import Foundation
import RateCard
import RateCardEngine

// Measures the checker on a real card: lexing, parsing and the full check, each as the median
// of many runs, plus a card scaled up to show how time grows with card size. Run it through
// Benchmarks/run, which builds in release mode.

struct Options {
  var path = "Samples/kirklees/kbop-generic.ratecard"
  var runs = 500
  var scale = 20
  var limitMilliseconds: Double?
  /// Only lex, parse, check and format the card (for measuring every sample quickly).
  var checkOnly = false

  init(_ arguments: [String]) {
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      let value = index + 1 < arguments.count ? arguments[index + 1] : ""
      switch argument {
      case "--runs": runs = Int(value) ?? runs
      case "--scale": scale = Int(value) ?? scale
      case "--max-ms": limitMilliseconds = Double(value)
      case "--check-only":
        checkOnly = true
        index -= 1
      default:
        path = argument
        index -= 1
      }
      index += 2
    }
  }
}

/// Median and 90th percentile of a measured closure, in milliseconds.
func measure(runs: Int, _ body: () -> Void) -> (median: Double, p90: Double, minimum: Double) {
  for _ in 0..<max(5, runs / 10) { body() }
  let clock = ContinuousClock()
  var samples: [Double] = []
  samples.reserveCapacity(runs)
  for _ in 0..<runs {
    let elapsed = clock.measure(body)
    let (seconds, attoseconds) = elapsed.components
    samples.append(Double(seconds) * 1000 + Double(attoseconds) / 1e15)
  }
  samples.sort()
  return (samples[samples.count / 2], samples[samples.count * 9 / 10], samples[0])
}

func peakResidentMegabytes() -> Double {
  var usage = rusage()
  #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
  #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / 1_048_576  // bytes on macOS
  #endif
}

/// The card with its outcomes and ladders repeated under new ids, `times` times.
func scaled(_ text: String, times: Int) -> String {
  let (file, _) = Parser.parse(SourceFile(path: "scale", text: text))
  let source = SourceFile(path: "scale", text: text)
  var extra = ""
  for copy in 1..<max(1, times) {
    for declaration in file.declarations {
      switch declaration {
      case .outcome(let outcome):
        extra +=
          "\n"
          + source.text(of: outcome.span).replacingOccurrences(
            of: "outcome \(outcome.id.name) ", with: "outcome \(outcome.id.name)_\(copy) ")
      case .ladder(let ladder):
        extra +=
          "\n"
          + source.text(of: ladder.span).replacingOccurrences(
            of: "ladder \(ladder.id.name) ", with: "ladder \(ladder.id.name)_\(copy) ")
      default: break
      }
    }
  }
  return text + extra
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
guard let data = FileManager.default.contents(atPath: options.path) else {
  FileHandle.standardError.write(Data("cannot read \(options.path)\n".utf8))
  exit(2)
}
let source = SourceFile(path: options.path, bytes: [UInt8](data))
let baseline = Checker.check(source)
let lines = source.lineStarts.count
print(
  "card: \(options.path) (\(lines) lines, \(data.count) bytes, \(baseline.card.outcomes.count) outcomes and rungs, \(baseline.diagnostics.count) diagnostics)"
)
print("runs: \(options.runs) per measurement, after warm-up")

let lex = measure(runs: options.runs) { _ = Lexer.tokenize(source) }
let parse = measure(runs: options.runs) { _ = Parser.parse(source) }
let check = measure(runs: options.runs) { _ = Checker.check(source) }
let format = measure(runs: options.runs) { _ = Formatter.format(source) }
func row(_ name: String, _ value: (median: Double, p90: Double, minimum: Double)) {
  print(
    name.padding(toLength: 28, withPad: " ", startingAt: 0)
      + String(
        format: "median %7.3f ms   p90 %7.3f ms   min %7.3f ms", value.median, value.p90,
        value.minimum))
}
row("lex", lex)
row("lex + parse", parse)
row("lex + parse + check", check)
row("format", format)
print(String(format: "check / parse ratio: %.2f", check.median / parse.median))

func enforceLimit() {
  guard let limit = options.limitMilliseconds else { return }
  if check.median > limit {
    print(
      String(format: "FAIL: median check %.3f ms is over the %.3f ms limit", check.median, limit))
    exit(1)
  }
  print(String(format: "ok: median check %.3f ms is under the %.3f ms limit", check.median, limit))
}
if options.checkOnly {
  enforceLimit()
  exit(0)
}

let bigText = scaled(source.text, times: options.scale)
let big = SourceFile(path: "scaled", text: bigText)
let bigResult = Checker.check(big)
let bigCheck = measure(runs: max(20, options.runs / 10)) { _ = Checker.check(big) }
print(
  "scaled card ×\(options.scale): \(big.lineStarts.count) lines, \(bigResult.card.outcomes.count) outcomes and rungs, \(bigResult.errors.count) errors"
)
row("scaled: lex + parse + check", bigCheck)
print(
  String(
    format: "time per line: %.2f µs (card) vs %.2f µs (scaled ×%d)",
    check.median * 1000 / Double(lines), bigCheck.median * 1000 / Double(big.lineStarts.count),
    options.scale))
print(String(format: "peak resident memory: %.1f MB", peakResidentMegabytes()))

// Evaluation: the same card on synthetic programmes of growing size. Time per claim should
// stay flat (evaluation is linear in the data for a fixed card).
let compiled = Compiler.compile(baseline.card)
var evalRows: [(claims: Int, median: Double)] = []
for participants in [2_000, 8_000, 32_000] {
  var programme = SyntheticProgramme(
    card: compiled, settings: .init(participants: participants, seed: 7))
  let (people, claims) = programme.generate()
  let timing = measure(runs: 5) {
    _ = Evaluator.evaluate(compiled, participants: people, claims: claims)
  }
  evalRows.append((claims.count, timing.median))
  row("eval \(claims.count) claims", timing)
}
if let first = evalRows.first, let last = evalRows.last {
  let perClaimFirst = first.median * 1000 / Double(first.claims)
  let perClaimLast = last.median * 1000 / Double(last.claims)
  print(
    String(
      format:
        "eval time per claim: %.2f µs at %d claims, %.2f µs at %d claims (ratio %.2f for %.0fx the data)",
      perClaimFirst, first.claims, perClaimLast, last.claims, perClaimLast / perClaimFirst,
      Double(last.claims) / Double(first.claims)))
}
print(String(format: "peak resident memory after eval: %.1f MB", peakResidentMegabytes()))

enforceLimit()
