// swift-tools-version:6.0
import PackageDescription

/// How the release binary is linked, to keep a session's resident memory small (docs/architecture.md,
/// "The release build"): lld with packed relative relocations (DT_RELR: the 2 MB relocation table
/// becomes 16 KB; glibc ≥ 2.36), no symbol table for dlsym (nothing looks the executable's own
/// symbols up), and the few libstdc++ functions the Swift runtime needs linked in rather than all
/// of libstdc++.so mapped (packaging/static-libstdc++ holds a linker script naming libstdc++.a).
/// The functions a session runs are laid out together, in the order packaging/limber.order lists
/// them (scripts/make-order-file records it), so their pages are few: with each function in a
/// section of its own (Makefile's RELEASE_FLAGS) a session's resident code goes from ~11 to ~5 MiB.
let releaseLinkerFlags = [
    "-use-ld=lld",
    "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
    "-Xlinker", "--no-export-dynamic",
    "-L", Context.packageDirectory + "/packaging/static-libstdc++",
    "-Xlinker", "--symbol-ordering-file=" + Context.packageDirectory + "/packaging/limber.order",
    "-Xlinker", "--no-warn-symbol-ordering",
]

let package = Package(
    name: "Limber",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "limber", targets: ["limber"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
    ],
    targets: [
        // libasound2, linked directly (never by spawning aplay).
        .systemLibrary(
            name: "CALSA",
            pkgConfig: "alsa",
            providers: [.apt(["libasound2-dev"])]
        ),
        // libespeak-ng's API for spoken guidance, loaded with dlopen on first use (include/shim.h):
        // a session without the voice never maps it and the libraries it pulls in.
        .target(
            name: "CEspeakNG",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        // The leaf every other target may use: text made safe, durations, calendar dates, cue
        // kinds, JSON output, POSIX write-all. Pure (but for the write helper), no dependencies.
        .target(name: "LimberBasics"),
        // The program format: YAML decoding with source marks, validation, JSON Schema. Pure.
        .target(
            name: "LimberProgram",
            dependencies: ["LimberBasics", .product(name: "Yams", package: "Yams")]
        ),
        // Program → flat list of timed steps and cues; plan rendering. Pure.
        .target(
            name: "LimberTimeline",
            dependencies: ["LimberBasics", "LimberProgram"]
        ),
        // The log's format: events, JSON lines. Pure.
        .target(name: "LimberLog", dependencies: ["LimberBasics"]),
        // The log file: durable append under a lock, streaming read.
        .target(
            name: "LimberLogStore",
            dependencies: ["LimberBasics", "LimberLog"]
        ),
        // The session state machine over an injected clock. Pure.
        .target(
            name: "LimberSession",
            dependencies: ["LimberBasics", "LimberProgram", "LimberTimeline", "LimberLog"]
        ),
        // Screens (pure rendering from state and size) and the TTY: raw mode, keys, signals.
        .target(
            name: "LimberTerminal",
            dependencies: ["LimberBasics", "LimberLog", "LimberSession", "LimberTimeline", "LimberProgram"]
        ),
        // The guided session's loop: wires the session to the terminal, the audio engine and the log.
        .target(
            name: "LimberRun",
            dependencies: ["LimberBasics", "LimberSession", "LimberTerminal", "LimberAudio", "LimberLogStore", "LimberLog", "LimberTimeline",
                           "LimberSpeech"]
        ),
        // The pain-monitoring model: program + log + day → the dose in force and why. Pure.
        .target(
            name: "LimberProgression",
            dependencies: ["LimberBasics", "LimberProgram", "LimberLog"]
        ),
        // Adherence maths and report rendering (text, JSON, CSV, HTML). Pure.
        .target(
            name: "LimberReview",
            dependencies: ["LimberBasics", "LimberLog", "LimberProgram", "LimberProgression", .product(name: "Plot", package: "Plot")]
        ),
        // The program for the patient outside the terminal: printable handout (HTML) and calendar (iCalendar). Pure.
        .target(
            name: "LimberHandout",
            dependencies: ["LimberBasics", "LimberProgram", "LimberTimeline", .product(name: "Plot", package: "Plot")]
        ),
        // Sessions as FHIR R4 resources: transaction Bundles and Bulk Data NDJSON. Pure.
        .target(
            name: "LimberFHIR",
            dependencies: ["LimberBasics", "LimberLog", "LimberReview"]
        ),
        // The user configuration file ($XDG_CONFIG_HOME/limber/config.yaml): located errors
        // through the programs' diagnostics engine.
        .target(
            name: "LimberConfig",
            dependencies: ["LimberBasics", "LimberLog", "LimberProgram", .product(name: "Yams", package: "Yams")]
        ),
        // Thin layer over libasound.
        .target(
            name: "LimberAudio",
            dependencies: ["CALSA", "LimberBasics"]
        ),
        // Thin layer over libespeak-ng: text → PCM on one thread, placed by the audio engine.
        .target(
            name: "LimberSpeech",
            dependencies: ["CEspeakNG", "LimberAudio", "LimberBasics"]
        ),
        // The command-line tool: one file per command, wiring only.
        .executableTarget(
            name: "limber",
            dependencies: [
                "LimberBasics",
                "LimberProgram",
                "LimberTimeline",
                "LimberAudio",
                "LimberRun",
                "LimberLog",
                "LimberLogStore",
                "LimberSession",
                "LimberTerminal",
                "LimberReview",
                "LimberHandout",
                "LimberSpeech",
                "LimberProgression",
                "LimberFHIR",
                "LimberConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [.unsafeFlags(releaseLinkerFlags, .when(configuration: .release))]
        ),
        // Benchmarks that need the engine in-process (run with `make bench`).
        .executableTarget(
            name: "limber-bench",
            dependencies: [
                "LimberAudio",
                "LimberBasics",
                "LimberProgram",
                "LimberTimeline",
                "LimberSpeech",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The properties every outside input must keep, for libFuzzer and the regression tests.
        .target(
            name: "LimberFuzzTargets",
            dependencies: ["LimberBasics", "LimberProgram", "LimberTimeline", "LimberLog", "LimberReview", "LimberAudio", "LimberTerminal", "LimberConfig"]
        ),
        // libFuzzer entry point (scripts/fuzz builds it with --sanitize fuzzer); otherwise replays inputs.
        .executableTarget(
            name: "limber-fuzz",
            dependencies: ["LimberFuzzTargets"]
        ),
        // Shared helpers for tests: fixtures, running the built binary.
        .target(
            name: "LimberTestSupport",
            path: "Tests/LimberTestSupport"
        ),
        .testTarget(
            name: "LimberBasicsTests",
            dependencies: ["LimberBasics"]
        ),
        .testTarget(
            name: "LimberProgramTests",
            dependencies: ["LimberBasics", "LimberProgram", "LimberTestSupport"]
        ),
        .testTarget(
            name: "LimberTimelineTests",
            dependencies: ["LimberBasics", "LimberTimeline", "LimberProgram", "LimberTestSupport"]
        ),
        .testTarget(
            name: "LimberSessionTests",
            dependencies: ["LimberBasics", "LimberSession", "LimberTimeline", "LimberProgram", "LimberLog"]
        ),
        .testTarget(
            name: "LimberRunTests",
            dependencies: ["LimberRun", "LimberSession", "LimberTerminal", "LimberAudio", "LimberLog", "LimberTimeline", "LimberProgram", "LimberBasics", "LimberSpeech"]
        ),
        .testTarget(
            name: "LimberLogStoreTests",
            dependencies: ["LimberBasics", "LimberLogStore", "LimberLog", "LimberTestSupport"]
        ),
        .testTarget(
            name: "LimberTerminalTests",
            dependencies: ["LimberBasics", "LimberTerminal", "LimberSession", "LimberTimeline", "LimberProgram", "LimberTestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "LimberReviewTests",
            dependencies: ["LimberBasics", "LimberReview", "LimberLog", "LimberProgram", "LimberTestSupport", .product(name: "Plot", package: "Plot")]
        ),
        .testTarget(
            name: "LimberHandoutTests",
            dependencies: ["LimberBasics", "LimberHandout", "LimberProgram", "LimberTimeline", "LimberTestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "LimberProgressionTests",
            dependencies: ["LimberBasics", "LimberProgression", "LimberProgram", "LimberLog", "LimberTestSupport"]
        ),
        .testTarget(
            name: "LimberFHIRTests",
            dependencies: ["LimberFHIR", "LimberReview", "LimberLog", "LimberBasics", "LimberTestSupport"]
        ),
        .testTarget(
            name: "LimberConfigTests",
            dependencies: ["LimberConfig", "LimberProgram", "LimberTestSupport"]
        ),
        .testTarget(
            name: "LimberAudioTests",
            dependencies: ["LimberAudio", "LimberBasics", "LimberTestSupport"]
        ),
        .testTarget(
            name: "LimberFuzzTests",
            dependencies: ["LimberFuzzTargets", "LimberTestSupport"]
        ),
        .testTarget(
            name: "LimberCLITests",
            dependencies: ["limber", "LimberAudio", "LimberBasics", "LimberLog", "LimberLogStore", "LimberTestSupport"]
        ),
        .testTarget(
            name: "LimberSpeechTests",
            dependencies: ["LimberSpeech", "LimberAudio", "LimberBasics", "LimberTimeline", "LimberProgram", "LimberTestSupport"]
        ),
    ]
)
