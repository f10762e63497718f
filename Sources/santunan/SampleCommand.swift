import ArgumentParser
import Foundation
import SantunanApp

/// `santunan sample …`.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Generate realistic sample data.",
        discussion: """
            Example:
              santunan sample generate --participants 100000 --years 10 --seed 42 --out sample
            """,
        subcommands: [SampleGenerateCommand.self]
    )
}

/// `santunan sample generate --participants N --years Y --seed S --out DIR`.
struct SampleGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write employers.csv, participants.csv, contributions.csv and sponsors.csv (deterministic).",
        discussion: """
            PU workers of companies and government units (OPD, with honorer workers), JAKON construction projects and
            BPU informal workers, about 2,000 of them sponsored by a regency for JKK+JKM in Oct-Dec 2022; wage
            raises, gaps and arrears. The months end in December 2024. The same options give the same bytes.

            Examples:
              santunan sample generate --participants 1000 --years 5 --seed 7 --out sample
              santunan sample generate --participants 100000 --years 10 --seed 42 --out /tmp/santunan-sample
            """
    )

    @Option(help: "Number of participants.")
    var participants: Int = 1000

    @Option(help: "Years of monthly contributions, ending December 2024.")
    var years: Int = 10

    @Option(help: "Random seed; the same seed gives the same files.")
    var seed: UInt64 = 1

    @Option(help: "Output directory.")
    var out: String

    func run() throws {
        let generator = SampleGenerator(participants: participants, years: years, seed: seed)
        let started = Date()
        let counts = try generator.write(to: URL(fileURLWithPath: out, isDirectory: true))
        let seconds = Date().timeIntervalSince(started)
        say(
            "wrote \(out): \(counts.employers) employers, \(counts.participantLines) participant lines, "
                + "\(counts.contributions) contributions, \(counts.sponsorLines) sponsor lines "
                + "(\(String(format: "%.1f", seconds)) s)")
    }
}
