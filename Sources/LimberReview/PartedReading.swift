import LimberBasics
import LimberLog

/// Reading one large log in two parts at once, on two threads, each part into a collector of
/// its own, then merging the later part into the earlier: the result is the one reading the
/// whole file in order gives, or the file is read on in order (the merge is only made where it
/// is provably the same; see ``SessionCollector/merge(_:)``).
extension SessionCollector {
    /// Reads the lines of `part` (bytes of one file, starting and ending at line boundaries)
    /// with `scanner`, calling `body` for each as ``LogReader/forEachScanned`` does, line
    /// numbers counting from the part's start.
    public typealias PartReader = @Sendable (_ scanner: LogLineParser.Scanner, _ part: Range<Int>,
                                             _ body: (_ line: Int, _ problem: String?) throws -> Void) throws -> Void

    /// Files smaller than this are read in one part: a thread costs more than it saves.
    public static let partedMinimumBytes = 4 << 20

    /// Takes in the line `scanner` has just read from a file shown as `shown` (`number` its
    /// line number, plus `offset` asked only for a message; `problem` why it is no event), as
    /// `report` reads a log.
    public mutating func take(line number: Int, problem: String?, shown: String, offset: () -> Int = { 0 }) {
        if let problem {
            report(problem: "\(shown):\(number + offset()): \(problem); line skipped")
        } else {
            addScanned(session: scannedSessionID()) { "\(shown):\(number + offset())" }
        }
    }

    /// Reads a whole file, as ``take(line:problem:shown:)`` line by line, in two parts at once:
    /// bytes before `cut` here, the rest on another thread; the same as reading it in order.
    /// - Parameters:
    ///   - cut: the start of a line, neither the first nor past the last.
    ///   - read: reads a part of the file.
    ///   - linesBefore: how many lines come before `cut` (asked only for a problem's line number).
    /// - Returns: whether the parts were merged (false: the later part was read on in order).
    @discardableResult
    public mutating func read(cut: Int, shown: String, read: @escaping PartReader, linesBefore: @escaping @Sendable () throws -> Int) throws -> Bool {
        let window = folded.window
        let later = Alongside.start { try? Self.collect(cut: cut, window: window, shown: shown, read: read, linesBefore: linesBefore) }
        let scanner = self.scanner
        do {
            try read(scanner, 0..<cut) { number, problem in take(line: number, problem: problem, shown: shown) }
        } catch {
            _ = later.result()
            throw error
        }
        if var part = later.result(), merge(&part) { return true }
        // Not provably the same merged: read on in order.
        let offset = try linesBefore()
        try read(scanner, cut..<Int.max) { number, problem in take(line: number + offset, problem: problem, shown: shown) }
        return false
    }

    /// Reads the part after `cut` into a collector of its own; nil as soon as it can't be merged.
    private static func collect(cut: Int, window: ClosedRange<CalendarDate>?, shown: String, read: PartReader,
                                linesBefore: @escaping @Sendable () throws -> Int) throws -> Part? {
        var later = SessionCollector(laterPartWithin: window)
        // Lines before the cut are counted only for a message (a log has few problems).
        var offset: Int?
        do {
            try read(later.scanner, cut..<Int.max) { number, problem in
                later.take(line: number, problem: problem, shown: shown) {
                    if offset == nil { offset = (try? linesBefore()) ?? -1 }
                    return offset!
                }
                if later.watch?.unsure == true || offset == -1 { throw Unmergeable() }
            }
        } catch is Unmergeable {
            return nil
        }
        return later.part()
    }

    private struct Unmergeable: Error {}

    /// What a collector read from a later part of a file, ready to merge into the collector
    /// of the part before.
    struct Part: Sendable {
        fileprivate var folded: SessionHistory
        /// ``PartWatch/ids``, sorted.
        fileprivate var ids: [Int]
        fileprivate var earliestRevisited: Double
        fileprivate var problems: [String]
        fileprivate var skippedLines: Int
        fileprivate var newerFormatLines: Int
        fileprivate var checkIns: [LogLine]
    }

    /// This collector's part, its open sessions folded as at the end of a source; nil when
    /// it can't be merged (see ``PartWatch``).
    mutating func part() -> Part? {
        endSource()
        guard var watch, !watch.unsure else { return nil }
        watch.ids.sort()
        // A session opened twice: it was folded (by its end or as over) and read again.
        if zip(watch.ids, watch.ids.dropFirst()).contains(where: { $0 == $1 }) { return nil }
        return Part(folded: folded, ids: watch.ids, earliestRevisited: watch.earliestRevisited, problems: problems,
                    skippedLines: skippedLines, newerFormatLines: newerFormatLines, checkIns: checkIns)
    }

    /// Takes in `part`, read from the part of the same file right after the lines read here,
    /// leaving this collector as reading those lines here and then ending the source
    /// (``endSource()``) would; false, with nothing changed, when that can't be proven:
    /// - a session of `part` is one open or kept here (its lines span the cut);
    /// - a session of `part` took a line after so long that the lines read here would have
    ///   made it look over (``maxSessionSeconds``);
    /// - facts the window depends on come out differently by order (see ``SessionHistory/Facts/then(_:)``).
    /// `part`'s sessions are moved here, not copied.
    mutating func merge(_ part: inout Part) -> Bool {
        guard part.earliestRevisited >= newestInstant - Self.maxSessionSeconds else { return false }
        func inPart(_ id: String) -> Bool {
            let hash = id.hashValue
            var low = 0, high = part.ids.count
            while low < high {
                let mid = (low + high) / 2
                if part.ids[mid] < hash { low = mid + 1 } else { high = mid }
            }
            return low < part.ids.count && part.ids[low] == hash
        }
        if open.keys.contains(where: inPart) || folded.list.records.contains(where: { inPart($0.id) }) || kept.escapedIDs.contains(where: inPart) {
            return false
        }
        var facts = folded.facts
        for s in open.values { _ = facts.note(s, window: folded.window) }
        guard facts.then(part.folded.facts) != nil else { return false }
        endSource()
        guard let start = folded.append(moving: &part.folded) else { preconditionFailure("facts checked above") }
        kept.reserve(kept.count + folded.list.records.count - start)
        for i in start..<folded.list.records.count { kept.insert(folded.list.records[i].id, at: i, in: folded.list) }
        let described = part.problems.prefix(Self.problemsKept)
        for problem in described { report(problem: problem) }
        for _ in described.count..<max(described.count, part.skippedLines) { report(problem: "") }
        newerFormatLines += part.newerFormatLines
        checkIns += part.checkIns
        return true
    }
}

/// What the collector of a later part notes to tell whether its part can be merged exactly.
struct PartWatch {
    /// The hash of each session id opened, once per opening (a hash shared by two ids only
    /// makes a merge look unsafe).
    var ids: [Int] = []
    /// The earliest last moment of an open session that took another line.
    var earliestRevisited = Double.infinity
    /// The part can't be merged: a line for a session already folded, an id shown escaped,
    /// too many sessions to note (memory stays bounded: the file is then read on in order).
    var unsure = false
    /// 512 KiB of hashes: the later half of a log of 130,000 sessions.
    static let idsKept = 1 << 16

    mutating func opened(_ id: String) {
        if ids.count == Self.idsKept { unsure = true }
        ids.append(id.hashValue)
    }

    /// A session whose last line was at `last` took another when the newest line read was at
    /// `newest`: if that was over a week later, reading the part in order may have folded it.
    mutating func revisited(last: Double, newest: Double) {
        if last < newest - SessionCollector.maxSessionSeconds { unsure = true }
        earliestRevisited = min(earliestRevisited, last)
    }
}
