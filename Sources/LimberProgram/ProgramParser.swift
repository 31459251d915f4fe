#if canImport(Glibc)
import Glibc
#endif
import LimberBasics
import Yams

/// What parsing a program produced: the program when it has no errors, and every diagnostic.
public struct ParseResult: Sendable {
    /// The decoded program; nil when any diagnostic is an error.
    public var program: Program?
    /// Errors and warnings, in order of their place in the file.
    public var diagnostics: [Diagnostic]
    /// The decoded text, for quoting source lines under diagnostics (nil when undecodable).
    public var text: String?
    /// The text of each library file a `use:` read, by path, for quoting lines under its diagnostics.
    public var sources: [String: String] = [:]
    /// The exercise, when the file is a library exercise (`limber_exercise: 1`) rather than a program.
    public var exercise: LibraryExercise? = nil
}

/// Turns the bytes of a program file into a ``Program`` and located diagnostics.
///
/// Pure: no file access. Every problem is reported, not just the first; only YAML syntax
/// errors and the raw-text limits of ``SourceLimits`` stop the reading early.
public enum ProgramParser {
    /// Parses a program or a library exercise; `use:` references are looked up in `library`
    /// (none given: a `use:` is an error), relative to the program at `path`.
    public static func parse(_ bytes: [UInt8], library: ExerciseLibrary? = nil, path: String? = nil) -> ParseResult {
        parse(bytes, library: library, path: path, chain: [])
    }

    /// As ``parse(_:library:path:)``, inside the chain of library files already being read.
    static func parse(_ bytes: [UInt8], library: ExerciseLibrary?, path: String?, chain: [String]) -> ParseResult {
        let text: String
        switch SourceLimits.check(bytes) {
        case .failure(let fatal): return ParseResult(program: nil, diagnostics: [fatal], text: nil)
        case .success(let decoded): text = decoded
        }
        if let fatal = SourceLimits.checkStructure(text) {
            return ParseResult(program: nil, diagnostics: [fatal], text: text)
        }
        var composed: Node?
        do {
            composed = try ComposeInTwo.root(text) ?? YAMLCompose.root(text)
        } catch {
            return ParseResult(program: nil, diagnostics: [YAMLErrorTranslator.diagnostic(for: error, text: text)], text: text)
        }
        guard let root = composed.take() else { // taken: `root` is then the tree's only reference
            return ParseResult(program: nil, diagnostics: [.error(
                "the file is empty; a program starts with 'limber: 1' and a 'title'", at: .start)], text: text)
        }
        let decoder = ProgramTreeDecoder()
        decoder.library = library
        decoder.programPath = path
        decoder.chain = chain
        if !chain.isEmpty || LibraryExercise.isEntry(root) {
            // A library file read on its own names its neighbours: look in its folder too.
            if chain.isEmpty, let path { decoder.library = (library ?? ExerciseLibrary()).adding(folderOf: path) }
            let exercise = decoder.libraryExercise(root)
            let diagnostics = decoder.diagnostics.sorted(by: DiagnosticRenderer.order)
            return ParseResult(program: nil, diagnostics: diagnostics, text: text, sources: decoder.librarySources,
                               exercise: diagnostics.hasErrors ? nil : exercise)
        }
        decoder.mayUseLibrary = sharesNodesOrUsesLibrary(text)
        decoder.decodesInTwo = !decoder.mayUseLibrary
        let program = decoder.program(root)
        if text.utf8.count >= 1 << 16 { Alongside.free(Tree(consume root)) } // freed meanwhile: ~3 ms at 300 KB
        let diagnostics = decoder.diagnostics.sorted(by: DiagnosticRenderer.order)
        return ParseResult(program: diagnostics.hasErrors ? nil : program, diagnostics: diagnostics, text: text,
                           sources: decoder.librarySources)
    }

    /// A document's node tree after decoding, handed to another thread to free.
    ///
    /// `@unchecked Sendable`: it holds the last reference to the tree (the decoder keeps no node;
    /// the program keeps only strings, whose storage is immutable and counted atomically), so
    /// the thread it is handed to is the only one to touch its nodes.
    private struct Tree: @unchecked Sendable {
        let root: Node
        init(_ root: consuming Node) { self.root = root }
    }

    /// Whether `text` may hold an anchor (`&`: an alias shares its node), an escape (`\\`: a key
    /// spelt with one may be `use`) or a `use:`; checked on the bytes, so a false alarm (an `&`
    /// in an instruction) only keeps the exercises decoded one by one.
    static func sharesNodesOrUsesLibrary(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
            if memchr(base, Int32(UInt8(ascii: "&")), bytes.count) != nil || memchr(base, Int32(UInt8(ascii: "\\")), bytes.count) != nil {
                return true
            }
            var at = 0
            while let u = memchr(base + at, Int32(UInt8(ascii: "u")), bytes.count - at) {
                at = UnsafeRawPointer(u) - UnsafeRawPointer(base) + 1
                if at + 1 < bytes.count, bytes[at] == UInt8(ascii: "s"), bytes[at + 1] == UInt8(ascii: "e") { return true }
            }
            return false
        }
    }

    /// Convenience for tests and tools holding text already.
    public static func parse(_ text: String) -> ParseResult {
        parse(Array(text.utf8))
    }
}
