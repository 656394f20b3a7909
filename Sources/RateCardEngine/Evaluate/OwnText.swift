import Foundation

/// One evaluator's own copies of the long texts many rows share: an outcome's id, a provider's
/// name. A row holds its texts, so every row retains them and releases them when it is let
/// go; a text shared by the rows of two cores had its count changed by both for every row, the
/// line holding it pulled from one core to the other each time. Each evaluator puts its own
/// copy in its rows instead.
///
/// A text is known by where its bytes are, and checked byte for byte, so a copy is always of
/// the same text. Texts of 15 bytes or fewer are held in the string itself, with nothing to
/// count, and are used as they are.
struct OwnText {
  /// A copy of `text` with storage of its own (made from its bytes).
  static func copy(_ text: String) -> String {
    var text = text
    return text.withUTF8 { String(decoding: $0, as: UTF8.self) }
  }

  /// The texts copied, by where the original's bytes are: a programme's few outcome ids and
  /// providers are looked through in a list (hashing a place cost more than the list), any
  /// more in a table. The original is held too, so that no other text comes to be where it is.
  private var listed: [(place: UnsafeRawPointer, original: String, copy: String)] = []
  private var more: [UnsafeRawPointer: (original: String, copy: String)] = [:]
  /// Texts looked through in the list; past `remembered` different texts (free text, say) a
  /// text is used as it is.
  static let listLength = 32
  static let remembered = 1_024

  /// This evaluator's copy of `text`, read where it is (a text passed by value would be
  /// retained on the way in: the count this is here to spare).
  mutating func own(_ text: inout String) -> String {
    guard text.utf8.count > 15 else { return text }
    let (place, found) = text.withUTF8 { bytes -> (UnsafeRawPointer, String?) in
      let place = UnsafeRawPointer(bytes.baseAddress!)
      let known = listed.first { $0.place == place }?.copy ?? more[place]?.copy
      return (place, known.flatMap { $0.sameBytes(as: bytes) ? $0 : nil })
    }
    if let found { return found }
    let copy = OwnText.copy(text)
    if listed.count < OwnText.listLength {
      listed.append((place, text, copy))
    } else if more.count < OwnText.remembered {
      more[place] = (text, copy)
    }
    return copy
  }
}
