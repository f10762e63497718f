import BenefitRules
import ClaimStore
import EmbeddedPostgres
public import Foundation
import HeirQueue
import Ledger
public import Logging
import Payouts
import Postgres

/// `santunan demo`: the whole story of a branch office on one database (CONTRACT §1), idempotent.
///
/// Sample data of a branch region is generated and imported, the seed cases of `cases/` are submitted as heir
/// submissions by a claims officer, the worker pool drains the queue, one user prepares a payout batch and another
/// approves it, the transfer files are exported, the bank's status report is reconciled, and the ledger is verified.
/// A second run finds everything in place and only reports it.
public struct Demo {
    /// What the demo did and found, for its closing summary.
    public struct Summary: Sendable {
        public struct ProgramRow: Sendable, Hashable {
            public var program: String
            public var claims: Int
            public var lines: Int
            public var amount: Int64
        }
        public struct SeedClaim: Sendable, Hashable {
            public var caseID: String
            public var status: String
            public var total: Int64
        }
        public var database: String = ""
        public var participants = 0
        public var contributions = 0
        public var sponsoredBPU = 0
        public var seedClaims: [SeedClaim] = []
        public var programs: [ProgramRow] = []
        public var batches: [(id: String, state: String, lines: Int, total: Int64)] = []
        public var exportedFiles: [String] = []
        public var ledger: String = "not checked"
        public var ledgerVerified = false
    }

    public let paths: ProjectPaths
    public let target: DatabaseTarget
    public let logger: Logger
    /// Progress lines (to stderr in the CLI).
    public let progress: @Sendable (String) -> Void
    /// The branch region's size. Since the demo posts the whole region to the ledger (issue 19), the 24,000 of a
    /// real branch take minutes; `demo --participants` makes a smaller region for a quick look and for the tests.
    public let regionParticipants: Int

    public static let defaultRegionParticipants = 24_000

    public init(
        paths: ProjectPaths, target: DatabaseTarget, logger: Logger,
        regionParticipants: Int = Demo.defaultRegionParticipants, progress: @escaping @Sendable (String) -> Void
    ) {
        self.paths = paths
        self.target = target
        self.logger = logger
        self.regionParticipants = regionParticipants
        self.progress = progress
    }

    /// The demo's working folder (generated sample data, transfer files, bank reports): beside the embedded
    /// cluster, so that a new cluster never meets the files of another one.
    public var workDirectory: URL {
        if let cluster = target.embedded {
            return cluster.configuration.dataDirectory.deletingLastPathComponent()
                .appendingPathComponent("demo", isDirectory: true)
        }
        return paths.root.appendingPathComponent(".santunan/demo", isDirectory: true)
    }

    /// Runs every step; each one is idempotent, so a second run reuses what the first left.
    public func run() throws(AppError) -> Summary {
        var summary = Summary()
        summary.database = target.embedded == nil ? "DATABASE_URL" : t("ops.demo.embedded-cluster")
        progress(t("ops.demo.step.database", ["database": .text(summary.database)]))
        let connection = try target.openMigrated(paths: paths, logger: logger, force: true)
        defer { connection.close() }

        try importSampleData(connection)
        try postSampleToLedger(connection)
        try submitSeedCases(connection)
        progress(t("ops.demo.step.worker"))
        var options = WorkerRunner.Options()
        options.workers = 2
        options.untilEmpty = true
        let totals = try WorkerRunner.run(target: target, paths: paths, options: options, logger: logger)
        detail(t("ops.demo.worked", ["completed": .number(totals.completed), "failed": .number(totals.failed)]))
        try payOut(connection, summary: &summary)
        try verifyLedger(connection, summary: &summary)
        try collect(connection, into: &summary)
        return summary
    }

    func importSampleData(_ connection: Connection) throws(AppError) {
        let sample = workDirectory.appendingPathComponent("sample", isDirectory: true)
        let marker = sample.appendingPathComponent("sponsors.csv")
        if !FileManager.default.fileExists(atPath: marker.path) {
            progress(t("ops.demo.step.sample.generate"))
            try? FileManager.default.createDirectory(at: sample, withIntermediateDirectories: true)
            _ = try SampleGenerator(participants: regionParticipants, years: 3, seed: 2022).write(to: sample)
        } else {
            progress(t("ops.demo.step.sample.reuse", ["path": .text(sample.path)]))
        }
        let importer = Importer(
            connection: connection, logger: logger, today: try PayoutClock.fromEnvironment().importDay)
        for kind in [ImportKind.employers, .participants, .contributions, .sponsors] {
            let file = sample.appendingPathComponent("\(kind.rawValue).csv")
            do {
                let result = try importer.importFile(kind, path: file.path)
                let stored = result.inserted.values.reduce(0, +)
                detail(
                    result.alreadyImported
                        ? t("ops.demo.import.already", ["kind": .text(kind.rawValue)])
                        : t(
                            "ops.demo.import.done",
                            ["kind": .text(kind.rawValue), "records": .number(result.records), "rows": .number(stored)]))
            } catch let error as AppError {
                throw error
            } catch {
                throw AppError(.internalError, field: file.path, reason: "sample import failed: \(error)")
            }
        }
    }

