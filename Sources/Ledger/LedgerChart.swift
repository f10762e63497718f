public import Checksum
public import Postgres

extension VerificationReport {
    /// Adds a failure found after the lanes were merged (the chart, a checkpoint), keeping the first one first.
    public mutating func record(_ failure: VerificationFailure) {
        if let current = self.failure,
            (current.transactionID, current.lane) <= (failure.transactionID, failure.lane)
        {
            failedLanes += 1
            return
        }
        self.failure = failure
        failedLanes += 1
    }
}

/// Checks the chart of accounts (Schema/0005): the account classes form a hash chain like a lane's records (their
/// type and normal side decide every balance), and each account row is the one its code names (class = the part
/// before ':', subject = the rest), and every entry's account is in the chart.
enum ChartVerifier {
    /// Runs in the connection's current (snapshot) transaction; also fills in the installation and the time.
    static func check(_ connection: Connection, into report: inout VerificationReport) throws {
        let facts = try connection.execute(
            """
            SELECT santunan_installation_id(),
                to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                (SELECT last_seq FROM ledger_chart_head), (SELECT last_hash FROM ledger_chart_head)
            """)
        report.installationID = (try facts[0, 0] as String?) ?? ""
        report.takenAt = try facts[0, 1]
        guard let headPosition: Int64 = try facts[0, 2], let headBytes: [UInt8] = try facts[0, 3],
            let headHash = SHA256Digest(bytes: headBytes)
        else {
            report.record(
                VerificationFailure(
                    record: "chart", lane: VerificationFailure.chartLane, position: 0, transactionID: Int64.max,
                    reason: "ledger_chart_head has no row (deleted?): the chart's end cannot be checked"))
            return
        }
        report.chartHead = ChainHead(position: headPosition, hash: headHash)

        let classes = try connection.execute(
            """
            SELECT chart_seq, prefix, account_type, normal_side::text, program,
                CASE WHEN opened_on_demand THEN 't' ELSE 'f' END, parent, description, hash
            FROM ledger_account_class ORDER BY chart_seq
            """)
        var previous = SHA256Digest.zero
        var expected: Int64 = 1
        for row in classes {
            let position: Int64 = (try row[0] as Int64?) ?? 0
            let prefix: String = try row[1]
            func field(_ value: String?) -> String {
                guard let value else { return "-" }
                return "\(value.utf8.count):\(value)"
            }
            let text =
                "K|\(position)|\(field(prefix))|\(field(try row[2] as String))|\(try row[3] as String)"
                + "|\(field(try row[4] as String?))|\(try row[5] as String)|\(field(try row[6] as String?))"
                + "|\(field(try row[7] as String))"
            guard position == expected else {
                report.record(
                    VerificationFailure(
                        record: "account class \(prefix)", lane: VerificationFailure.chartLane, position: position,
                        transactionID: Int64.max,
                        reason: position > expected
                            ? "the class before it (position \(expected)) is missing: deleted?"
                            : "position \(position) appears twice or is not set"))
                return
            }
            let computed = SHA256.hash(previous.bytes + Array(text.utf8))
            guard let stored: [UInt8] = try row[8], SHA256Digest(bytes: stored) == computed else {
                report.record(
                    VerificationFailure(
                        record: "account class \(prefix)", lane: VerificationFailure.chartLane, position: position,
                        transactionID: Int64.max,
                        reason: "its hash does not match sha256(previous hash ‖ its canonical text): the class "
                            + "(type, normal side, ...) or the one before it was changed"))
                return
            }
            previous = computed
            expected += 1
        }
        if expected - 1 != headPosition || previous != headHash {
            report.record(
                VerificationFailure(
                    record: "chart", lane: VerificationFailure.chartLane, position: expected - 1,
                    transactionID: Int64.max,
                    reason: expected - 1 < headPosition
                        ? "the chart ends at position \(expected - 1) but its head records \(headPosition): "
                            + "classes at the end are missing"
                        : "the chart's last hash does not match its head (\(headPosition))"))
            return
        }

        // An account row is a function of its code; the code may be personal data (JHT:<KPJ>), so only its class
        // is named.
        let accounts = try connection.execute(
            """
            SELECT split_part(a.code, ':', 1), count(*) OVER ()
            FROM ledger_account AS a LEFT JOIN ledger_account_class AS c ON c.prefix = a.class
            WHERE c.prefix IS NULL OR a.class IS DISTINCT FROM split_part(a.code, ':', 1)
                OR a.subject IS DISTINCT FROM nullif(substr(a.code, length(split_part(a.code, ':', 1)) + 2), '')
            ORDER BY a.code LIMIT 1
            """)
        if accounts.rowCount > 0 {
            let prefix: String = try accounts[0, 0]
            let count: Int64 = try accounts[0, 1]
            report.record(
                VerificationFailure(
                    record: "an account of class \(prefix)", lane: VerificationFailure.chartLane, position: 0,
                    transactionID: Int64.max,
                    reason: "its class or subject is not the one its code names (\(count) such accounts)"))
            return
        }
        let orphans = try connection.execute(
            """
            SELECT e.id FROM ledger_entry AS e
            WHERE NOT EXISTS (SELECT 1 FROM ledger_account AS a WHERE a.code = e.account)
            ORDER BY e.id LIMIT 1
            """)
        if orphans.rowCount > 0 {
            let id: Int64 = try orphans[0, 0]
            report.record(
                VerificationFailure(
                    record: "entry \(id)", lane: VerificationFailure.chartLane, position: 0, transactionID: Int64.max,
                    reason: "its account is not in the chart of accounts (deleted?): its amount counts in no balance"))
        }
    }
}
