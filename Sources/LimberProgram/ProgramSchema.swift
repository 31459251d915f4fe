import LimberBasics

/// The JSON Schema (draft 2020-12) of program format 1, for editors such as
/// yaml-language-server. Built from ``ProgramFields``, the same key lists and ranges the decoder checks.
public enum ProgramSchema {
    public static let id = "https://limber.example/schema/program-1.json"

    public static var document: JSONValue {
        .object([
            ("$schema", "https://json-schema.org/draft/2020-12/schema"),
            ("$id", .string(id)),
            ("title", "Limber program"),
            ("description", "A home-exercise program for limber run, format version 1. See docs/program-format.md."),
            ("type", "object"),
            ("required", ["limber", "title", "exercises"]),
            ("additionalProperties", false),
            ("properties", properties(ProgramFields.program)),
            ("$defs", .object([
                ("schedule", .object([
                    ("type", "object"),
                    ("additionalProperties", false),
                    ("properties", properties(ProgramFields.schedule)),
                    ("oneOf", [.object([("required", ["per_week"])]), .object([("required", ["days"])])]),
                ])),
                ("discomfort", .object([
                    ("type", "object"),
                    ("additionalProperties", false),
                    ("properties", properties(ProgramFields.discomfort)),
                ])),
                ("defaults", .object([
                    ("type", "object"),
                    ("additionalProperties", false),
                    ("properties", properties(ProgramFields.defaults)),
                ])),
                ("exercise", .object([
                    ("type", "object"),
                    ("additionalProperties", false),
                    ("properties", properties(ProgramFields.exercise)),
                    // With `use:` the name and the kind of work may come from the library.
                    ("if", .object([("required", ["use"])])),
                    ("else", .object([
                        ("required", ["name"]),
                        ("oneOf", [
                            .object([("required", ["reps"])]),
                            .object([("required", ["hold"])]),
                            .object([("required", ["duration"])]),
                        ]),
                    ])),
                    ("dependentRequired", .object([("tempo", ["reps"])])),
                    ("dependentSchemas", .object([("cue_every", .object([("not", .object([("required", ["reps"])]))]))])),
                ])),
                ("voice", .object([
                    ("type", "object"),
                    ("additionalProperties", false),
                    ("properties", properties(ProgramFields.voice)),
                ])),
                ("prompt", .object([
                    ("type", "object"),
                    ("required", ["at", "say"]),
                    ("additionalProperties", false),
                    ("properties", properties(ProgramFields.prompt)),
                ])),
                ("phase", .object([
                    ("type", "object"),
                    ("required", ["weeks", "exercises"]),
                    ("additionalProperties", false),
                    ("properties", properties(ProgramFields.phase)),
                ])),
                ("phase_change", .object([
                    ("type", "object"),
                    ("additionalProperties", false),
                    ("properties", properties(ProgramFields.phaseChange)),
                ])),
                ("progression", .object([
                    ("type", "object"),
                    ("required", ["max"]),
                    ("additionalProperties", false),
                    ("properties", properties(ProgramFields.progression)),
                    ("oneOf", .array(["hold", "duration", "reps", "sets"].map { JSONValue.object([("required", [.string($0)])]) })),
                ])),
            ])),
        ])
    }

    /// The schema as pretty-printed JSON text.
    public static var text: String { document.rendered() + "\n" }

    private static func properties(_ fields: [FieldSpec]) -> JSONValue {
        .object(fields.map { field in
            guard case .object(var pairs) = field.schema else { return (field.key, field.schema) }
            if !pairs.contains(where: { $0.0 == "description" }) { pairs.insert(("description", .string(field.summary)), at: 0) }
            return (field.key, .object(pairs))
        })
    }
}
