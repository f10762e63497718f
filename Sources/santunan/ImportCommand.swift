import ArgumentParser
import ClaimStore
import Foundation
import Logging
import Postgres
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
        abstract: "Bulk-load employers, participants, contributions and sponsors from CSV.",
        discussion: """
            The file is RFC 4180 CSV with a header line naming exactly the kind's columns:
              employers      npp,name,kind,branch_office,region
              participants   nik,name,birth_date,sex,kpj,segment,npp,work_description,programs,risk_group,start,end,
                             branch_office,reported_on,reported_wage   (one line per wage report; programs as JKK+JKM)
              contributions  kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on
              sponsors       sponsor,kind,programs,from,to,kpj
            Dates and amounts are bounded as in a case file: contribution months from 1977-01 to 12 months after
            today, paid_on not before its month, other dates from 1950 (birth dates from 1900) to today + 1 year,
            wages and contributions at most Rp 1.000.000.000.
            The first bad record rejects the whole file (exit 65, nothing written). Importing the same file again
            does nothing; rows already stored (same natural key) are skipped.

            Examples:
              santunan sample generate --participants 1000 --years 5 --seed 7 --out sample
              santunan import employers sample/employers.csv
              santunan import participants sample/participants.csv
              santunan import contributions sample/contributions.csv
              santunan import sponsors sample/sponsors.csv
            """
    )

    @Argument(help: "What the file holds: employers, participants, contributions or sponsors.")
    var kind: String

    @Argument(help: "The CSV file.")
    var file: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        guard let importKind = ImportKind(rawValue: kind) else {
            throw AppError(
                .usage, field: "kind",
                reason:
                    "\"\(MessageText.escaped(kind, limit: 40))\" is not one of employers, participants, contributions, sponsors"
            )
        }
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw AppError(
                .inputMissing, field: MessageText.escaped(file, limit: 200),
                reason: "cannot read the file (missing or unreadable)")
        }
        let paths = try ProjectPaths.discover()
        let logger = Logger(label: "santunan.import")
        let connection = try DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
            .openMigrated(paths: paths, logger: logger)
        defer { connection.close() }
        let progress = ProgressReporter(label: "import \(importKind.rawValue)")
        // The date bounds count from today in WIB (or SANTUNAN_FIXED_CLOCK, for rehearsals and tests).
        let importer = Importer(
            connection: connection, logger: logger, today: try PayoutClock.fromEnvironment().importDay
        ) { progress.update($0) }
        let summary: ImportSummary
        do {
            summary = try importer.importFile(importKind, path: file)
        } catch let error as ImportError {
            progress.finish()
            let status: ExitStatus = error.code == .fileUnreadable ? .inputMissing : .invalidData
            throw AppError(status, field: error.location, reason: error.reason)
        } catch let error as PostgresError where error.sqlState == "23514" || error.sqlState?.hasPrefix("22") == true {
            // A value the checks above let through but the schema refuses (0009's CHECKs, a data exception): the
            // file's fault, not the database's; the import's transaction wrote nothing.
            progress.finish()
            throw AppError(
                .invalidData, field: MessageText.escaped(URL(fileURLWithPath: file).lastPathComponent, limit: 80),
                reason:
                    "a value is outside what the database accepts (\(error.constraintName ?? "SQLSTATE \(error.sqlState!)")); "
                    + "nothing was imported")
        } catch let error as PostgresError {
            progress.finish()
            throw AppError(.databaseUnavailable, field: "database", reason: "\(error)")
        }
        progress.finish()
        if summary.alreadyImported {
            say(
                "\(importKind.rawValue): this file was already imported (sha256 \(summary.sha256.prefix(12))…); nothing to do"
            )
            return
        }
        let tables = summary.inserted.keys.sorted().map { "\($0) \(summary.inserted[$0]!)" }.joined(separator: ", ")
        say("\(importKind.rawValue): \(summary.records) records read; new rows: \(tables.isEmpty ? "none" : tables)")
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

    func update(_ progress: ImportProgress) {
        let now = Date()
        let interval = isTerminal ? 0.2 : 5
        guard now.timeIntervalSince(lastPrinted) >= interval || progress.phase != .reading else { return }
        guard progress.phase != .done else { return }
        lastPrinted = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let fraction = progress.totalBytes > 0 ? Double(progress.bytesRead) / Double(progress.totalBytes) : 0
        let rate = Double(progress.records) / elapsed
        let eta = fraction > 0.01 ? elapsed * (1 - fraction) / fraction : 0
        let figures = "\(progress.records) rows, \(Int(rate)) rows/s, ETA \(Int(eta)) s"
        if isTerminal {
            let width = 30
            let filled = min(width, Int(fraction * Double(width)))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let line = "\r\(label) [\(bar)] \(Int(fraction * 100))% \(figures) (\(progress.phase.rawValue))\u{1B}[K"
            FileHandle.standardError.write(Data(line.utf8))
            printedBar = true
        } else {
            FileHandle.standardError.write(
                Data("\(label): \(progress.phase.rawValue), \(Int(fraction * 100))%, \(figures)\n".utf8))
        }
    }

    func finish() {
        if printedBar {
            FileHandle.standardError.write(Data("\n".utf8))
            printedBar = false
        }
    }
}
