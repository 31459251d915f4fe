/// "Did you mean …?" for misspelt keys and values.
enum Suggestions {
    /// Words people write for a key that has another name in the format.
    static let synonyms: [String: String] = [
        "repetitions": "reps", "rep": "reps", "repeats": "reps", "set": "sets", "side": "sides",
        "seconds": "duration", "time": "duration", "length": "duration", "interval": "cue_every",
        "warnings": "safety", "precautions": "safety", "notes": "instructions", "howto": "instructions",
        "exercise": "exercises", "frequency": "per_week", "weekdays": "days",
        "threshold": "stop_at", "stop": "stop_at", "version": "limber", "get_ready": "prepare",
    ]

    /// The closest candidate to `word`, or nil when none is close enough to be a likely typo.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        if let exact = candidates.first(where: { $0.lowercased() == lowered }) { return exact }
        let normalized = lowered.replacingAll("-", with: "_").replacingAll(" ", with: "_")
        if let exact = candidates.first(where: { $0 == normalized }) { return exact }
        if let synonym = synonyms[normalized], candidates.contains(synonym) { return synonym }
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(normalized, candidate)
            let allowed = candidate.count <= 3 ? 1 : (candidate.count < 9 ? 2 : 3)
            if d <= allowed, d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        return best?.0
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

    /// ", did you mean 'x'?" or nothing.
    static func hint(for word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
