public import Ledger
public import Payouts
public import Postgres

#if canImport(Glibc)
    import Glibc
#endif

/// Posts the payout flow to the ledger through the builders of `Ledger`, inside the payout command's transaction.
///
/// To wire it, `PayoutLedgerWiring.hook()` returns `LedgerPayoutHook()` instead of `NoLedgerPostings()`.
///
/// | payout event | postings |
/// |---|---|
/// | batch approved | per line: the claim line approved for payment (program account → `PAYABLE:<claim>`), then released to the bank (`PAYABLE:<claim>` → `CLEARING:<batch>`) |
/// | line paid (ACSC) | `CLEARING:<batch>` → `BANK` |
/// | line rejected (RJCT) | the reversal of the line's release: payable again, for a later batch |
///
/// Every posting's key derives from the batch and line ids, so a retried command posts each once; a line rejected
/// and put into a later batch is approved for payment once and released once per batch.
public struct LedgerPayoutHook: PayoutLedgerHook {
    /// The effective date of a rejection, which the bank's status report does not date: today in WIB.
    let today: @Sendable () -> LedgerDate

    public init(today: @escaping @Sendable () -> LedgerDate = { LedgerClock.todayInWIB() }) {
        self.today = today
    }

    public func batchApproved(_ batch: BatchSummary, lines: [PostedLine], on connection: Connection) throws {
        let user = try Self.actor(claiming: batch.decidedBy ?? batch.preparedBy, on: connection)
        let day = batch.decidedAt.flatMap { LedgerDate(iso: $0.date.description) } ?? today()
        // What a line pays (`claim_line:…`, `installment:<line>:<seq>`, `pension:<line>:<month>`) is the same for a
        // re-payment of a rejected line, so the approval for payment is posted once per obligation, while the
        // scholarship instalments of one claim line are each approved once.
        var obligations: [String: String] = [:]
        let sources = try connection.execute(
            "SELECT id, source_key FROM payout_lines WHERE id = ANY(string_to_array(\(lines.map(\.lineID).joined(separator: ",")), ','))"
        )
        for row in sources {
            obligations[try row.decode(String.self, column: 0)] = try row.decode(String.self, column: 1)
        }
        for line in lines {
            try Ledger.post(
                .claimLineApproved(
                    claimID: line.caseID, claimLineID: obligations[line.lineID] ?? line.claimLineID,
                    program: Self.program(line.program),
                    participant: Self.participant(line), nik: line.payeeNIK, amount: line.amount,
                    effectiveDate: day, recordedBy: user),
                on: connection)
            try Ledger.post(
                .payoutReleased(
                    batchID: batch.id, lineID: line.lineID, claimID: line.caseID, amount: line.amount,
                    effectiveDate: day, recordedBy: user),
                on: connection)
        }
    }

    public func linePaid(_ line: PostedLine, batchID: String, paidOn: BankDate, on connection: Connection) throws {
        try Ledger.post(
            .payoutPaid(
                batchID: batchID, lineID: line.lineID, claimID: line.caseID, amount: line.amount,
                effectiveDate: LedgerDate(iso: paidOn.description) ?? today(),
                recordedBy: try Self.actor(claiming: "bank", on: connection)),
            on: connection)
    }

    public func lineRejected(_ line: PostedLine, batchID: String, reasonCode: String, on connection: Connection)
        throws
    {
        var posting = Posting.payoutRejected(
            batchID: batchID, lineID: line.lineID, claimID: line.caseID, amount: line.amount,
            effectiveDate: today(), recordedBy: try Self.actor(claiming: "bank", on: connection))
        posting.memo = "payout line \(line.lineID) rejected (\(reasonCode))"
        try Ledger.post(posting, on: connection)
    }

    /// The name a posting claims as its actor. The ledger records the login of a personal login whatever is claimed
    /// and refuses another name (Schema/0008 `santunan_actor`, Schema/0011), so for a personal login the hook claims
    /// the login; in the single-user set-up (owner or superuser connection) it claims `name`: the decider of the
    /// batch, or `bank` for what the bank's report settled, as before.
    static func actor(claiming name: String, on connection: Connection) throws -> String {
        let result = try connection.execute(
            "SELECT CASE WHEN santunan_single_user() THEN NULL ELSE session_user::text END")
        return (try result[0, 0] as String?) ?? name
    }

    static func program(_ program: PayoutProgram) -> LedgerProgram {
        switch program {
        case .jkk: .jkk
        case .jkm: .jkm
        case .jht: .jht
        case .jp: .jp
        }
    }

    /// The individual account's subject: the KPJ, else the payee's NIK, else the case.
    static func participant(_ line: PostedLine) -> String {
        line.kpj ?? line.payeeNIK ?? line.caseID
    }
}

/// Today's date for postings the flows do not date themselves.
public enum LedgerClock {
    /// Today in Western Indonesia Time (UTC+7), where the fund's books are kept.
    public static func todayInWIB() -> LedgerDate {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let days = Int((Int64(now.tv_sec) + 7 * 3600) / 86_400)
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return LedgerDate(year: year, month: month, day: day)!
    }
}
