import Foundation
import Logging
import Payouts
import Postgres
import SantunanApp
import SantunanTestSupport
import SantunanValues
import Testing

/// The repository root (for `Schema/`, `config/` and `schemas/`).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

let projectPaths = ProjectPaths(root: repositoryRoot)
let testLogger = TestLogging.logger("santunan.payouts-tests")

/// `2024-04-03T10:00:00+07:00` style instants.
func instant(_ text: String) -> WIBDateTime {
    guard let value = WIBDateTime(iso: text) else { fatalError("bad instant \(text)") }
    return value
}

func day(_ text: String) -> CivilDate {
    guard let value = CivilDate(iso: text) else { fatalError("bad date \(text)") }
    return value
}

/// The configured payout settings (holidays 2024–2026, the sample debtor account).
func payoutConfig() throws -> PayoutConfig {
    try PayoutConfig.load(paths: projectPaths, on: day("2024-04-01"))
}

/// A fresh, migrated database of the shared test cluster, and its conninfo.
func migratedDatabase() throws -> (Connection, String) {
    let conninfo = try TestDatabase.shared.migratedDatabase()
    return (try Connection(conninfo, logger: testLogger), conninfo)
}

/// A clock the test moves.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: WIBDateTime

    init(_ start: String) { current = instant(start) }

    var now: WIBDateTime {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func set(_ text: String) {
        lock.lock()
        current = instant(text)
        lock.unlock()
    }

    var payoutClock: PayoutClock { PayoutClock { [self] in self.now } }
}

/// A payout service on `connection` reading `clock`.
func service(_ connection: Connection, clock: TestClock) throws -> PayoutService {
    PayoutService(
        connection: connection, paths: projectPaths, config: try payoutConfig(), clock: clock.payoutClock,
        logger: testLogger)
}

/// A claim line for a fixture claim.
struct FixtureLine {
    var program = "JKK"
    var item = "jkk.death"
    var amount: Int64
    var payeeRole = "heirs"
    var payeeNIK: String? = "1272014101870002"
    var bic: String? = "BRINIDJA"
    var account: String? = "012345678901"
    var holder: String? = "Sari"
    var schedule = "lump_sum"
    var due = "2024-04-03"
    var installments: [(due: String, amount: Int64)] = []
}

/// Inserts a payable claim (submission, claim, lines, status history) the way the queue would, and returns its id.
///
/// - Parameter completeAt: when the submission arrived complete (the SLA clock starts on its WIB date).
@discardableResult
func insertClaim(
    _ connection: Connection, caseID: String, kpj: String = "18012345678", segment: String = "PU",
    eventType: String = "work_accident_death", completeAt: String = "2024-04-03T10:00:00+07:00",
    lines: [FixtureLine]
) throws -> Int64 {
    let document =
        #"{"case_id": "\#(caseID)", "participant": {"memberships": [{"kpj": "\#(kpj)", "segment": "\#(segment)"}]}}"#
    let submitted = instant(completeAt).unixSeconds
    let id: Int64 = try connection.execute(
        """
        INSERT INTO submissions (case_id, case_document, participant_nik, kpj, event_type, event_date, claim_date,
                                 submitted_by, submitted_at)
        VALUES (\(caseID), \(document)::json, '1272010101850001', \(kpj), \(eventType), '2024-03-01', '2024-04-03',
                'officer', to_timestamp(\(submitted)))
        RETURNING id
        """)[0, 0]
    let total = lines.reduce(Int64(0)) { $0 + $1.amount }
    try connection.execute(
        """
        INSERT INTO claims (id, case_id, status, total, payable_now, result, computed_by, computed_at)
        VALUES (\(id), \(caseID), 'payable', \(total), \(total), '{}'::json, 'worker-1', to_timestamp(\(submitted + 60)))
        """)
    try connection.execute(
        """
        INSERT INTO claim_status_history (claim_id, status, changed_by, changed_at)
        VALUES (\(id), 'submitted', 'officer', to_timestamp(\(submitted))),
               (\(id), 'payable', 'worker-1', to_timestamp(\(submitted + 60)))
        """)
    for (position, line) in lines.enumerated() {
        let lineID = "\(caseID)/\(line.program)/\(line.item)"
        try connection.execute(
            """
            INSERT INTO claim_lines (id, claim_id, position, program, item, amount, payee_role, payee_nik, bank_bic,
                                     bank_account_number, bank_account_holder, schedule, due, basis, formula)
            VALUES (\(lineID), \(id), \(position), \(line.program), \(line.item), \(line.amount), \(line.payeeRole),
                    \(line.payeeNIK), \(line.bic), \(line.account), \(line.holder), \(line.schedule), \(line.due)::date,
                    'PP 82/2019', 'fixture')
            """)
        for (seq, installment) in line.installments.enumerated() {
            try connection.execute(
                """
                INSERT INTO claim_installments (line_id, seq, due, level, amount)
                VALUES (\(lineID), \(seq), \(installment.due)::date, 'SD', \(installment.amount))
                """)
        }
    }
    return id
}

