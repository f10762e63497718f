import ArgumentParser
import Foundation
import SantunanApp

/// `santunan sample …`.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: t("ops.help.sample.abstract"),
        discussion: helpDiscussion(
            [], examples: ["santunan sample generate --participants 100000 --years 10 --seed 42 --out sample"]),
        subcommands: [SampleGenerateCommand.self]
    )
}

/// `santunan sample generate --participants N --years Y --seed S --out DIR`.
struct SampleGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: t("ops.help.sample.generate.abstract"),
        discussion: helpDiscussion(
            ["ops.help.sample.generate.discussion"],
            examples: [
                "santunan sample generate --participants 1000 --years 5 --seed 7 --out sample",
                "santunan sample generate --participants 100000 --years 10 --seed 42 --out /tmp/santunan-sample",
            ])
    )

    @Option(help: ArgumentHelp(t("ops.help.sample.participants")))
    var participants: Int = 1000

    @Option(help: ArgumentHelp(t("ops.help.sample.years")))
    var years: Int = 10

    @Option(help: ArgumentHelp(t("ops.help.sample.seed")))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp(t("ops.help.sample.out")), completion: .directory)
    var out: String

    func run() throws {
        let generator = SampleGenerator(participants: participants, years: years, seed: seed)
        let started = Date()
        let counts = try generator.write(to: URL(fileURLWithPath: out, isDirectory: true))
        say(
            t(
                "ops.sample.wrote",
                [
                    "out": .text(out), "employers": .number(counts.employers),
                    "participants": .number(counts.participantLines), "contributions": .number(counts.contributions),
                    "sponsors": .number(counts.sponsorLines), "seconds": .text(Demo.seconds(since: started)),
                ]))
    }
}
