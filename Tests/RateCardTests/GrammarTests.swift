import Foundation
import Testing

@testable import RateCard

/// Keeps Grammar/ratecard.ebnf true to the parser: random sentences generated from the EBNF
/// must parse without a syntax error, and every rule of the grammar must be exercised.
@Suite struct GrammarTests {
  static let grammar = Grammar.load()

  @Test func theGrammarFileIsWellFormed() throws {
    let grammar = try #require(GrammarTests.grammar)
    #expect(grammar.rules["card_file"] != nil)
    // Every rule that is used is defined.
    for name in grammar.referencedRules { #expect(grammar.rules[name] != nil, "undefined \(name)") }
  }

  @Test func generatedSentencesParse() throws {
    let grammar = try #require(GrammarTests.grammar)
    var generator = SentenceGenerator(grammar: grammar, seed: 20_261_122)
    var failures: [String] = []
    for _ in 0..<1000 {
      let sentence = generator.sentence(from: "card_file")
      let (_, diagnostics) = Parser.parse(SourceFile(path: "generated", text: sentence))
      let errors = diagnostics.filter { $0.severity == .error }
      if !errors.isEmpty && failures.count < 3 {
        failures.append(sentence + "\n--> " + errors.map(\.message).joined(separator: "; "))
      }
    }
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n\n"))")
    let unused = Set(grammar.rules.keys).subtracting(generator.expanded)
    #expect(unused.isEmpty, "rules never generated: \(unused.sorted())")
  }

  @Test func everyClauseWordIsInTheGrammar() throws {
    let grammar = try #require(GrammarTests.grammar)
    for word in Parser.clauseWords.union(Parser.declarationWords) {
      #expect(grammar.terminals.contains(word), "`\(word)` is missing from the grammar")
    }
  }

  @Test func everySampleIsASentenceOfTheLanguage() {
    for path in Repository.sampleCards {
      #expect(Parser.parse(Repository.source(path)).1.isEmpty, "\(path)")
    }
  }
}

/// A parsed EBNF grammar.
struct Grammar: Sendable {
  indirect enum Node: Sendable {
    case terminal(String)
    case token(String)
    case rule(String)
    case sequence([Node])
    case choice([Node])
    case optional(Node)
    case repeated(Node)
  }

  var rules: [String: Node] = [:]
  var terminals: Set<String> = []
  var referencedRules: Set<String> = []

  static func load() -> Grammar? {
    guard
      let text = try? String(contentsOf: Repository.url("Grammar/ratecard.ebnf"), encoding: .utf8)
    else { return nil }
    var reader = EBNFReader(text: text)
    return reader.read()
  }
}

/// Reads the EBNF notation documented at the top of Grammar/ratecard.ebnf.
struct EBNFReader {
  var tokens: [String] = []
  var index = 0
  var grammar = Grammar()

  init(text: String) {
    var characters = Array(text)
    var position = 0
    // Drop (* comments *).
    var cleaned: [Character] = []
    while position < characters.count {
      if characters[position] == "(", position + 1 < characters.count,
        characters[position + 1] == "*"
      {
        position += 2
        while position + 1 < characters.count
          && !(characters[position] == "*" && characters[position + 1] == ")")
        {
          position += 1
        }
        position += 2
        continue
      }
      cleaned.append(characters[position])
      position += 1
    }
    characters = cleaned
    position = 0
    while position < characters.count {
      let character = characters[position]
      if character.isWhitespace {
        position += 1
      } else if character == "\"" {
        var end = position + 1
        while end < characters.count && characters[end] != "\"" { end += 1 }
        tokens.append(String(characters[position...min(end, characters.count - 1)]))
        position = end + 1
      } else if character.isLetter || character == "_" {
        var end = position
        while end < characters.count && (characters[end].isLetter || characters[end] == "_") {
          end += 1
        }
        tokens.append(String(characters[position..<end]))
        position = end
      } else {
        tokens.append(String(character))
        position += 1
      }
    }
  }

  mutating func read() -> Grammar? {
    while index < tokens.count {
      let name = tokens[index]
      guard index + 1 < tokens.count, tokens[index + 1] == "=" else { return nil }
      index += 2
      guard let body = alternatives() else { return nil }
      guard index < tokens.count, tokens[index] == ";" else { return nil }
      index += 1
      grammar.rules[name] = body
    }
    return grammar
  }

  mutating func alternatives() -> Grammar.Node? {
    var options: [Grammar.Node] = []
    repeat {
      guard let option = sequence() else { return nil }
      options.append(option)
    } while accept("|")
    return options.count == 1 ? options[0] : .choice(options)
  }