/// Validates FILE against SCHEMA (both relative to the repository root) in process, with the validator the
/// application uses (libxml2, ``XMLSchema``); returns 0 when the file validates and 65 otherwise, as `xmllint` did.
func schemaValidation(schema: String, file: String) throws -> Int32 {
    let xsd = try XMLSchema.load(path: repositoryRoot.appendingPathComponent(schema).path)
    let path = file.hasPrefix("/") ? file : repositoryRoot.appendingPathComponent(file).path
    let bytes = try #require(FileManager.default.contents(atPath: path))
    do {
        try xsd.validate(Array(bytes), field: file)
        return 0
    } catch {
        return 65
    }
}

/// A transaction status in a pain.002 fixture.
struct FixtureStatus {
    var lineID: String
    var status: String
    var reason: String? = nil
    var amount: Int64? = nil
    var acceptedAt: String? = nil
}

/// A pain.002.001.03 report (element order of the XSD); created by default on the day the fixtures' batches are
/// approved, so a settlement dated by `CreDtTm` lies within the batch's life.
func statusReport(
    messageID: String, batchID: String, groupStatus: String? = "PART", paymentStatus: String? = nil,
    created: String = "2024-04-03T15:00:00+07:00", transactions: [FixtureStatus]
) -> String {
    var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
          <CstmrPmtStsRpt>
            <GrpHdr>
              <MsgId>\(messageID)</MsgId>
              <CreDtTm>\(created)</CreDtTm>
            </GrpHdr>
            <OrgnlGrpInfAndSts>
              <OrgnlMsgId>SNT-\(batchID)</OrgnlMsgId>
              <OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>

        """
    if let groupStatus { xml += "      <GrpSts>\(groupStatus)</GrpSts>\n" }
    xml += "    </OrgnlGrpInfAndSts>\n    <OrgnlPmtInfAndSts>\n      <OrgnlPmtInfId>\(batchID)</OrgnlPmtInfId>\n"
    if let paymentStatus { xml += "      <PmtInfSts>\(paymentStatus)</PmtInfSts>\n" }
    for tx in transactions {
        xml += "      <TxInfAndSts>\n        <OrgnlEndToEndId>\(tx.lineID)</OrgnlEndToEndId>\n"
        xml += "        <TxSts>\(tx.status)</TxSts>\n"
        if let reason = tx.reason {
            xml += "        <StsRsnInf>\n          <Rsn>\n            <Cd>\(reason)</Cd>\n          </Rsn>\n"
            xml += "          <AddtlInf>fixture reason</AddtlInf>\n        </StsRsnInf>\n"
        }
        if let accepted = tx.acceptedAt { xml += "        <AccptncDtTm>\(accepted)</AccptncDtTm>\n" }
        if let amount = tx.amount {
            xml += "        <OrgnlTxRef>\n          <Amt>\n            <InstdAmt Ccy=\"IDR\">\(amount)</InstdAmt>\n"
            xml += "          </Amt>\n        </OrgnlTxRef>\n"
        }
        xml += "      </TxInfAndSts>\n"
    }
    xml += "    </OrgnlPmtInfAndSts>\n  </CstmrPmtStsRpt>\n</Document>\n"
    return xml
}

/// Writes `text` to a new temporary file and returns its path.
func temporaryFile(_ text: String, suffix: String = ".xml") throws -> String {
    let directory = try ScratchDirectory(prefix: "santunan-payouts-")
    let url = directory.url.appendingPathComponent("file" + suffix)
    try Data(text.utf8).write(to: url)
    return url.path
}

/// A scratch path for an output file.
func scratchPath(_ name: String) throws -> String {
    try ScratchDirectory(prefix: "santunan-payouts-").url.appendingPathComponent(name).path
}

/// Runs the built `santunan` binary from the repository root (SantunanTestSupport's runner).
func runSantunan(_ arguments: [String], environment: [String: String] = [:]) throws -> (
    status: Int32, stdout: String, stderr: String
) {
    let outcome = try CLIRunner(environment: environment).run(arguments)
    return (outcome.status, outcome.stdout, outcome.stderr)
}
