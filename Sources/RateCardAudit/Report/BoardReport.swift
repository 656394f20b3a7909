import RateCard
import RateCardEngine

/// A programme board's report as one self-contained HTML file: inline CSS and SVG, no
/// network, A4 when printed. Every chart has a table with the same figures, and every figure
/// is real text. Pure: a ledger (and flags, and an impact) in, a page out. The markup is
/// well-formed XHTML, so tests can parse it.
public enum BoardReport {
  /// What the page is made from: the card, the ledger's summary and ladder funnels (both can
  /// be totalled as the rows go by, so no ledger need be kept), the flags and the impact.
  public struct Input {
    public var card: CompiledCard
    public var summary: LedgerSummary
    public var funnel: LadderFunnel
    public var flags: [AuditFlag]
    public var impact: Impact?

    public init(
      card: CompiledCard, summary: LedgerSummary, funnel: LadderFunnel, flags: [AuditFlag],
      impact: Impact? = nil
    ) {
      self.card = card
      self.summary = summary
      self.funnel = funnel
      self.flags = flags
      self.impact = impact
    }

    /// From a whole ledger.
    public init(ledger: ClaimLedger, flags: [AuditFlag], impact: Impact? = nil) {
      var funnel = LadderFunnel(card: ledger.card)
      ledger.entries.withUnsafeBufferPointer { funnel.add($0) }
      self.init(
        card: ledger.card, summary: LedgerSummary(ledger), funnel: funnel, flags: flags,
        impact: impact)
    }
  }

