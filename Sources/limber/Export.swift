import ArgumentParser
import Foundation
import LimberBasics
import LimberFHIR
import LimberLog
import LimberProgram
import LimberReview
import LimberSession

extension Limber {
    /// `limber export --format fhir`: the logs as HL7 FHIR R4, for a clinic's record system.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", 
            abstract: "Export logs as HL7 FHIR R4: a transaction Bundle per patient, or Bulk Data NDJSON.",
            discussion: """
                Each patient (logs merged by patient id, as in `report`) becomes a Patient (its \
                identifier only), a CarePlan per program, a Procedure per session, an Observation per \
                discomfort rating, check-in rating and week's adherence. Resource ids are stable and every entry is a \
                conditional create, so importing the same logs twice creates no duplicates. \
                The mapping is in docs/fhir.md.
                """
        )

        @Argument(help: "Log files, folders of *.jsonl logs, or - for standard input (default: your own log).", completion: .file(extensions: ["jsonl"]))
        var logs: [String] = []

        @Option(name: .long, help: "fhir (a transaction Bundle per patient, JSON) or fhir-ndjson (one NDJSON file per resource type in the --output folder).")
        var format: ExportFormat

        @Option(name: .long, help: ArgumentHelp("A program whose CarePlan replaces the one recorded in the logs (same title), or adds one.", valueName: "file"))
        var program: String?

        @Option(name: .long, help: ArgumentHelp("Write to this file (fhir, one patient), or folder (fhir with several patients, and fhir-ndjson); created private.", valueName: "path"))
        var output: String?

        @OptionGroup var library: LibraryOptions

        enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
            case fhir
            case fhirNDJSON = "fhir-ndjson"
        }

        func validate() throws {
            if format == .fhirNDJSON, output == nil { throw ValidationError("--format fhir-ndjson writes a folder: name it with --output.") }
        }

        func run() throws {
            let today = try Report.today()
            var programs: [CarePlanSource] = []
            if let program {
                let parsed = try ProgramInputs.usable(program, library: library.library).program
                programs.append(CarePlanSource(title: parsed.title, exercises: parsed.exercises.map(LogEvent.PlannedExercise.init),
                                               prescription: parsed.schedule.map(Prescription.init)))
            }
            let files = try LogInputs.files(logs)
            let patients = LogInputs.patients(files)
            let folder = format == .fhirNDJSON || patients.count > 1
            if folder, output == nil { throw CommandFailure("\(patients.count) patients give \(patients.count) Bundles: name a folder for them with --output") }
            let bulk = format == .fhirNDJSON ? try NDJSONFolder(output!) : nil
            var written = Set<String>()
            var duplicates = LogInputs.Duplicates()
            for patient in patients {
                let collector = try LogInputs.read(patient, window: nil, duplicates: &duplicates)
                for problem in collector.problems { Console.err("limber: \(problem)\n") }
                let export = FHIRPatientExport(patient: LogInputs.name(patient), history: collector.history, programs: programs, today: today,
                                                checkIns: collector.checkIns)
                if let bulk {
                    try bulk.append(FHIRBundle.ndjson(export.resources(.bulk)))
                    continue
                }
                let text = FHIRBundle.transaction(export.resources(.bundle), key: export.patient).rendered() + "\n"
                guard folder, let output else {
                    try write(text, to: output, inputs: files)
                    continue
                }
                try OutputFile.makeFolder(output)
                var name = PatientID.problem(export.patient) == nil ? export.patient : StableID.uuid("patient/\(export.patient)")
                if !written.insert(name).inserted { name += "-" + StableID.uuid("patient/\(export.patient)") }
                try OutputFile.write(text, to: (output as NSString).appendingPathComponent(name + ".json"), inputs: files)
            }
            duplicates.note()
            if let bulk {
                let types = try bulk.finish()
                Console.err("limber: \(patients.count) patient(s) exported to \(TextSanitizer.singleLine(output!)): \(types.joined(separator: ", "))\n")
            } else if folder {
                Console.err("limber: \(patients.count) Bundles written to \(TextSanitizer.singleLine(output!))\n")
            }
        }

        private func write(_ text: String, to output: String?, inputs: [String]) throws {
            if let output {
                try OutputFile.write(text, to: output, inputs: inputs)
                Console.err("limber: FHIR Bundle written to \(TextSanitizer.singleLine(output))\n")
            } else {
                Console.out(text)
            }
        }
    }
}
