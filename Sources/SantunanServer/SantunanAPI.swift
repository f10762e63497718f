import BenefitRules
import ClaimStore
import Foundation
import HeirQueue
import Logging
import OpenAPIRuntime
import Payouts
import Postgres
import SantunanApp
import SantunanValues

/// The operations of openapi/santunan.yaml, each calling the use case the CLI command of the same name calls.
///
/// Nothing here decides a rule: who may do what is the database role of the token's user (SET ROLE, docs/roles.md),
/// maker–checker is `Batches.decide` and the database's trigger, a case's validity is the rules core's. Failures are
/// thrown as ``AppError`` and become problem+json in ``ServiceMiddleware``.
struct SantunanAPI: APIProtocol {
    let environment: ServiceEnvironment

    var scope: RequestScope {
        get throws {
            guard let scope = RequestScope.current else {
                throw AppError(.internalError, field: "request", reason: "no request scope")
            }
            return scope
        }
    }

    var user: APIUser {
        get throws {
            guard let user = try scope.user else {
                throw Problem(
                    status: 401, field: "Authorization", reason: "a bearer token is required",
                    exitStatus: .permissionDenied)
            }
            return user
        }
    }

    /// The token's user when they are an auditor, else 403 (the CLI's exit 77).
    ///
    /// The ledger's queries are the auditors' resources (issue 21). The database alone would not refuse them to an
    /// officer or an approver: both roles read the ledger tables because their flows post to it (Schema/0005), so
    /// the API narrows its ledger routes to the auditor role here; it never widens what the role may do.
    var auditor: APIUser {
        get throws {
            let user = try user
            guard user.role == .auditor else {
                throw Problem(
                    status: 403, field: "Authorization",
                    reason: "the ledger's queries are for auditors; user \(user.name) is an \(user.role.rawValue)",
                    exitStatus: .permissionDenied)
            }
            return user
        }
    }

    // MARK: - Health

    func healthz(_ input: Operations.Healthz.Input) async throws -> Operations.Healthz.Output {
        .ok(.init(body: .json(.init(status: "up"))))
    }

    func readyz(_ input: Operations.Readyz.Input) async throws -> Operations.Readyz.Output {
        let expected = (try? FileManager.default.contentsOfDirectory(atPath: environment.paths.schema.path))?
            .filter { $0.hasSuffix(".sql") }.count ?? 0
        let applied = try await environment.pool.withConnection { connection throws(AppError) -> Int in
            try DatabaseTarget.appliedMigrations(on: connection)
        }
        guard applied >= expected else {
            throw AppError(
                .databaseUnavailable, field: "schema_migrations",
                reason: "\(applied) of \(expected) migrations applied; run santunan db migrate")
        }
        return .ok(.init(body: .json(.init(status: "ready", migrations: applied))))
    }

    // MARK: - Claims

    /// The generated form of `POST /v1/claims/compute`; the server registers ``computeRaw()`` in its place
    /// (``RawCaseBodies``). Both compute with ``computedClaim(_:)``.
    func computeClaim(_ input: Operations.ComputeClaim.Input) async throws -> Operations.ComputeClaim.Output {
        .ok(.init(body: .json(try Self.object(try computedClaim(try scope.body)))))
    }

    /// The generated form of `POST /v1/claims`; the server registers ``submitRaw(_:)`` in its place. Both submit
    /// with ``submission(_:key:)``.
    func submitClaim(_ input: Operations.SubmitClaim.Input) async throws -> Operations.SubmitClaim.Output {
        let receipt = try await submission(try scope.body, key: input.headers.idempotencyKey)
        return .accepted(
            .init(
                headers: .init(location: "/v1/claims/\(receipt.submissionID)"),
                body: .json(
                    .init(submissionId: receipt.submissionID, caseId: receipt.caseID, created: receipt.created))))
    }

    /// A case's claim, computed as `claim compute` computes it, as its JSON document.
    func computedClaim(_ bytes: [UInt8]) throws -> [UInt8] {
        let claim = try ClaimFiles.parseCase(bytes, today: ClaimFiles.today(environment.clock))
        return try ClaimFiles.compute(claim, with: environment.calculator).jsonBytes()
    }