  mutating func sequence() -> Grammar.Node? {
    var items: [Grammar.Node] = []
    while index < tokens.count, ![";", "|", ")", "]", "}"].contains(tokens[index]) {
      let token = tokens[index]
      index += 1
      switch token {
      case "(":
        guard let inner = alternatives(), accept(")") else { return nil }
        items.append(inner)
      case "[":
        guard let inner = alternatives(), accept("]") else { return nil }
        items.append(.optional(inner))
      case "{":
        guard let inner = alternatives(), accept("}") else { return nil }
        items.append(.repeated(inner))
      default:
        if token.hasPrefix("\"") {
          let word = String(token.dropFirst().dropLast())
          grammar.terminals.insert(word)
          items.append(.terminal(word))
        } else if token == token.uppercased() {
          items.append(.token(token))
        } else {
          grammar.referencedRules.insert(token)
          items.append(.rule(token))
        }
      }
    }
    return items.count == 1 ? items[0] : .sequence(items)
  }

  mutating func accept(_ token: String) -> Bool {
    guard index < tokens.count, tokens[index] == token else { return false }
    index += 1
    return true
  }
}

/// Generates random sentences; past a depth budget it takes the shortest way out, so every
/// sentence is finite.
struct SentenceGenerator {
  let grammar: Grammar
  var state: UInt64
  var expanded: Set<String> = []
  var cost: [String: Int] = [:]
  let budget = 9

  init(grammar: Grammar, seed: UInt64) {
    self.grammar = grammar
    self.state = seed
    // Minimal depth to finish each rule, by fixed-point iteration.
    var cost: [String: Int] = [:]
    for _ in 0..<40 {
      for (name, node) in grammar.rules {
        if let value = SentenceGenerator.depth(node, cost) {
          cost[name] = min(cost[name] ?? .max, value)
        }
      }
    }
    self.cost = cost
  }

  static func depth(_ node: Grammar.Node, _ cost: [String: Int]) -> Int? {
    switch node {
    case .terminal, .token, .optional, .repeated: return 0
    case .rule(let name): return cost[name].map { $0 + 1 }
    case .sequence(let items):
      var total = 0
      for item in items {
        guard let value = depth(item, cost) else { return nil }
        total = max(total, value)
      }
      return total
    case .choice(let options): return options.compactMap { depth($0, cost) }.min()
    }
  }

  mutating func random(_ bound: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(bound))
  }

  mutating func sentence(from start: String) -> String {
    var words: [String] = []
    emit(.rule(start), depth: 0, into: &words)
    return words.joined(separator: " ").replacingOccurrences(of: " \n ", with: "\n")
  }

  static let names = ["alpha", "beta", "gamma", "tenancy", "council", "p1", "c2", "kind"]

  mutating func emit(_ node: Grammar.Node, depth: Int, into words: inout [String]) {
    let deep = depth > budget
    switch node {
    case .terminal(let word): words.append(word)
    case .token(let token): words.append(sample(token))
    case .rule(let name):
      expanded.insert(name)
      if let body = grammar.rules[name] { emit(body, depth: depth + 1, into: &words) }
    case .sequence(let items):
      for item in items { emit(item, depth: depth, into: &words) }
    case .choice(let options):
      let viable =
        deep
        ? options.filter {
          SentenceGenerator.depth($0, cost)
            == options.compactMap { SentenceGenerator.depth($0, cost) }.min()
        } : options
      emit(viable[random(viable.count)], depth: depth, into: &words)
    case .optional(let inner):
      if !deep && random(2) == 0 { emit(inner, depth: depth, into: &words) }
    case .repeated(let inner):
      let count = deep ? 0 : random(3)
      for _ in 0..<count { emit(inner, depth: depth, into: &words) }
    }
  }

  mutating func sample(_ token: String) -> String {
    switch token {
    case "IDENT": return SentenceGenerator.names[random(SentenceGenerator.names.count)]
    case "STRING": return ["\"Entry into employment\"", "\"A \\\"quoted\\\" title\""][random(2)]
    case "NUMBER": return ["3", "6.5", "1,500", "26"][random(4)]
    case "MONEY": return ["£500", "£1,500", "£341.75", "€20"][random(4)]
    case "PERCENT": return ["30%", "70%", "12.5%"][random(3)]
    case "DATE": return ["2020-10-01", "2024-02-29"][random(2)]
    case "UNIT": return ["weeks", "months", "day", "years"][random(4)]
    case "NL": return "\n"
    default: return token
    }
  }
}
