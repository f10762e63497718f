import ArgumentParser
import EmbeddedPostgres
import Foundation
import Logging
import Payouts
import Postgres
import SantunanApp
import SantunanValues

/// `santunan-bench payouts`: prepare + approve + export + reconcile of one batch of 100,000 payout lines; then
/// `payouts due` over a year of monthly JP pensions for 10,000 pensioners (issue 16).
///
/// The fixture (claims, claim lines, due payout lines) is built first and not timed. The timed part is what an
/// operator runs: `batch prepare`, `batch approve`, `batch export --format pain001` (written to disk) and
/// `batch reconcile` of a pain.002 with a status for every line (XSD validation with xmllint included).
///
/// The pension case (in its own database) times `payouts due` creating the first year of pension months at once
/// (12 months × 10,000 pensioners, each month clamped to its award year's bounds, child pensions shared), then the
/// next month's run, which re-reads everything already issued to find corrections.
struct PayoutsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payouts",
        abstract: "Prepare, export and reconcile one payout batch of 100,000 lines (target: under 10 s).",
        discussion: """
            Example:
              swift run -c release santunan-bench payouts --lines 100000
            """)

    @Option(help: "Payout lines in the batch.")
    var lines = 100_000

    @Option(help: "Claim lines per fixture claim.")
    var linesPerClaim = 100

    @Option(help: "Pensioners of the pension case (a year of monthly pensions each).")
    var pensioners = 10_000

    @Flag(help: "Run only the pension case (`payouts due` over a year of monthly pensions).")
    var pensionsOnly = false

    func run() throws {
        let logger = Logger(label: "santunan.bench.payouts")
        let paths = try ProjectPaths.discover()
        print("machine: \(machineDescription())")
        let scratch = URL(fileURLWithPath: "/tmp/santunan-payouts-bench-\(getpid())", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        chmod(scratch.path, 0o755)
        let cluster = LocalCluster(
            configuration: LocalCluster.Configuration(
                dataDirectory: scratch.appendingPathComponent("pg", isDirectory: true)),
            logger: logger)
        try cluster.start()
        defer {
            try? cluster.stop()
            try? FileManager.default.removeItem(at: scratch)
        }
        let admin = try Connection(cluster.conninfo(database: "postgres"), logger: logger)
        try admin.execute("CREATE DATABASE bench_payouts")
        let version = try admin.execute("SHOW server_version")[0].decode(String.self, column: 0)
        print("server: PostgreSQL \(version), default settings (fsync on, synchronous_commit on), unix socket")
        if !pensionsOnly {
            try batchCase(cluster: cluster, paths: paths, scratch: scratch, logger: logger)
        }
        try admin.execute("CREATE DATABASE bench_pensions")
        try pensionCase(cluster: cluster, paths: paths, logger: logger)
    }

    /// The batch of `lines` lines: prepare, approve, export, reconcile.
    func batchCase(cluster: LocalCluster, paths: ProjectPaths, scratch: URL, logger: Logger) throws {
        let connection = try Connection(cluster.conninfo(database: "bench_payouts"), logger: logger)
        try DatabaseTarget(conninfo: "", embedded: nil).migrate(connection, paths: paths, logger: logger)

        let clock = BenchClock(WIBDateTime(iso: "2024-04-03T11:00:00+07:00")!)
        let config = try PayoutConfig.load(paths: paths, on: clock.now.date)
        let service = PayoutService(
            connection: connection, paths: paths, config: config, clock: PayoutClock { clock.now }, logger: logger)

        let start = monotonicSeconds()
        try Self.insertFixture(connection, lines: lines, perClaim: linesPerClaim)
        let due = try service.createDueLines(on: clock.now.date, by: "bench-officer")
        print(
            String(
                format: "fixture: %d payout lines created in %.2f s (not timed)", due.created,
                monotonicSeconds() - start))

        var timings: [(String, Double)] = []
        func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let begin = monotonicSeconds()
            let value = try body()
            timings.append((name, monotonicSeconds() - begin))
            return value
        }
        let total = monotonicSeconds()
        let batch = try timed("prepare") { try service.prepareBatch(by: "ani", program: nil, maxLines: nil) }
        guard let batch, batch.lineCount == lines else {
            throw AppError(.internalError, field: "bench", reason: "the batch does not hold every line")
        }
        _ = try timed("approve") { try service.approveBatch(batch.id, by: "budi") }
        let pain001 = scratch.appendingPathComponent("\(batch.id).xml").path
        let file = try timed("export pain.001") {
            try service.exportBatch(batch.id, format: .pain001, to: pain001, by: "budi")
        }
        let exportSeconds = monotonicSeconds() - total
        let size = (try? FileManager.default.attributesOfItem(atPath: pain001)[.size] as? Int) ?? 0

        // The bank's answer: 98 % settled, 1 % rejected (AM04), 1 % pending. Written outside the timing.
        let report = Self.statusReport(batchID: batch.id, lineIDs: file.lines.map(\.lineID))
        let reportPath = scratch.appendingPathComponent("status.xml").path
        try Data(report.utf8).write(to: URL(fileURLWithPath: reportPath))
        clock.now = WIBDateTime(iso: "2024-04-04T16:00:00+07:00")!
        let reconcileStart = monotonicSeconds()
        let outcome = try timed("reconcile pain.002 (validate + import)") {
            try service.reconcileBatch(batch.id, reportPath: reportPath, by: "budi")
        }
        let reconcileSeconds = monotonicSeconds() - reconcileStart

        print("\nbatch \(batch.id): \(batch.lineCount) lines, \(RupiahText.text(batch.total))")
        print(
            String(format: "pain.001: %.1f MB; pain.002: %.1f MB", Double(size) / 1e6, Double(report.utf8.count) / 1e6))
        print("reconciled: \(outcome.paid) paid, \(outcome.rejected) rejected, \(outcome.pending) pending")
        for (name, seconds) in timings {
            print(String(format: "  %-40@ %6.2f s", name as NSString, seconds))
        }
        let end = exportSeconds + reconcileSeconds
        print(
            String(
                format: "end to end (prepare + approve + export + reconcile): %.2f s (target < 10 s) %@", end,
                verdict(end < 10)))
    }

    /// `payouts due` over a year of monthly pensions: `pensioners` payable JP claims starting 2025-03-01, the run on
    /// 2026-02-15 creating their twelve months, then the run of the next month.
    func pensionCase(cluster: LocalCluster, paths: ProjectPaths, logger: Logger) throws {
        let connection = try Connection(cluster.conninfo(database: "bench_pensions"), logger: logger)
        try DatabaseTarget(conninfo: "", embedded: nil).migrate(connection, paths: paths, logger: logger)
        let clock = BenchClock(WIBDateTime(iso: "2026-02-15T11:00:00+07:00")!)
        let config = try PayoutConfig.load(paths: paths, on: clock.now.date)
        let service = PayoutService(
            connection: connection, paths: paths, config: config, clock: PayoutClock { clock.now }, logger: logger)
        let start = monotonicSeconds()
        try Self.insertPensionFixture(connection, pensioners: pensioners)
        print(
            String(
                format: "\npension fixture: %d pensioners (40 %% at the floor, 50 %% between the bounds, 10 %% child "
                    + "pensions shared by 2 children) in %.2f s (not timed)", pensioners, monotonicSeconds() - start))

        let yearStart = monotonicSeconds()
        let year = try service.createDueLines(on: CivilDate(iso: "2026-02-15")!, by: "bench-officer")
        let yearSeconds = monotonicSeconds() - yearStart
        clock.now = WIBDateTime(iso: "2026-03-15T11:00:00+07:00")!
        let monthStart = monotonicSeconds()
        let month = try service.createDueLines(on: CivilDate(iso: "2026-03-15")!, by: "bench-officer")
        let monthSeconds = monotonicSeconds() - monthStart
        let floor: Int64 = try connection.execute(
            """
            SELECT count(*) FROM payout_lines
            WHERE kind = 'pension_month' AND pension_month = '2026-03-01' AND amount = 411400
            """)[0, 0]
        print(
            String(
                format: "payouts due 2026-02-15 (a year, 2025-03 … 2026-02): %d lines in %.2f s (%.0f lines/s)",
                year.created, yearSeconds, Double(year.created) / yearSeconds))
        print(
            String(
                format: "payouts due 2026-03-15 (the next month, %d lines already issued): %d lines in %.2f s; "
                    + "%d at the 2026 floor Rp 411.400", year.created, month.created, monthSeconds, floor))
    }

    /// `pensioners` payable death and old-age claims with one `jp.monthly` line each from 2025-03-01: 40 % computed
    /// below the floor, 50 % between the bounds (old age), 10 % child pensions with two children under 23.
    static func insertPensionFixture(_ connection: Connection, pensioners: Int) throws {
        try connection.transaction { connection in
            try connection.execute(
                """
                INSERT INTO submissions (case_id, case_document, participant_nik, kpj, event_type, event_date,
                                         claim_date, submitted_by, submitted_at)
                SELECT 'PENSION-' || g,
                       json_build_object('participant', json_build_object('memberships',
                           json_build_array(json_build_object('kpj', (19000000000 + g)::text, 'segment', 'PU'))),
                           'heirs', CASE WHEN g % 10 = 0 THEN json_build_array(
                               json_build_object('nik', (3100000000000000 + g * 2)::text, 'relation', 'child',
                                                 'birth_date', '2008-05-05', 'bank_account', json_build_object(
                                                     'bank_bic', 'BRINIDJA', 'number', lpad(g::text, 12, '0'),
                                                     'holder', 'Anak ' || g)),
                               json_build_object('nik', (3100000000000001 + g * 2)::text, 'relation', 'child',
                                                 'birth_date', '2012-07-07', 'bank_account', json_build_object(
                                                     'bank_bic', 'BMRIIDJA', 'number', lpad(g::text, 11, '0'),
                                                     'holder', 'Adik ' || g)))
                           ELSE '[]'::json END),
                       (3200000000000000 + g)::text, (19000000000 + g)::text,
                       CASE WHEN g % 2 = 1 THEN 'old_age' ELSE 'death' END, '2025-02-10', '2025-02-20', 'bench',
                       '2025-02-20T10:00:00+07:00'
                FROM generate_series(1, \(pensioners)) g
                """)
            try connection.execute(
                """
                INSERT INTO claims (id, case_id, status, total, payable_now, result, computed_by)
                SELECT s.id, s.case_id, 'payable', 0, 0,
                       json_build_object('monthly_pension', json_build_object(
                           'amount', 0, 'start_month', '2025-03',
                           'recipient', CASE WHEN g % 10 = 0 THEN (3100000000000000 + g * 2)::text
                                             ELSE (3200000000000000 + g)::text END,
                           'kind', CASE WHEN g % 10 = 0 THEN 'child' WHEN g % 2 = 1 THEN 'old_age' ELSE 'widow' END)),
                       'bench'
                FROM submissions s, LATERAL (SELECT substr(s.case_id, 9)::bigint AS g) n
                """)
            try connection.execute(
                """
                INSERT INTO claim_lines (id, claim_id, position, program, item, amount, payee_role, payee_nik,
                                         bank_bic, bank_account_number, bank_account_holder, schedule, due, basis,
                                         formula, pension_computed)
                SELECT c.case_id || '/JP/jp.monthly', c.id, 0, 'JP', 'jp.monthly', greatest(v.computed, 399700),
                       CASE WHEN g % 2 = 1 THEN 'participant' ELSE 'jp_survivor' END, c.result->'monthly_pension'->>'recipient',
                       'BRINIDJA', lpad(g::text, 12, '0'), 'Penerima ' || g, 'monthly', '2025-03-01',
                       'PP 45/2015 Pasal 17-18', 'bench', v.computed
                FROM claims c, LATERAL (SELECT substr(c.case_id, 9)::bigint AS g) n,
                     LATERAL (SELECT CASE WHEN g % 2 = 1 THEN 500000 + (g * 7919) % 3000000
                                          ELSE 250000 + (g * 104729) % 140000 END AS computed) v
                """)
        }
    }

    /// 100,000 claim lines under 1,000 payable claims, inserted with set-based SQL.
    static func insertFixture(_ connection: Connection, lines: Int, perClaim: Int) throws {
        let claims = (lines + perClaim - 1) / perClaim
        try connection.transaction { connection in
            try connection.execute(
                """
                INSERT INTO submissions (case_id, case_document, participant_nik, kpj, event_type, event_date,
                                         claim_date, submitted_by, submitted_at)
                SELECT 'BENCH-' || g, '{"participant": {"memberships": []}}'::json, '1272010101850001',
                       (18000000000 + g)::text, 'death', '2024-03-01', '2024-04-03', 'bench',
                       '2024-04-03T10:00:00+07:00'
                FROM generate_series(1, \(claims)) g
                """)
            try connection.execute(
                """
                INSERT INTO claims (id, case_id, status, total, payable_now, result, computed_by)
                SELECT s.id, s.case_id, 'payable', 0, 0, '{}'::json, 'bench' FROM submissions s
                """)
            try connection.execute(
                """
                INSERT INTO claim_lines (id, claim_id, position, program, item, amount, payee_role, payee_nik,
                                         bank_bic, bank_account_number, bank_account_holder, schedule, due, basis,
                                         formula)
                SELECT c.case_id || '/JKM/jkm.death/' || p, c.id, p, CASE WHEN p % 3 = 0 THEN 'JKK' ELSE 'JKM' END,
                       'jkm.death', 20000000 + (c.id * 7919 + p * 104729) % 50000000, 'heirs', '1272014101870002',
                       (ARRAY['BRINIDJA', 'CENAIDJA', 'BMRIIDJA', 'BNINIDJA'])[1 + p % 4],
                       lpad(((c.id * 1000003 + p * 7) % 10000000000)::text, 12, '0'),
                       (ARRAY['Sari', 'Dewi Lestari, S.E.', 'José Müller', 'Andi — wali'])[1 + (c.id + p) % 4]
                           || ' ' || c.id, 'lump_sum', '2024-04-03', 'PP 82/2019', 'bench'
                FROM claims c, generate_series(0, \(perClaim - 1)) p
                WHERE (c.id - 1) * \(perClaim) + p < \(lines)
                """)
        }
    }

    static func statusReport(batchID: String, lineIDs: [String]) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
              <CstmrPmtStsRpt>
                <GrpHdr>
                  <MsgId>BNI-BENCH-1</MsgId>
                  <CreDtTm>2024-04-04T15:00:00+07:00</CreDtTm>
                </GrpHdr>
                <OrgnlGrpInfAndSts>
                  <OrgnlMsgId>SNT-\(batchID)</OrgnlMsgId>
                  <OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>
                  <GrpSts>PART</GrpSts>
                </OrgnlGrpInfAndSts>
                <OrgnlPmtInfAndSts>
                  <OrgnlPmtInfId>\(batchID)</OrgnlPmtInfId>

            """
        xml.reserveCapacity(lineIDs.count * 200)
        for (index, id) in lineIDs.enumerated() {
            let status = index % 100 == 0 ? "RJCT" : (index % 100 == 1 ? "PDNG" : "ACSC")
            xml +=
                "      <TxInfAndSts>\n        <OrgnlEndToEndId>\(id)</OrgnlEndToEndId>\n        <TxSts>\(status)</TxSts>\n"
            if status == "RJCT" {
                xml +=
                    "        <StsRsnInf>\n          <Rsn>\n            <Cd>AM04</Cd>\n          </Rsn>\n        </StsRsnInf>\n"
            }
            xml += "      </TxInfAndSts>\n"
        }
        xml += "    </OrgnlPmtInfAndSts>\n  </CstmrPmtStsRpt>\n</Document>\n"
        return xml
    }
}

/// A settable clock shared with the service's clock closure.
final class BenchClock: @unchecked Sendable {
    private let lock = NSLock()
    private var instant: WIBDateTime

    init(_ instant: WIBDateTime) { self.instant = instant }

    var now: WIBDateTime {
        get {
            lock.lock()
            defer { lock.unlock() }
            return instant
        }
        set {
            lock.lock()
            instant = newValue
            lock.unlock()
        }
    }
}
