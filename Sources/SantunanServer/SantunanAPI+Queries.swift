import ClaimStore
import OpenAPIRuntime
import SantunanApp
import SantunanValues

/// The read-only queries of the claims office and the auditors: a participant's summary (`participant show`) and
/// the ledger's balance at a date, trial balance and JHT statement (`ledger balance|trial-balance|statement`).
///
/// Each runs the same application-layer call as its CLI command, as the token's user: the database's rights decide
/// who may read what (docs/roles.md: an approver reads no participant table), so a refused read is the CLI's exit
/// 77 and 403 here. The ledger routes are moreover the auditors' only (``SantunanAPI/auditor``), and run
/// ``LedgerUseCases`` itself, so the two doors share one implementation and one fault mapping (issue 17).
extension SantunanAPI {
    func getParticipant(_ input: Operations.GetParticipant.Input) async throws -> Operations.GetParticipant.Output {
        let reference = input.path.participant
        // By KPJ or NIK only: a name in a URL would be personal data in every proxy's log.
        if case .name = ParticipantReference(reference) {
            throw AppError(.usage, field: "participant", reason: "is not a KPJ or a NIK (digits only)")
        }
        let profile = try await session(as: try user) { session throws(AppError) in
            try ClaimsUseCases(session).participant(reference)
        }
        return .ok(.init(body: .json(Self.participant(profile))))
    }

    func ledgerBalances(_ input: Operations.LedgerBalances.Input) async throws -> Operations.LedgerBalances.Output {
        let at = try Self.date(input.query.at, field: "at")?.description
        let account = input.query.account
        let view = try await ledger(as: try auditor) { ledger throws(AppError) in
            try ledger.balances(account: account, at: at)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        at: view.at,
                        accounts: view.accounts.map {
                            .init(
                                account: $0.account, _type: $0.type, debits: $0.debits, credits: $0.credits,
                                balance: $0.balance)
                        }))))
    }

    /// An unbalanced trial balance is an answer, not a failure: 200 with `balanced: false` (the CLI prints the
    /// table and then exits 65).
    func ledgerTrialBalance(_ input: Operations.LedgerTrialBalance.Input) async throws
        -> Operations.LedgerTrialBalance.Output
    {
        let at = try Self.date(input.query.at, field: "at")?.description
        let detail = input.query.detail == true
        let trial = try await ledger(as: try auditor) { ledger throws(AppError) in
            try ledger.trialBalance(at: at, detail: detail)
        }
        if detail {
            return .ok(
                .init(
                    body: .json(
                        .init(
                            at: trial.at,
                            accounts: trial.rows.map { .init(account: $0.name, debit: $0.debit, credit: $0.credit) },
                            totalDebit: trial.totalDebit, totalCredit: trial.totalCredit,
                            balanced: trial.isBalanced))))
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        at: trial.at,
                        classes: trial.rows.map {
                            .init(
                                accountClass: $0.name, _type: $0.type, accounts: $0.accounts, debit: $0.debit,
                                credit: $0.credit, accountsAgainstNormalSide: $0.accountsAgainstNormalSide)
                        }, totalDebit: trial.totalDebit, totalCredit: trial.totalCredit,
                        balanced: trial.isBalanced))))
    }

    /// A participant without a JHT account is not found (404, the CLI's exit 66), as on the CLI: an empty statement
    /// would read as a zero balance.
    func ledgerStatement(_ input: Operations.LedgerStatement.Input) async throws -> Operations.LedgerStatement.Output {
        let participant = input.path.participant
        if case .name = ParticipantReference(participant) {
            throw AppError(.usage, field: "participant", reason: "is not a KPJ or a NIK (digits only)")
        }
        let from = try Self.date(input.query.from, field: "from")?.description
        let to = try Self.date(input.query.to, field: "to")?.description
        let statement = try await ledger(as: try auditor) { ledger throws(AppError) in
            try ledger.statement(participant: participant, from: from, to: to)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        account: statement.account, from: statement.from, to: statement.to,
                        openingBalance: statement.openingBalance, contributions: statement.contributions,
                        development: statement.development, withdrawals: statement.withdrawals,
                        closingBalance: statement.closingBalance,
                        lines: statement.lines.map {
                            .init(
                                effectiveDate: $0.effectiveDate, category: $0.category,
                                transactionId: $0.transactionID, amount: $0.amount, balance: $0.balance,
                                memo: $0.memo)
                        }))))
    }

    /// Runs a ledger use case as `user`: ``LedgerUseCases``, the code of `santunan ledger …`, on a session borrowing
    /// the request's connection (already in the user's role), with the inputs named as the API names them.
    func ledger<T: Sendable>(as user: APIUser, _ body: @escaping @Sendable (LedgerUseCases) throws(AppError) -> T)
        async throws(AppError) -> T
    {
        try await session(as: user) { session throws(AppError) in try body(LedgerUseCases(session, optionPrefix: "")) }
    }

    /// Runs `body` as `user` on an ``AppSession`` borrowing the request's connection (already in the user's role),
    /// with the server's clock and the rule parameters it loaded at start: the use cases the CLI runs, at this door.
    func session<T: Sendable>(as user: APIUser, _ body: @escaping @Sendable (AppSession) throws(AppError) -> T)
        async throws(AppError) -> T
    {
        let environment = environment
        return try await environment.pool.withConnection(as: user) { connection throws(AppError) -> T in
            let session = AppSession(
                connection: connection, paths: environment.paths, clock: environment.clock, logger: environment.logger,
                parameters: environment.parameters)
            return try body(session)
        }
    }

    /// A date query parameter, or 400 naming it (the CLI's `--at: "…" is not a date (YYYY-MM-DD)`).
    static func date(_ text: String?, field: String) throws(AppError) -> CivilDate? {
        guard let text else { return nil }
        guard let date = CivilDate(iso: text) else {
            throw AppError(
                .usage, field: field, reason: "\"\(MessageText.escaped(text, limit: 20))\" is not a date (YYYY-MM-DD)")
        }
        return date
    }

    static func participant(_ profile: ParticipantProfile) -> Components.Schemas.Participant {
        .init(
            nik: profile.nik, name: profile.name, birthDate: profile.birthDate, sex: profile.sex,
            memberships: profile.memberships.map { m in
                .init(
                    kpj: m.kpj, segment: m.segment,
                    employer: .init(npp: m.employerNPP, name: m.employerName, kind: m.employerKind),
                    programs: m.programs, start: m.start, end: m.end,
                    sponsors: m.sponsorWindows.map {
                        .init(name: $0.sponsor, kind: $0.kind, from: $0.from, to: $0.to, programs: $0.programs)
                    },
                    contributions: .init(
                        months: m.months, paidMonths: m.paidMonths, lastPaidMonth: m.lastPaidMonth,
                        arrearsMonths: m.arrearsMonths, arrearsAmount: m.arrearsAmount))
            }, jhtBalance: profile.jhtBalance,
            claims: profile.claims.map { c in
                .init(
                    claimId: c.id, caseId: c.caseID, kpj: c.kpj, eventType: c.eventType, eventDate: c.eventDate,
                    status: c.status ?? "pending", total: c.total, payableNow: c.payableNow)
            })
    }
}
