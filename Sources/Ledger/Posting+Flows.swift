public import SantunanValues

/// A program and an amount: one program's share of a contribution, or of a claim's approved benefits.
public struct ProgramAmount: Hashable, Sendable {
    public var program: LedgerProgram
    public var amount: Int64

    public init(_ program: LedgerProgram, _ amount: Int64) {
        self.program = program
        self.amount = amount
    }
}

/// The postings of the flows that move money, one builder per flow. Each derives its idempotency key from the
/// flow's natural key, so the flow can retry (or be run twice) without posting twice. The builders know accounts
/// and amounts only; how much each program gets is the caller's (the rules') business.
extension Posting {
    /// A month's contribution of one participant became due (imported from the employer's report).
    ///
    /// Debits the employer's receivable with the total and credits each program's share: `FUND:JKK`, `FUND:JKM`,
    /// the participant's `JHT:<KPJ>` and `JP:<KPJ>`. Shares of zero are left out.
    /// Key: `contribution.due:<participant>:<month>`.
    ///
    /// - Parameters:
    ///   - employer: the employer's NPP.
    ///   - participant: the KPJ of the membership (or the NIK when there is none); names the individual accounts.
    ///   - nik: the participant's NIK, for the auditors' filter.
    ///   - month: the contribution month, `YYYY-MM`.
    public static func contributionDue(
        employer: String, participant: String, nik: String? = nil, month: String, effectiveDate: CivilDate,
        shares: [ProgramAmount], recordedBy: String
    ) -> Posting {
        let credits = shares.filter { $0.amount != 0 }.map {
            Entry.credit(.programAccount($0.program, participant: participant), $0.amount)
        }
        let total = shares.reduce(Int64(0)) { $0 + $1.amount }
        return Posting(
            idempotencyKey: "contribution.due:\(participant):\(month)", kind: .contributionDue,
            effectiveDate: effectiveDate, recordedBy: recordedBy,
            references: PostingReferences(participantNIK: nik, participantKPJ: participant, employerNPP: employer),
            memo: "contribution \(month)", entries: [.debit(.receivable(employer: employer), total)] + credits)
    }

    /// The employer's payment of one participant's month arrived at the bank: `BANK` against the receivable.
    /// Key: `contribution.paid:<participant>:<month>`.
    public static func contributionPaid(
        employer: String, participant: String, nik: String? = nil, month: String, amount: Int64, paidOn: CivilDate,
        recordedBy: String
    ) -> Posting {
        Posting(
            idempotencyKey: "contribution.paid:\(participant):\(month)", kind: .contributionPaid,
            effectiveDate: paidOn, recordedBy: recordedBy,
            references: PostingReferences(participantNIK: nik, participantKPJ: participant, employerNPP: employer),
            memo: "contribution \(month) paid",
            entries: [.debit(.bank, amount), .credit(.receivable(employer: employer), amount)])
    }

    /// A month's development (hasil pengembangan) credited to a participant's JHT or JP account.
    /// Key: `development.credited:<program>:<participant>:<month>`.
    ///
    /// - Parameters:
    ///   - program: `.jht` or `.jp`; the savings programs are the ones with individual accounts.
    ///   - rate: the rate and its basis as the memo cites them (`at <rate>`), e.g.
    ///     `jht.crediting_rate_bp 5,92 %/yr (…)`; the ledger stores the text, it does not read rules.
    public static func developmentCredited(
        program: LedgerProgram, participant: String, nik: String? = nil, month: String, amount: Int64,
        effectiveDate: CivilDate, recordedBy: String, rate: String? = nil
    ) -> Posting {
        Posting(
            idempotencyKey: "development.credited:\(program.rawValue):\(participant):\(month)",
            kind: .developmentCredited, effectiveDate: effectiveDate, recordedBy: recordedBy,
            references: PostingReferences(participantNIK: nik, participantKPJ: participant),
            memo: rate.map { "development \(month) at \($0)" } ?? "development \(month)",
            entries: [
                .debit(.development(program), amount),
                .credit(.programAccount(program, participant: participant), amount),
            ])
    }

    /// A claim was approved for payment: each program's account (JKK/JKM fund, the participant's JHT/JP account) is
    /// debited with its share and `PAYABLE:<claim id>` credited with the total. Key: `claim.approved:<claim id>`.
    ///
    /// - Parameter participant: the KPJ (or NIK) whose JHT/JP accounts pay the savings lines.
    public static func claimApproved(
        claimID: String, participant: String, nik: String? = nil, lines: [ProgramAmount], effectiveDate: CivilDate,
        recordedBy: String
    ) -> Posting {
        var byProgram: [LedgerProgram: Int64] = [:]
        for line in lines where line.amount != 0 {
            byProgram[line.program, default: 0] += line.amount
        }
        let debits = LedgerProgram.allCases.compactMap { program in
            byProgram[program].map { Entry.debit(.programAccount(program, participant: participant), $0) }
        }
        let total = byProgram.values.reduce(0, +)
        return Posting(
            idempotencyKey: "claim.approved:\(claimID)", kind: .claimApproved, effectiveDate: effectiveDate,
            recordedBy: recordedBy,
            references: PostingReferences(participantNIK: nik, participantKPJ: participant, claimID: claimID),
            entries: debits + [.credit(.payable(claim: claimID), total)])
    }

