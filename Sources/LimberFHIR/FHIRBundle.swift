import LimberBasics

/// The two ways out: a transaction Bundle per patient (POSTed to a FHIR server's base), and Bulk
/// Data NDJSON lines (one file per resource type, for `$import`).
public enum FHIRBundle {
    /// A transaction Bundle of `resources`: every entry a conditional create (`ifNoneExist` on
    /// its Limber identifier), so importing the same export twice creates nothing new.
    /// `key` names the Bundle's own stable id.
    public static func transaction(_ resources: [FHIRResource], key: String) -> JSONValue {
        .object([
            ("resourceType", "Bundle"),
            ("id", .string(StableID.uuid("bundle/\(key)"))),
            ("type", "transaction"),
            ("entry", .array(resources.map { r in
                .object([
                    ("fullUrl", .string("urn:uuid:\(r.id)")),
                    ("resource", r.json),
                    ("request", .object([("method", "POST"), ("url", .string(r.type)), ("ifNoneExist", .string("identifier=\(r.identifier)"))])),
                ])
            })),
        ])
    }

    /// One NDJSON line (compact JSON and a newline) for each resource, grouped by type in the
    /// order the types first appear.
    public static func ndjson(_ resources: [FHIRResource]) -> [(type: String, lines: String)] {
        var order: [String] = []
        var lines: [String: String] = [:]
        for r in resources {
            if lines[r.type] == nil { order.append(r.type) }
            lines[r.type, default: ""] += r.json.rendered(pretty: false) + "\n"
        }
        return order.map { ($0, lines[$0]!) }
    }
}
