/// Numbers as every report format shows them.
enum Format {
    static func percent(_ f: Double?) -> String { f.map { "\(Int(($0 * 100).rounded())) %" } ?? "—" }
    static func one(_ d: Double?) -> String { d.map { String(Double(Int(($0 * 10).rounded())) / 10) } ?? "—" }

    /// ▁▂▃▄▅▆▇█ for 0–10 ratings.
    static func sparkline(_ values: [Int]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        return String(values.suffix(24).map { blocks[min(7, Int((Double($0) / 10 * 7).rounded()))] })
    }
}
