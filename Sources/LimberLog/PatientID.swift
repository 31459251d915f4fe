/// The rules for a pseudonymous patient id: short ASCII letters, digits, `-`, `_` and `.`, so an
/// id is safe in a file name, a terminal, a FHIR identifier and a SQL literal, and can't carry a
/// name with spaces by accident.
public enum PatientID {
    public static let maxLength = 64

    /// Why `id` is not a usable patient id, or nil when it is.
    public static func problem(_ id: String) -> String? {
        if id.isEmpty { return "a patient id can't be empty" }
        if id.utf8.count > maxLength { return "a patient id is at most \(maxLength) characters" }
        let allowed = id.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F || c == 0x2E
        }
        return allowed ? nil : "a patient id is letters, digits, '-', '_' and '.' only (a pseudonym, never a name)"
    }
}
