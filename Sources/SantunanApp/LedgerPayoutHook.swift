import Ledger
public import Payouts
public import Postgres
public import SantunanValues

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
    let today: @Sendable () -> CivilDate

    public init(today: @escaping @Sendable () -> CivilDate = { LedgerClock.todayInWIB() }) {
        self.today = today
    }

    public func batchApproved(_ batch: BatchSummary, lines: [PostedLine], on connection: Connection) throws {
        let user = try Self.actor(claiming: batch.decidedBy ?? batch.preparedBy, on: connection)
        let day = batch.decidedAt?.date ?? today()
        // What a line pays (`claim_line:…`, `installment:<line>:<seq>`, `pension:<line>:<month>`) is the same for a
        // re-payment of a rejected line, so the approval for payment is posted once per obligation, while the
        // scholarship instalments of one claim line are each approved once.
        let obligations = try PostedLine.sourceKeys(of: lines, on: connection)
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

    public func linePaid(_ line: PostedLine, batchID: String, paidOn: CivilDate, on connection: Connection) throws {
        try Ledger.post(
            .payoutPaid(
                batchID: batchID, lineID: line.lineID, claimID: line.caseID, amount: line.amount,
                effectiveDate: paidOn,
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
        try Ledger.actor(claiming: name, on: connection)
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
    public static func todayInWIB() -> CivilDate {
        WIBDateTime.now().date
    }
}
