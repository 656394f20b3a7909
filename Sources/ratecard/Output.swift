import Foundation
import RateCard
import RateCardEngine

#if canImport(Glibc)
  import Glibc
#endif

/// Standard output and error, and reading card files: the only I/O the tool does.
enum Output {
  static func standardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  static func standardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }

  /// Writes bytes as they are produced, to standard output or (`path`) to a file that appears
  /// complete or not at all: a temporary file beside it is renamed over it at the end. Returns
  /// false when the file cannot be written.
  static func stream(to path: String?, _ produce: (inout ByteOutput) -> Void) -> Bool {
    guard let path else {
      var out = ByteOutput { FileHandle.standardOutput.write(Data($0)) }
      produce(&out)
      out.finish()
      return true
    }
    // A device or a pipe is written to as it is: renaming a file over it would replace it.
    if isSpecial(path) {
      guard let handle = FileHandle(forWritingAtPath: path) else { return false }
      return write(to: handle, produce)
    }
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(
        ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
      let handle = try? FileHandle(forWritingTo: temporary)
    else { return false }
    guard write(to: handle, produce), rename(temporary.path, url.path) == 0 else {
      try? FileManager.default.removeItem(at: temporary)
      return false
    }
    return true
  }

  /// Writes what `produce` makes to `handle` as it comes, then closes it; false when a write
  /// failed (the rest is not attempted).
  private static func write(to handle: FileHandle, _ produce: (inout ByteOutput) -> Void) -> Bool {
    var failed = false
    var out = ByteOutput { bytes in
      guard !failed else { return }
      do { try handle.write(contentsOf: bytes) } catch { failed = true }
    }
    produce(&out)
    out.finish()
    try? handle.close()
    return !failed
  }

  /// Writes a whole file: a plain file appears complete or not at all (written beside it and
  /// renamed over it); a device or a pipe (`/dev/null`, `/dev/stdout`) is written to as it is.
  static func save(_ bytes: Data, to path: String) throws {
    if isSpecial(path) {
      guard let handle = FileHandle(forWritingAtPath: path) else {
        throw CocoaError(.fileWriteNoPermission)
      }
      defer { try? handle.close() }
      try handle.write(contentsOf: bytes)
      return
    }
    try bytes.write(to: URL(fileURLWithPath: path), options: .atomic)
  }

  /// Whether `path` is something other than a plain file or a folder: a device, a pipe or a
  /// socket, which must never be replaced.
  static func isSpecial(_ path: String) -> Bool {
    var info = stat()
    guard stat(path, &info) == 0 else { return false }
    let kind = info.st_mode & S_IFMT
    return kind != S_IFREG && kind != S_IFDIR
  }

  /// Colour only for a terminal, and never when NO_COLOR is set.
  static func wantsColour(noColorFlag: Bool) -> Bool {
    !noColorFlag && isatty(2) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
  }
}

/// Expands the paths given on the command line: files as they are, folders to every
/// `.ratecard` file inside them, sorted so output is the same on every run.
enum CardFiles {
  struct Problem: Error {
    var path: String
    var message: String
  }

  static func expand(_ paths: [String]) -> ([String], [Problem]) {
    var files: [String] = []
    var problems: [Problem] = []
    let manager = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        problems.append(Problem(path: path, message: "no such file"))
        continue
      }
      guard isDirectory.boolValue else {
        files.append(path)
        continue
      }
      let found = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? [])
        .filter { $0.hasSuffix(".ratecard") }
        .sorted()
        .map { (path as NSString).appendingPathComponent($0) }
      if found.isEmpty {
        problems.append(Problem(path: path, message: "no .ratecard files in this folder"))
      }
      files += found
    }
    return (files, problems)
  }

  /// Reads a file as bytes (`-` is standard input); invalid UTF-8 is left for the lexer or
  /// the data readers to report. Each reason a file cannot be read has its own message.
  static func read(_ path: String) -> Result<[UInt8], Problem> {
    if path == "-" {
      return .success([UInt8](FileHandle.standardInput.readDataToEndOfFile()))
    }
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return .failure(Problem(path: path, message: "no such file"))
    }
    if isDirectory.boolValue {
      return .failure(Problem(path: path, message: "this is a folder, not a file"))
    }
    guard manager.isReadableFile(atPath: path), let bytes = contents(path) else {
      return .failure(Problem(path: path, message: "permission denied: this file cannot be read"))
    }
    return .success(bytes)
  }

  /// The whole file, read straight into the array: no `Data` to copy from, which for a data
  /// file of a million claims is a second copy of 90 MB. Reads on to the end if the file grew.
  static func contents(_ path: String) -> [UInt8]? {
    let file = open(path, O_RDONLY)
    guard file >= 0 else { return nil }
    defer { close(file) }
    var info = stat()
    guard fstat(file, &info) == 0 else { return nil }
    let size = max(0, Int(info.st_size))
    var failed = false
    var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      count = 0
      while count < size {
        let got = Glibc.read(file, buffer.baseAddress! + count, size - count)
        if got < 0 && errno == EINTR { continue }
        if got <= 0 {
          failed = got < 0
          return
        }
        count += got
      }
    }
    // A file that grew while it was read (or that has no size, like a pipe): the rest.
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while !failed {
      let got = chunk.withUnsafeMutableBytes { Glibc.read(file, $0.baseAddress!, $0.count) }
      if got < 0 && errno == EINTR { continue }
      if got <= 0 {
        failed = got < 0
        break
      }
      bytes += chunk[..<got]
    }
    return failed ? nil : bytes
  }
}

extension CardFiles {
  /// Reads and checks a card, printing its diagnostics; nil when it cannot be used.
  static func checkedCard(_ path: String) -> CheckedCard? { checked(path)?.card }

  /// The position of the version with this label, or nil after saying which labels exist.
  static func version(_ label: String, among labels: [String], command: String) -> Int? {
    if let index = labels.firstIndex(of: label) { return index }
    Output.standardError(
      "ratecard \(command): the card has no version `\(label)`; its versions are "
        + labels.joined(separator: ", ") + "\n")
    return nil
  }

  /// The card and all its versions, or nil (with the errors printed) when it has errors.
  static func checked(_ path: String) -> CheckResult? {
    switch read(path) {
    case .failure(let problem):
      Output.standardError("\(problem.path): error: \(problem.message)\n")
      return nil
    case .success(let bytes):
      let source = SourceFile(path: path, bytes: bytes)
      let result = Checker.check(source)
      if result.hasErrors {
        Output.standardError(DiagnosticRenderer().render(result.errors, in: source))
        Output.standardError("\(path): the card has errors; fix them first (ratecard check)\n")
        return nil
      }
      return result
    }
  }
}