    /// The region's money in the ledger (issue 19): every contribution due and paid, the seed cases' histories, then
    /// JHT and JP development month by month from the first contribution month through the last month that has
    /// ended (or the data's last month), so statements and the trial balance show what the region paid in before the
    /// claims draw on it.
    /// Idempotent: a second run finds every key posted.
    func postSampleToLedger(_ connection: Connection) throws(AppError) {
        let started = Date()
        let posted = try ledgerStep { () throws(LedgerError) in
            try LedgerContributions.postPending(on: connection, recordedBy: Demo.ledgerOfficer)
        }
        detail(
            t(
                "ops.demo.ledger.contributions",
                [
                    "due": .number(posted.duePosted), "paid": .number(posted.paidPosted),
                    "seconds": .text(Demo.seconds(since: started)),
                ]))
        // The seed cases' own histories (their participants are not in the region's data), so that a seed claim's
        // withdrawal draws on booked contributions and development.
        let seeds = try LedgerSeedHistories.post(cases: paths.cases, on: connection, recordedBy: Demo.ledgerOfficer)
        detail(
            t(
                "ops.demo.ledger.seeds",
                [
                    "memberships": .number(seeds.memberships), "due": .number(seeds.duePosted),
                    "paid": .number(seeds.paidPosted),
                ]))
        let range: (first: String, last: String)?
        do {
            range = try BranchFigures.contributionMonths(on: connection)
        } catch {
            throw AppError(
                .databaseUnavailable, field: "database", reason: "cannot read the contribution months: \(error)")
        }
        let today = LedgerClock.todayInWIB().yearMonth
        guard let range, let regionFirst = YearMonth(iso: range.first), let dataLast = YearMonth(iso: range.last)
        else { return }
        let first = min(regionFirst, seeds.firstMonth ?? regionFirst)
        let last = YearMonth(ordinal: min(dataLast.ordinal, today.ordinal - 1))
        let developmentStarted = Date()
        let parameters = try RuleConfig.load(from: paths.config)
        let developments: [SavingsDevelopment]
        do {
            developments = [try .jht(parameters), try .jp(parameters)]
        } catch {
            throw AppError(.internalError, field: "config", reason: "development rates: \(error)")
        }
        let months = try ledgerStep { () throws(LedgerError) in
            try LedgerDevelopment.post(
                developments, from: first, through: last, on: connection, recordedBy: Demo.ledgerOfficer)
        }
        let credited = months.joined().reduce(0) { $0 + $1.posted }
        detail(
            t(
                "ops.demo.ledger.development",
                [
                    "first": .text("\(first)"), "last": .text("\(last)"), "postings": .number(credited),
                    "seconds": .text(Demo.seconds(since: developmentStarted)),
                ]))
    }

    /// A ledger call, its failure as the CLI reports it.
    private func ledgerStep<T>(_ body: () throws(LedgerError) -> T) throws(AppError) -> T {
        do {
            return try body()
        } catch {
            throw AppError(.internalError, field: error.field, reason: "ledger: \(error.reason)")
        }
    }

    /// Who books the region's contributions and development in the demo.
    static let ledgerOfficer = "petugas.keuangan"

    func submitSeedCases(_ connection: Connection) throws(AppError) {
        progress(t("ops.demo.step.submit"))
        let names = try LedgerSeedHistories.caseNames(in: paths.cases)
        for name in names {
            let receipt = try SubmissionService.submit(
                caseFile: paths.cases.appendingPathComponent(name).path, user: Demo.officer, queue: JobQueue(),
                on: connection)
            detail(
                t(
                    receipt.created ? "ops.demo.submitted" : "ops.demo.submitted.already",
                    ["case": .text(receipt.caseID), "submission": .text(String(receipt.submissionID))]))
        }
    }

    /// The users of the demo: the maker and the checker of a batch must differ.
    static let officer = "petugas.klaim"
    static let maker = "penyiap.bayar"
    static let checker = "pemeriksa.bayar"

