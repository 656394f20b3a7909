import RateCard
import Testing

@testable import RateCardEngine

/// `ByteOutput` keeps its bytes in a buffer of its own: what it gathers is what the same
/// pieces make as a `String` (the witness), whatever the starting room, and a copy is a value
/// of its own.
@Suite struct ByteOutputTests {
  @Test func gathersWhatTheSamePiecesMakeAsAString() {
    for capacity in [1, 7, 64, 4096] {
      var out = ByteOutput(capacity: capacity)
      var witness = ""
      for round in 0..<300 {
        let text = String(repeating: "é,\"x", count: round % 9)
        out.append(text)
        witness += text
        out.append(UInt8(ascii: ";"))
        witness += ";"
        out.append(integer: Int64(round) * (round.isMultiple(of: 2) ? -1 : 1) * 1_000_003)
        witness += "\(Int64(round) * (round.isMultiple(of: 2) ? -1 : 1) * 1_000_003)"
        out.appendDigits(UInt64(round % 10), width: 3)
        witness += "00\(round % 10)"
        out.append(amount: Int64(round) * 101 - 5)
        let units = Int64(round) * 101 - 5
        let cents = String(units.magnitude % 100)
        witness +=
          (units < 0 ? "-" : "") + "\(units.magnitude / 100)."
          + (cents.count == 1 ? "0" + cents : cents)
        out.append(date: DayNumber(round * 400))
        witness += CalendarDate(dayNumber: DayNumber(round * 400)).description
        out.append(bytes: Array("[\(round)]".utf8))
        witness += "[\(round)]"
      }
      #expect(out.count == witness.utf8.count)
      #expect(String(decoding: out.bytes, as: UTF8.self) == witness)
    }
  }

  /// Amounts at the edges of their digits and of `Int64`, against the same amount worded as a
  /// `String` from its whole units and cents.
  @Test func amountsAreWholeUnitsAPointAndTwoDigitsOfCents() {
    var amounts: [Int64] = [0, 1, 9, 10, 99, 100, 101, 999, 1_000, 1_099, .max, .min, .min + 1]
    var power: Int64 = 1
    for _ in 0..<18 {
      power *= 10
      amounts += [power - 1, power, power + 1, -(power - 1), -power]
    }
    for units in amounts {
      var out = ByteOutput(capacity: 1)
      out.append("|")
      out.append(amount: units)
      out.append("|")
      let cents = String(units.magnitude % 100)
      let witness =
        "|" + (units < 0 ? "-" : "") + "\(units.magnitude / 100)."
        + (cents.count == 1 ? "0" + cents : cents) + "|"
      #expect(out.text == witness, "\(units)")
    }
  }

  @Test func aCopyIsAValueOfItsOwn() {
    var first = ByteOutput(capacity: 4)
    first.append("shared")
    var second = first
    second.append(" and more, past the first room")
    first.append("!")
    #expect(String(decoding: first.bytes, as: UTF8.self) == "shared!")
    #expect(
      String(decoding: second.bytes, as: UTF8.self) == "shared and more, past the first room")
    second.clear()
    second.append("x")
    #expect(String(decoding: second.bytes, as: UTF8.self) == "x")
    #expect(String(decoding: first.bytes, as: UTF8.self) == "shared!")
  }

  @Test func aSinkHearsEveryByteOnceInOrder() {
    var heard: [UInt8] = []
    var out = ByteOutput { heard.append(contentsOf: $0) }
    var witness: [UInt8] = []
    for round in 0..<40_000 {
      let piece = Array("row \(round),\(String(repeating: "z", count: round % 50))\r\n".utf8)
      out.append(bytes: piece)
      witness += piece
      out.flushIfFull()
    }
    out.finish()
    #expect(out.count == 0)
    #expect(heard.count == witness.count)
    // Compared apart: a failing `#expect` on two large arrays takes minutes to describe them.
    let same = heard == witness
    #expect(same)
  }
}

/// `ByteBuffer`, under `ByteOutput` and `DataTable`, against an array given the same appends
/// and cuts (the witness), with copies taken along the way that must not change.
@Suite struct ByteBufferTests {
  @Test func appendsAndCutsAsAnArrayWouldAndCopiesStayAsTheyWere() {
    var generator = SeededRandom(seed: 77)
    var buffer = ByteBuffer(capacity: 1)
    var witness: [UInt8] = []
    var copies: [(ByteBuffer, [UInt8])] = []
    for step in 0..<3_000 {
      switch Int.random(in: 0..<10, using: &generator) {
      case 0:
        let cut = Int.random(in: 0...witness.count, using: &generator)
        buffer.removeAll(from: cut)
        witness.removeSubrange(cut...)
      case 1: buffer.reserve(witness.count + Int.random(in: 0...100, using: &generator))
      case 2: copies.append((buffer, witness))
      default:
        let piece = (0..<Int.random(in: 0...40, using: &generator)).map { UInt8(($0 + step) % 256) }
        if piece.count == 1 {
          buffer.append(piece[0])
        } else {
          piece.withUnsafeBufferPointer { buffer.append(bytes: $0) }
        }
        witness += piece
      }
      #expect(buffer.count == witness.count)
    }
    #expect(buffer.array == witness)
    for (copy, bytes) in copies { #expect(copy.array == bytes) }
  }
}