    /// Submits a case as the token's user, as `claim submit` does, idempotent by `key` as well as by case_id: the case
    /// is validated here, then stored with the submissions arriving at the same time (``SubmissionBatcher``).
    func submission(_ bytes: [UInt8], key: String?) async throws -> Receipt {
        let user = try user
        let submission = try SubmissionService.validated(
            caseBytes: bytes, user: user.name, calculator: environment.calculator)
        let outcome = try await environment.submissions.submit(
            submission, user: user, key: key, requestHash: APIUsers.hash(String(decoding: bytes, as: UTF8.self)))
        guard let receipt = outcome else {
            throw Problem(
                status: 409, field: "Idempotency-Key",
                reason: "was used before with another request body; use a new key for a new request",
                exitStatus: .invalidData)
        }
        return receipt
    }

    func getClaim(_ input: Operations.GetClaim.Input) async throws -> Operations.GetClaim.Output {
        let reference = input.path.reference
        let view = try await environment.pool.withConnection(as: try user) { connection throws(AppError) in
            try SubmissionService.show(reference: reference, on: connection)
        }
        let summary = view.summary
        var result: Components.Schemas.ClaimResult?
        var missing: [String] = []
        if let text = view.resultJSON {
            result = try Self.object(Array(text.utf8))
            if summary.status == "incomplete",
                let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                let reasons = object["reasons"] as? [String]
            {
                missing = reasons
            }
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        submissionId: summary.id, caseId: summary.caseID, eventType: summary.eventType,
                        eventDate: summary.eventDate, submittedBy: summary.submittedBy,
                        submittedAt: summary.submittedAt, status: summary.status, jobState: summary.jobState,
                        total: summary.total, payableNow: summary.payableNow, missingDocuments: missing,
                        result: result,
                        payouts: view.payouts?.map { .init(status: $0.status, lines: $0.lines, amount: $0.amount) },
                        history: view.history.map {
                            .init(status: $0.status, note: $0.note, changedBy: $0.changedBy, changedAt: $0.changedAt)
                        }))))
    }

    func addDocuments(_ input: Operations.AddDocuments.Input) async throws -> Operations.AddDocuments.Output {
        let user = try user
        let reference = input.path.reference
        guard case .json(let request) = input.body else { throw AppError(.usage, field: "body", reason: "JSON") }
        let receipt = try await environment.pool.withConnection(as: user) { connection throws(AppError) in
            try SubmissionService.addDocuments(
                reference: reference, documents: request.documents, heirNIK: request.heirNik, user: user.name,
                queue: JobQueue(), on: connection)
        }
        return .ok(
            .init(
                body: .json(
                    .init(submissionId: receipt.submissionID, added: receipt.added, requeued: receipt.requeued))))
    }

    // MARK: - Payouts

    func createDueLines(_ input: Operations.CreateDueLines.Input) async throws -> Operations.CreateDueLines.Output {
        let user = try user
        guard case .json(let request) = input.body else { throw AppError(.usage, field: "body", reason: "JSON") }
        guard let day = CivilDate(iso: request.on) else {
            throw AppError(.usage, field: "on", reason: "\"\(request.on)\" is not a date (YYYY-MM-DD)")
        }
        let outcome = try await payouts(as: user) { service throws(AppError) in
            try service.createDueLines(on: day, by: user.name)
        }
        return .ok(
            .init(body: .json(.init(created: outcome.created, awaitingBankDetails: outcome.awaitingBankDetails))))
    }

    func listBatches(_ input: Operations.ListBatches.Input) async throws -> Operations.ListBatches.Output {
        let batches = try await payouts(as: try user) { service throws(AppError) in try service.batches() }
        return .ok(.init(body: .json(batches.map(Self.batch))))
    }

    func getBatch(_ input: Operations.GetBatch.Input) async throws -> Operations.GetBatch.Output {
        let id = input.path.batchID
        let batch = try await payouts(as: try user) { service throws(AppError) in try service.batch(id) }
        return .ok(.init(body: .json(Self.batch(batch))))
    }

    func prepareBatch(_ input: Operations.PrepareBatch.Input) async throws -> Operations.PrepareBatch.Output {
        let user = try user
        var request = Components.Schemas.PrepareRequest()
        if case .json(let body) = input.body { request = body }
        var chosen: PayoutProgram?
        if let name = request.program {
            guard let known = PayoutProgram(rawValue: name) else {
                throw AppError(.usage, field: "program", reason: "\"\(name)\" is not a payout program")
            }
            chosen = known
        }
        let program = chosen
        let maxLines = request.maxLines
        // The document's bounds (the generated code checks types, not ranges): a larger count overflowed the
        // database function's integer (SQLSTATE 22003, a 500 schemathesis found).
        if let maxLines, !(1...100_000).contains(maxLines) {
            throw AppError(.usage, field: "max_lines", reason: "\(maxLines) is not between 1 and 100000")
        }
        let prepared = try await payouts(as: user) { service throws(AppError) in
            try service.prepareBatch(by: user.name, program: program, maxLines: maxLines)
        }
        guard let prepared else { return .noContent(.init()) }
        return .created(.init(body: .json(Self.batch(prepared))))
    }

    func approveBatch(_ input: Operations.ApproveBatch.Input) async throws -> Operations.ApproveBatch.Output {
        let user = try user
        let id = input.path.batchID
        let batch = try await payouts(as: user) { service throws(AppError) in
            try service.approveBatch(id, by: user.name)
        }
        return .ok(.init(body: .json(Self.batch(batch))))
    }

    func rejectBatch(_ input: Operations.RejectBatch.Input) async throws -> Operations.RejectBatch.Output {
        let user = try user
        let id = input.path.batchID
        guard case .json(let request) = input.body else { throw AppError(.usage, field: "body", reason: "JSON") }
        let batch = try await payouts(as: user) { service throws(AppError) in
            try service.rejectBatch(id, by: user.name, reason: request.reason)
        }
        return .ok(.init(body: .json(Self.batch(batch))))
    }

    func exportBatch(_ input: Operations.ExportBatch.Input) async throws -> Operations.ExportBatch.Output {
        let user = try user
        let id = input.path.batchID
        let format: Batches.ExportFormat = input.path.format == .pain001 ? .pain001 : .csv
        let bytes = try await payouts(as: user) { service throws(AppError) in
            try service.exportBatch(id, format: format, by: user.name)
        }
        let body = HTTPBody(bytes)
        return .ok(.init(body: format == .pain001 ? .xml(body) : .csv(body)))
    }

    /// The pain.002 upload: the body is written to a private temporary file and imported by the use case of
    /// `santunan batch reconcile`, which validates it against the XSD (xmllint reads a file) first.
    func reconcileBatch(_ input: Operations.ReconcileBatch.Input) async throws -> Operations.ReconcileBatch.Output {
        let user = try user
        let id = input.path.batchID
        let bytes = try scope.body
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("santunan-pain002-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pain.002.xml")
        try Data(bytes).write(to: file)
        let path = file.path
        let outcome = try await payouts(as: user) { service throws(AppError) in
            try service.reconcileBatch(id, reportPath: path, by: user.name)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        reportId: outcome.reportID, alreadyImported: outcome.alreadyImported, paid: outcome.paid,
                        rejected: outcome.rejected, pending: outcome.pending))))
    }

    // MARK: - Ledger

    func verifyLedger(_ input: Operations.VerifyLedger.Input) async throws -> Operations.VerifyLedger.Output {
        let view = try await ledger(as: try auditor) { ledger throws(AppError) in try ledger.verify() }
        return .ok(.init(body: .json(.init(valid: view.valid, text: view.text))))
    }

    // MARK: - Helpers

    /// What `POST /v1/claims` answers: the submission, and whether this request stored it.
    struct Receipt: Sendable {
        var submissionID: Int64
        var caseID: String
        var created: Bool
    }

    /// Runs a payout use case as `user` with the PayoutService the CLI's batch commands use.
    func payouts<T: Sendable>(as user: APIUser, _ body: @escaping @Sendable (PayoutService) throws(AppError) -> T)
        async throws(AppError) -> T
    {
        let environment = environment
        return try await environment.pool.withConnection(as: user) { connection throws(AppError) -> T in
            let service = PayoutService(
                connection: connection, paths: environment.paths, config: environment.payoutConfig,
                clock: environment.clock, ledger: PayoutLedgerWiring.hook(), logger: environment.logger)
            return try body(service)
        }
    }

    static func batch(_ summary: BatchSummary) -> Components.Schemas.Batch {
        .init(
            id: summary.id, state: summary.state.rawValue, program: summary.program?.rawValue,
            lineCount: summary.lineCount, total: summary.total, preparedBy: summary.preparedBy,
            decidedBy: summary.decidedBy)
    }

    /// A JSON document (a claim result) as the free-form object of the API document.
    static func object(_ bytes: [UInt8]) throws -> Components.Schemas.ClaimResult {
        try JSONDecoder().decode(Components.Schemas.ClaimResult.self, from: Data(bytes))
    }
}
