import LimberBasics

/// "Did you mean …?" for misspelt keys and values (programs and the user configuration).
public enum Suggestions {
    /// Words people write for a key that has another name in the format.
    static let synonyms: [String: String] = [
        "repetitions": "reps", "rep": "reps", "repeats": "reps", "set": "sets", "side": "sides",
        "seconds": "duration", "time": "duration", "length": "duration", "interval": "cue_every",
        "warnings": "safety", "precautions": "safety", "howto": "instructions",
        "note": "notes", "comment": "notes", "comments": "notes",
        "video": "media", "videos": "media", "image": "media", "images": "media", "picture": "media",
        "photo": "media", "url": "media", "link": "media", "links": "media",
        "exercise": "exercises", "frequency": "per_week", "weekdays": "days",
        "threshold": "stop_at", "stop": "stop_at", "version": "limber", "get_ready": "prepare",
    ]

    /// The closest candidate to `word`, or nil when none is close enough to be a likely typo.
    ///
    /// Close enough means an edit distance of at most a third of the shorter word (at least 1),
    /// or one word starting with the other (at least 3 letters): `titel` → `title`, `thurs` →
    /// `thu`, but `video` is not taken for `sides`.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        if let exact = candidates.first(where: { $0.lowercased() == lowered }) { return exact }
        let normalized = lowered.replacingAll("-", with: "_").replacingAll(" ", with: "_")
        if let exact = candidates.first(where: { $0 == normalized }) { return exact }
        if let synonym = synonyms[normalized], candidates.contains(synonym) { return synonym }
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(normalized, candidate)
            let allowed = max(1, min(normalized.count, candidate.count) / 3)
            if d <= allowed, d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        if let best { return best.0 }
        return candidates.first { candidate in
            min(normalized.count, candidate.count) >= 3 && (candidate.hasPrefix(normalized) || normalized.hasPrefix(candidate))
        }
    }

    /// Edit distance counting a swap of two neighbours as one edit (optimal string alignment).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    /// "; did you mean 'x'?" or nothing.
    static func hint(for word: String, in candidates: [String]) -> String {
        hint(closest(to: word, in: candidates))
    }

    /// "; did you mean 'x'?" for a suggestion already found, or nothing.
    public static func hint(_ meant: String?) -> String {
        meant.map { "; did you mean '\($0)'?" } ?? ""
    }

    /// The duration `text` most likely means, written as the format wants it, or nil: `30 sec`,
    /// `30 seconds` → `30s`; `5 min`, `2 minutes` → `5m`, `2m`; `1.5m`, `1,5 min`,
    /// `1 min 30 s` → `1m30s`; a bare `30` → `30s`.
    static func duration(_ text: String) -> String? {
        let units: [String: Double] = [
            "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
            "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
            "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
        ]
        // Numbers and words, split at spaces and where one turns into the other: "90sec" → 90, sec.
        var tokens: [(isNumber: Bool, text: String)] = []
        var separated = true
        for ch in text.lowercased() {
            if ch == " " { separated = true; continue }
            let isNumber = ch.isASCII && (ch.isNumber || ch == "." || ch == ",")
            guard isNumber || ch.isLetter else { return nil }
            if separated || tokens.last?.isNumber != isNumber { tokens.append((isNumber, "")) }
            tokens[tokens.count - 1].text.append(ch == "," ? "." : ch)
            separated = false
        }
        if tokens.count == 1, let n = Int(tokens[0].text) { return "\(n)s" }
        guard !tokens.isEmpty, tokens.count.isMultiple(of: 2) else { return nil }
        var total = 0.0
        var scales: Set<Double> = []
        for pair in stride(from: 0, to: tokens.count, by: 2) {
            guard let n = Double(tokens[pair].text), let unit = units[tokens[pair + 1].text],
                  scales.insert(unit).inserted else { return nil }
            total += n * unit
        }
        guard total > 0, total < 1_000_000, total == total.rounded() else { return nil }
        let seconds = Int(total)
        if scales == [1] { return "\(seconds)s" }
        return DurationText.format(seconds)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