    /// One line of a claim approved for payment (when its payout batch is approved): the program's account is
    /// debited and `PAYABLE:<claim id>` credited. Key: `claim.approved:<claim id>:<claim line id>`, so a line
    /// rejected by the bank and released again in a later batch is approved once.
    public static func claimLineApproved(
        claimID: String, claimLineID: String, program: LedgerProgram, participant: String, nik: String? = nil,
        amount: Int64, effectiveDate: CivilDate, recordedBy: String
    ) -> Posting {
        Posting(
            idempotencyKey: "claim.approved:\(claimID):\(claimLineID)", kind: .claimApproved,
            effectiveDate: effectiveDate, recordedBy: recordedBy,
            references: PostingReferences(participantNIK: nik, participantKPJ: participant, claimID: claimID),
            memo: "claim line \(claimLineID)",
            entries: [
                .debit(.programAccount(program, participant: participant), amount),
                .credit(.payable(claim: claimID), amount),
            ])
    }

    /// A payout line was released to the bank in a batch (the batch was approved and exported):
    /// `PAYABLE:<claim>` against `CLEARING:<batch>`. Key: `payout.released:<batch>:<line>`.
    public static func payoutReleased(
        batchID: String, lineID: String, claimID: String, amount: Int64, effectiveDate: CivilDate,
        recordedBy: String
    ) -> Posting {
        Posting(
            idempotencyKey: "payout.released:\(batchID):\(lineID)", kind: .payoutReleased,
            effectiveDate: effectiveDate, recordedBy: recordedBy,
            references: PostingReferences(claimID: claimID, batchID: batchID), memo: "payout line \(lineID)",
            entries: [.debit(.payable(claim: claimID), amount), .credit(.clearing(batch: batchID), amount)])
    }

    /// The bank confirmed a released payout line paid (pain.002 accepted): `CLEARING:<batch>` against `BANK`.
    /// Key: `payout.paid:<batch>:<line>`.
    public static func payoutPaid(
        batchID: String, lineID: String, claimID: String, amount: Int64, effectiveDate: CivilDate,
        recordedBy: String
    ) -> Posting {
        Posting(
            idempotencyKey: "payout.paid:\(batchID):\(lineID)", kind: .payoutPaid, effectiveDate: effectiveDate,
            recordedBy: recordedBy, references: PostingReferences(claimID: claimID, batchID: batchID),
            memo: "payout line \(lineID)",
            entries: [.debit(.clearing(batch: batchID), amount), .credit(.bank, amount)])
    }

    /// The bank rejected a released payout line (pain.002 rejected): the reversal of
    /// ``payoutReleased(batchID:lineID:claimID:amount:effectiveDate:recordedBy:)``, so the amount is payable on the
    /// claim again and can go into a later batch. Never an edit. Key: `payout.rejected:<batch>:<line>`.
    public static func payoutRejected(
        batchID: String, lineID: String, claimID: String, amount: Int64, effectiveDate: CivilDate,
        recordedBy: String
    ) -> Posting {
        let released = payoutReleased(
            batchID: batchID, lineID: lineID, claimID: claimID, amount: amount, effectiveDate: effectiveDate,
            recordedBy: recordedBy)
        return released.reversal(
            idempotencyKey: "payout.rejected:\(batchID):\(lineID)", kind: .payoutRejected,
            effectiveDate: effectiveDate, recordedBy: recordedBy, memo: "payout line \(lineID) rejected")
    }

    /// Santunan left unclaimed on a claim moved to the Dana Jaminan Sosial: `PAYABLE:<claim>` against
    /// `DJS:UNCLAIMED`. Key: `unclaimed.transferred:<claim>`.
    public static func unclaimedTransferred(
        claimID: String, amount: Int64, effectiveDate: CivilDate, recordedBy: String
    ) -> Posting {
        Posting(
            idempotencyKey: "unclaimed.transferred:\(claimID)", kind: .unclaimedTransferred,
            effectiveDate: effectiveDate, recordedBy: recordedBy, references: PostingReferences(claimID: claimID),
            entries: [.debit(.payable(claim: claimID), amount), .credit(.unclaimedSantunan, amount)])
    }
}