    func payOut(_ connection: Connection, summary: inout Summary) throws(AppError) {
        let clock = try PayoutClock.fromEnvironment()
        let config = try PayoutConfig.load(paths: paths, on: clock.now.date)
        let service = PayoutService(
            connection: connection, paths: paths, config: config, clock: clock, ledger: PayoutLedgerWiring.hook(),
            logger: logger)
        progress(t("ops.demo.step.payouts", ["maker": .text(Demo.maker), "checker": .text(Demo.checker)]))
        let due = try service.createDueLines(on: clock.now.date, by: Demo.maker)
        detail(
            due.awaitingBankDetails > 0
                ? t(
                    "ops.demo.due.awaiting",
                    ["created": .number(due.created), "awaiting": .number(due.awaitingBankDetails)])
                : t("ops.demo.due", ["created": .number(due.created)]))
        if let prepared = try service.prepareBatch(by: Demo.maker, program: nil, maxLines: nil) {
            detail(
                t(
                    "ops.demo.batch.prepared",
                    [
                        "batch": .text(prepared.id), "count": .number(prepared.lineCount),
                        "total": .rupiah(prepared.total),
                    ]))
        }
        for batch in try service.batches().reversed() {
            var current = batch
            if current.state == .prepared {
                current = try service.approveBatch(batch.id, by: Demo.checker)
                detail(t("ops.demo.batch.approved", ["batch": .text(batch.id), "checker": .text(Demo.checker)]))
            }
            guard current.state == .approved || current.state == .exported else { continue }
            try? FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
            let xml = workDirectory.appendingPathComponent("\(batch.id).pain001.xml").path
            let csv = workDirectory.appendingPathComponent("\(batch.id).csv").path
            let file = try service.exportBatch(batch.id, format: .pain001, to: xml, by: Demo.maker)
            try service.exportBatch(batch.id, format: .csv, to: csv, by: Demo.maker)
            detail(t("ops.demo.exported", ["xml": .text(xml), "csv": .text(csv)]))
            let report = workDirectory.appendingPathComponent("\(batch.id).pain002.xml")
            try DemoBank.settleAll(file, writingTo: report)
            let outcome = try service.reconcileBatch(batch.id, reportPath: report.path, by: Demo.checker)
            detail(
                t("ops.demo.reconciled", ["paid": .number(outcome.paid), "rejected": .number(outcome.rejected)]))
        }
        for batch in try service.batches() {
            summary.batches.append((batch.id, batch.state.rawValue, batch.lineCount, batch.total))
            for name in ["\(batch.id).pain001.xml", "\(batch.id).csv"] {
                let path = workDirectory.appendingPathComponent(name).path
                if FileManager.default.fileExists(atPath: path) { summary.exportedFiles.append(path) }
            }
        }
    }

    func verifyLedger(_ connection: Connection, summary: inout Summary) throws(AppError) {
        progress(t("ops.demo.step.ledger"))
        let outcome = try LedgerVerification.verify(connection)
        // The summary is for people: a verified ledger is said in the chosen language (the English words are the
        // ones `outcome.text` has always printed); a failure quotes the first bad record as the verifier wrote it.
        summary.ledger =
            outcome.valid
            ? t(
                "ops.demo.ledger.verified",
                ["transactions": .text(String(outcome.transactions)), "entries": .text(String(outcome.entries))])
            : outcome.text
        summary.ledgerVerified = outcome.valid
    }

    func collect(_ connection: Connection, into summary: inout Summary) throws(AppError) {
        progress(t("ops.demo.step.summary"))
        let figures: BranchFigures
        do {
            figures = try BranchFigures.read(on: connection)
        } catch {
            throw AppError(.databaseUnavailable, field: "database", reason: "cannot read the summary: \(error)")
        }
        summary.participants = figures.participants
        summary.contributions = figures.contributions
        summary.sponsoredBPU = figures.sponsoredMemberships
        summary.seedClaims = figures.claims.map { Summary.SeedClaim(caseID: $0.caseID, status: $0.status, total: $0.total) }
        summary.programs = figures.programs.map {
            Summary.ProgramRow(program: $0.program, claims: $0.claims, lines: $0.lines, amount: $0.amount)
        }
    }

    /// A line under a step, indented (the catalogs hold the words, not the layout).
    func detail(_ text: String) {
        progress("    " + text)
    }

    /// `12.3` (seconds, one decimal) for the progress lines: a figure, not a sentence.
    public static func seconds(since start: Date) -> String {
        let tenths = Int((Date().timeIntervalSince(start) * 10).rounded())
        return "\(tenths / 10)" + (Texts.language == .indonesian ? "," : ".") + "\(tenths % 10)"
    }
}