  static func escape(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(character)
      }
    }
    return out
  }

  static let style = """
    body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1b1b1b; margin: 2em; max-width: 60em; }
    h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
    .headline { display: flex; gap: 1em; flex-wrap: wrap; }
    .figure { border: 1px solid #ccc; border-radius: 4px; padding: 0.6em 1em; min-width: 10em; }
    .figure .value { font-size: 1.5em; font-weight: bold; } .figure .label { color: #555; }
    table { border-collapse: collapse; margin: 0.5em 0 1em 0; font-size: 0.9em; }
    th, td { border-bottom: 1px solid #ddd; padding: 0.2em 0.6em; text-align: left; }
    td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
    figure { margin: 0.5em 0; } figcaption { color: #555; font-size: 0.9em; }
    .flag { border-left: 4px solid #b45309; padding: 0.3em 0.8em; margin: 0.6em 0; background: #fff7ed; }
    @page { size: A4; margin: 15mm; }
    @media print { body { margin: 0; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
    """

  static func table(
    _ caption: String, _ header: [String], _ rows: [[String]], numeric: Set<Int>, id: String
  ) -> String {
    var out = "<table id=\"\(id)\"><caption>\(escape(caption))</caption><thead><tr>"
    for (index, cell) in header.enumerated() {
      out +=
        "<th scope=\"col\"\(numeric.contains(index) ? " class=\"number\"" : "")>\(escape(cell))</th>"
    }
    out += "</tr></thead><tbody>"
    for row in rows {
      out += "<tr>"
      for (index, cell) in row.enumerated() {
        out += "<td\(numeric.contains(index) ? " class=\"number\"" : "")>\(escape(cell))</td>"
      }
      out += "</tr>"
    }
    return out + "</tbody></table>"
  }

  /// A horizontal bar chart; the table beside it carries the same figures as text.
  static func bars(_ rows: [(label: String, value: Int64, text: String)], label: String) -> String {
    let maximum = max(1, rows.map(\.value).max() ?? 1)
    let height = 22 * rows.count + 10
    var out =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"\(height)\" role=\"img\" aria-label=\"\(escape(label))\">"
    for (index, row) in rows.enumerated() {
      let y = 5 + index * 22
      let width = Int(Double(row.value) / Double(maximum) * 330)
      out +=
        "<text x=\"0\" y=\"\(y + 15)\" font-size=\"12\">\(escape(String(row.label.prefix(34))))</text>"
      out +=
        "<rect x=\"230\" y=\"\(y + 3)\" width=\"\(max(0, width))\" height=\"15\" fill=\"#2563eb\"/>"
      out +=
        "<text x=\"\(236 + width)\" y=\"\(y + 15)\" font-size=\"12\">\(escape(row.text))</text>"
    }
    return out + "</svg>"
  }

  public static func html(_ input: Input) -> String {
    let card = input.card
    let summary = input.summary
    func money(_ units: Int64) -> String {
      Money(minorUnits: units, currency: card.currency).formatted
    }
    var body = "<h1>\(escape(card.title))</h1>"
    body += "<p>Payments decided by ratecard from \(summary.claims) claims"
    body += card.version.isEmpty ? ".</p>" : ", under version \(escape(card.version)).</p>"

    // Headline totals against the caps.
    body += "<h2>Headline</h2><div class=\"headline\">"
    var figures: [(String, String, String)] = [
      ("total", money(summary.total), "paid in total"),
      ("paid", "\(summary.paid)", "claims paid in full"),
      ("reduced", "\(summary.reduced)", "claims reduced by a cap"),
      ("rejected", "\(summary.rejected)", "claims rejected"),
    ]
    if let cap = card.contractCap {
      let tenths = summary.total * 1000 / max(1, cap)
      figures.append(
        ("contract-cap", "\(tenths / 10).\(tenths % 10)%", "of the \(money(cap)) contract cap"))
    }
    for (id, value, label) in figures {
      body +=
        "<div class=\"figure\" id=\"headline-\(id)\"><div class=\"value\">\(escape(value))</div><div class=\"label\">\(escape(label))</div></div>"
    }
    body += "</div>"
    if !summary.caps.isEmpty {
      body += table(
        "Caps: what has been used and what is left", ["cap", "limit", "used", "headroom"],
        summary.caps.map { [$0.name, money($0.cap), money($0.used), money($0.headroom)] },
        numeric: [1, 2, 3], id: "caps")
    }

    // Payments by outcome and by month.
    let outcomes = summary.byOutcome.filter { $0.amount > 0 }
    body += "<h2>Payments by outcome</h2><figure>"
    body += bars(
      outcomes.map { ($0.key, $0.amount, money($0.amount)) }, label: "Payments by outcome")
    body +=
      "<figcaption>Amount paid for each outcome; the table below has the same figures.</figcaption></figure>"
    body += table(
      "Payments by outcome", ["outcome", "paid", "reduced", "rejected", "amount"],
      summary.byOutcome.map {
        [$0.key, "\($0.paid)", "\($0.reduced)", "\($0.rejected)", money($0.amount)]
      },
      numeric: [1, 2, 3, 4], id: "by-outcome")
    body += "<h2>Payments by month</h2><figure>"
    body += bars(
      summary.byMonth.map { ($0.key, $0.amount, money($0.amount)) }, label: "Payments by month")
    body += "<figcaption>Amount paid for outcomes achieved in each month.</figcaption></figure>"
    body += table(
      "Payments by month", ["month", "claims paid", "amount"],
      summary.byMonth.map { [$0.key, "\($0.paid + $0.reduced)", money($0.amount)] },
      numeric: [1, 2],
      id: "by-month")

    // Each ladder as a funnel: participants paid at each rung.
    let ladders = input.funnel.ladders
    if !ladders.isEmpty {
      body += "<h2>Sustainment ladders</h2>"
      for (ladder, rungs) in ladders {
        body += "<figure>"
        body += bars(
          rungs.map { ($0.0, Int64($0.1), "\($0.1)") },
          label: "Participants paid at each rung of \(ladder)")
        body +=
          "<figcaption>\(escape(ladder)): participants paid at each rung, from entry upwards.</figcaption></figure>"
        body += table(
          "Ladder \(ladder)", ["rung", "participants paid"], rungs.map { [$0.0, "\($0.1)"] },
          numeric: [1], id: "ladder-\(ladder)")
      }
    }

    // Providers side by side.
    body += "<h2>Providers</h2>"
    body += table(
      "Providers side by side", ["provider", "claims", "paid", "rejected", "share paid", "amount"],
      summary.byProvider.map { line in
        let claims = line.paid + line.reduced + line.rejected
        let share = claims == 0 ? 0 : (line.paid + line.reduced) * 100 / claims
        return [
          line.key, "\(claims)", "\(line.paid + line.reduced)", "\(line.rejected)", "\(share)%",
          money(line.amount),
        ]
      }, numeric: [1, 2, 3, 4, 5], id: "providers")

    // Gaming flags, in plain words.
    body += "<h2>Gaming flags</h2>"
    if input.flags.isEmpty {
      body +=
        "<p id=\"no-flags\">No gaming pattern was flagged: every detector's evidence stayed below its threshold.</p>"
    }
    for flag in input.flags {
      body += "<div class=\"flag\"><p><strong>\(escape(flag.pattern))</strong>"
      body += flag.provider.map { " at \(escape($0))" } ?? ""
      body += "</p><p>\(escape(flag.explanation))</p></div>"
    }

    // A change panel's impact, when two versions were given.
    if let impact = input.impact {
      body += "<h2>Impact of \(escape(impact.to)) against \(escape(impact.from))</h2>"
      body += table(
        "Totals under each version", ["version", "total"],
        [
          [impact.from, money(impact.totalBefore)], [impact.to, money(impact.totalAfter)],
          ["change", money(impact.delta)],
        ], numeric: [1], id: "impact")
      body += table(
        "Change by outcome", ["outcome", impact.from, impact.to, "change"],
        impact.byOutcome.filter { $0.change != 0 }.map {
          [$0.key, money($0.before), money($0.after), money($0.change)]
        }, numeric: [1, 2, 3], id: "impact-by-outcome")
    }
    return """
      <!DOCTYPE html>
      <html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8"/><title>\(escape(card.title))</title><style>\(style)</style></head><body>\(body)</body></html>

      """
  }
}
