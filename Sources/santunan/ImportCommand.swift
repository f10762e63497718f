import ArgumentParser
import Foundation
import SantunanApp

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `santunan import employers|participants|contributions|sponsors FILE.csv`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: t("ops.help.import.abstract"),
        discussion: helpDiscussion(
            ["ops.help.import.discussion"],
            columns: [
                "employers      npp,name,kind,branch_office,region",
                "participants   nik,name,birth_date,sex,kpj,segment,npp,work_description,",
                "               programs,risk_group,start,end,branch_office,reported_on,",
                "               reported_wage",
                "contributions  kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,",
                "               due_on,paid_on",
                "sponsors       sponsor,kind,programs,from,to,kpj",
            ],
            after: ["ops.help.import.bounds"],
            examples: [
                "santunan sample generate --participants 1000 --years 5 --seed 7 --out sample",
                "santunan import employers sample/employers.csv",
                "santunan import participants sample/participants.csv",
                "santunan import contributions sample/contributions.csv",
                "santunan import sponsors sample/sponsors.csv",
            ])
    )

    @Argument(
        help: ArgumentHelp(t("ops.help.import.kind")),
        completion: .list(OpsUseCases.importKinds))
    var kind: String

    @Argument(help: ArgumentHelp(t("ops.help.import.file")), completion: .file(extensions: ["csv"]))
    var file: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let session = try AppSession(label: "santunan.import", databaseURL: database.databaseURL)
        let progress = ProgressReporter(label: "import \(kind)")
        defer { progress.finish() }
        let outcome = try OpsUseCases(session).importFile(kind: kind, path: file) { progress.update($0) }
        progress.finish()
        if outcome.alreadyImported {
            say(t("ops.import.already", ["kind": .text(outcome.kind), "sha": .text(String(outcome.sha256.prefix(12)))]))
            return
        }
        let tables = outcome.inserted.keys.sorted().map { "\($0) \(outcome.inserted[$0]!)" }.joined(separator: ", ")
        say(
            t(
                "ops.import.done",
                [
                    "kind": .text(outcome.kind), "records": .number(outcome.records),
                    "rows": .text(tables.isEmpty ? t("common.none") : tables),
                ]))
    }
}

/// Progress on stderr: a bar with count, rate and ETA on a terminal, a log line every few seconds otherwise.
final class ProgressReporter {
    let label: String
    let isTerminal = isatty(2) != 0
    let started = Date()
    var lastPrinted = Date.distantPast
    var printedBar = false

    init(label: String) {
        self.label = label
    }

    func update(_ progress: ImportProgressView) {
        let now = Date()
        let interval = isTerminal ? 0.2 : 5
        guard now.timeIntervalSince(lastPrinted) >= interval || !progress.isReading else { return }
        guard !progress.isDone else { return }
        lastPrinted = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let fraction = progress.totalBytes > 0 ? Double(progress.bytesRead) / Double(progress.totalBytes) : 0
        let rate = Double(progress.records) / elapsed
        let eta = fraction > 0.01 ? elapsed * (1 - fraction) / fraction : 0
        let figures = t(
            "ops.import.progress",
            ["rows": .number(progress.records), "rate": .number(Int(rate)), "eta": .number(Int(eta))])
        let phase = t("ops.import.phase.\(progress.phase)")
        if isTerminal {
            let width = 30
            let filled = min(width, Int(fraction * Double(width)))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let percent = Texts.format.percent(basisPoints: Int64(fraction * 100) * 100)
            let line = "\r\(label) [\(bar)] \(percent) \(figures) (\(phase))\u{1B}[K"
            FileHandle.standardError.write(Data(line.utf8))
            printedBar = true
        } else {
            let percent = Texts.format.percent(basisPoints: Int64(fraction * 100) * 100)
            FileHandle.standardError.write(Data("\(label): \(phase), \(percent), \(figures)\n".utf8))
        }
    }

    func finish() {
        if printedBar {
            FileHandle.standardError.write(Data("\n".utf8))
            printedBar = false
        }
    }
}
