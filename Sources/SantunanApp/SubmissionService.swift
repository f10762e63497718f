public import BenefitRules
public import ClaimStore
import Foundation
public import HeirQueue
public import Postgres

/// What `claim submit` stored (or found).
public struct SubmissionReceipt: Sendable, Hashable {
    public var submissionID: Int64
    public var caseID: String
    /// False when the same `case_id` had been submitted before and nothing new was written.
    public var created: Bool

    /// `{"submission_id": ..., "case_id": ...}` (CONTRACT §1).
    public var json: String {
        "{\"submission_id\": \(submissionID), \"case_id\": \(JSONText.quote(caseID)), \"created\": \(created)}"
    }

    /// `submitted CASE: submission N, queued` (or `already submitted …`), in the installed language.
    public var text: String {
        t(
            created ? "claims.submit.created" : "claims.submit.existing",
            ["case": .text(caseID), "id": .text(String(submissionID))])
    }
}

/// What `claim documents --add` did.
public struct DocumentsReceipt: Sendable, Hashable {
    public var submissionID: Int64
    public var added: [String]
    /// Whether the claim was put back in the queue to be recomputed.
    public var requeued: Bool
    /// The claim status before (nil while not computed yet).
    public var status: String?
}

/// What `claim amend` stored.
public struct AmendmentReceipt: Sendable {
    public var submissionID: Int64
    public var caseID: String
    /// The number of the stored version (2 after the first amendment; the earlier ones are in submission_versions).
    public var version: Int
    /// The corrected case's claim as computed now; a worker stores the same result.
    public var result: ClaimResult
}

/// The use cases of heir submissions: submit, add documents, show, list (CONTRACT §1 `claim …`).
public enum SubmissionService {
    /// Validates a case file, stores it and enqueues its job in one transaction.
    ///
    /// The case is parsed here, not computed: the worker computes each submission once and stores what it computed
    /// (issue 17, docs/decisions/0017-front-door.md, Session 6). A case that parses but cannot be computed (an
    /// undesignated scholarship, a history the database lacks) fails its job with the field and reason, which
    /// `claim show` prints; `claim compute` and `claim new` say it before anything is submitted.
    public static func submit(
        caseFile path: String, user: String, queue: JobQueue, on connection: Connection
    ) throws(AppError) -> SubmissionReceipt {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError(.inputMissing, field: path, reason: t("claims.error.case-unreadable"))
        }
        return try submit(caseBytes: [UInt8](data), user: user, queue: queue, on: connection)
    }

    /// Validates a case document, stores it and enqueues its job in one transaction: `claim submit` reads the bytes
    /// from a file, `POST /v1/claims` (SantunanServer) from the request body; the rules are the same.
    public static func submit(
        caseBytes bytes: [UInt8], user: String, queue: JobQueue, on connection: Connection
    ) throws(AppError) -> SubmissionReceipt {
        try submit(try validated(caseBytes: bytes, user: user), queue: queue, on: connection)
    }

    /// A case document checked as `submit` checks it (parsed, its indexed values bounded; the worker computes it),
    /// ready to store: the service validates on the request's task and stores many at once (SantunanServer's
    /// SubmissionBatcher).
    public static func validated(caseBytes bytes: [UInt8], user: String) throws(AppError) -> NewSubmission {
        let claim: Case
        do {
            claim = try Case.parse(bytes)
        } catch {
            throw AppError(.invalidData, field: error.path, reason: error.reason)
        }
        return try validated(claim, bytes: bytes, user: user)
    }

    /// The server's spelling before Session 6; the calculator is no longer used (the worker computes once).
    public static func validated(caseBytes bytes: [UInt8], user: String, calculator _: ClaimCalculator)
        throws(AppError) -> NewSubmission
    {
        try validated(caseBytes: bytes, user: user)
    }

    /// `claim` (parsed from `bytes`) as the row to store, its indexed values bounded.
    static func validated(_ claim: Case, bytes: [UInt8], user: String) throws(AppError) -> NewSubmission {
        try checkIndexedValues(of: claim)
        return NewSubmission(
            caseID: claim.caseID, caseDocument: String(decoding: bytes, as: UTF8.self),
            participantNIK: claim.participant.nik, kpj: claim.eventKPJ, eventType: claim.event.type.rawValue,
            eventDate: claim.event.date.description, claimDate: claim.claimDate.description, submittedBy: user)
    }

    /// Stores a case already parsed from `bytes` (`claim new --submit` has parsed and computed it) and enqueues its
    /// job: the bytes stored are the bytes parsed, read once.
    public static func submit(
        _ claim: Case, bytes: [UInt8], user: String, queue: JobQueue, on connection: Connection
    ) throws(AppError) -> SubmissionReceipt {
        try submit(try validated(claim, bytes: bytes, user: user), queue: queue, on: connection)
    }

    /// Stores an already validated submission and enqueues its job, in one transaction.
    public static func submit(_ submission: NewSubmission, queue: JobQueue, on connection: Connection)
        throws(AppError) -> SubmissionReceipt
    {
        do {
            return try connection.transaction { connection in
                switch try SubmissionStore.insert(submission, on: connection) {
                case .existing(let id):
                    // The same case again is the existing submission; a case_id with other content is a correction
                    // that must go through `claim amend`, never dropped in silence.
                    let stored = try SubmissionStore.caseDocument(id: id, on: connection)
                    if let field = try differingField(stored: stored, submitted: submission.caseDocument) {
                        throw resubmittedDiffers(field: field, id: id, caseID: submission.caseID)
                    }
                    return SubmissionReceipt(submissionID: id, caseID: submission.caseID, created: false)
                case .created(let id):
                    try queue.enqueue(submissionID: id, on: connection)
                    return SubmissionReceipt(submissionID: id, caseID: submission.caseID, created: true)
                }
            }
        } catch {
            throw appError(error, input: true)
        }
    }

    /// Stores a group of validated submissions of one API user, each with its Idempotency-Key, and returns each one's
    /// outcome in order: its receipt, nil when its key was used before with another body (409), or the error
    /// `claim submit` gives for the same case.
    ///
    /// The group goes to the database as one statement (`SubmissionStore.insertGroup`, Schema/0022), outside any
    /// transaction, so it is one transaction, one WAL flush and one round trip however many it holds; each
    /// submission is stored with its history row, its job and its key, or not at all, so a SIGKILL leaves both or
    /// neither (a retry finds the submission by its key or its case_id). A group the database will not take at once
    /// (a case_id or key twice; a value it refuses, which would refuse the whole statement) is stored one submission
    /// at a time, each in its own statement, so that each gets its own outcome and the refused one the CLI's error.
    /// A failure of the statement itself (the connection lost, a timeout, a deadlock with another group) is every
    /// submission's outcome: nothing of the group was stored and its clients retry with their keys.
    ///
    /// - Parameter role: the user's database group role (`santunan_officer`): one that may not submit is refused, as
    ///   `SET ROLE` and `claim_submission_create` refused it.
    public static func submit(
        group items: [KeyedSubmission], role: String, queue: JobQueue, on connection: Connection
    ) -> [Result<SubmissionReceipt?, AppError>] {
        guard let user = items.first?.submission.submittedBy else { return [] }
        guard items.count == 1 || SubmissionStore.isStorableAtOnce(items) else {
            return items.map { submit(group: [$0], role: role, queue: queue, on: connection)[0] }
        }
        let jobs = GroupJobSettings(
            maxAttempts: queue.settings.maxAttempts, scheduledAt: queue.clock.now().iso8601,
            channel: QueueSettings.channel)
        let outcomes: [GroupedSubmissionOutcome]
        do {
            outcomes = try SubmissionStore.insertGroup(items, user: user, role: role, jobs: jobs, on: connection)
        } catch {
            if items.count > 1
                && (error.sqlState == SubmissionStore.groupMustGoOneAtATime || error.isInputRefusal)
            {
                return items.map { submit(group: [$0], role: role, queue: queue, on: connection)[0] }
            }
            return Array(repeating: .failure(appError(error, input: true)), count: items.count)
        }
        return zip(items, outcomes).map { item, outcome in
            receipt(for: item, outcome, user: user, on: connection)
        }
    }

    /// What one submission of a group answers.
    static func receipt(
        for item: KeyedSubmission, _ outcome: GroupedSubmissionOutcome, user: String, on connection: Connection
    ) -> Result<SubmissionReceipt?, AppError> {
        let caseID = item.submission.caseID
        switch outcome {
        case .created(let id):
            return .success(SubmissionReceipt(submissionID: id, caseID: caseID, created: true))
        case .existing(let id):
            return .success(SubmissionReceipt(submissionID: id, caseID: caseID, created: false))
        case .replayed(let id, let storedCaseID):
            return .success(SubmissionReceipt(submissionID: id, caseID: storedCaseID, created: false))
        case .keyReused:
            return .success(nil)
        case .duplicateEvent:
            return .failure(
                appError(
                    SubmissionError.duplicateEvent(
                        eventType: item.submission.eventType, eventDate: item.submission.eventDate)))
        case .differs(let id, let stored):
            // Compared as `submit` compares a resubmitted case: the same values in another spelling are the same
            // submission (its key recorded now, after the comparison), changed values are refused.
            do throws(AppError) {
                if let field = try differingField(stored: stored, submitted: item.submission.caseDocument) {
                    return .failure(resubmittedDiffers(field: field, id: id, caseID: caseID))
                }
            } catch {
                return .failure(error)
            }
            if let key = item.key {
                do {
                    try IdempotencyKeys.record(
                        user: user, key: key, requestHash: item.requestHash, submissionID: id, on: connection)
                } catch {
                    return .failure(appError(error))
                }
            }
            return .success(SubmissionReceipt(submissionID: id, caseID: caseID, created: false))
        }
    }

    /// A case_id submitted again with other content: a correction goes through `claim amend`, never dropped in
    /// silence.
    static func resubmittedDiffers(field: String, id: Int64, caseID: String) -> AppError {
        AppError(
            .invalidData, field: field,
            reason: t("claims.error.resubmitted-differs", ["id": .text(String(id)), "case": .text(caseID)]))
    }

    /// The longest value, in UTF-8 bytes, stored in an indexed column of `submissions` (`case_id`, the NIK, the KPJ).
    /// A B-tree entry holds at most about 2700 bytes; a longer value made the insert fail with SQLSTATE 54000 and
    /// `claim submit` exit 70 (issue 15: a 10 MB case_id). The case readers bound these fields more tightly.
    static let indexedValueLimit = 1000

    /// Refuses (65, naming the field) a value too long for the indexes of `submissions`.
    static func checkIndexedValues(of claim: Case) throws(AppError) {
        let values = [
            ("case_id", claim.caseID), ("participant.nik", claim.participant.nik), ("event.membership", claim.eventKPJ),
        ]
        for (field, value) in values where value.utf8.count > indexedValueLimit {
            throw AppError(
                .invalidData, field: field,
                reason: t(
                    "claims.error.too-long",
                    ["bytes": .text(String(value.utf8.count)), "limit": .text(String(indexedValueLimit))]))
        }
    }

    /// The first field in which the stored case differs from a resubmitted one, nil when they hold the same values.
    static func differingField(stored: String, submitted: String) throws(AppError) -> String? {
        let old: JSONValue
        let new: JSONValue
        do {
            old = try JSONReader.parse(stored)
            new = try JSONReader.parse(submitted)
        } catch {
            throw AppError(
                .internalError, field: "case_document",
                reason: t("claims.error.stored-case-invalid", ["detail": .text("\(error)")]))
        }
        return CaseDifference.first(stored: old, submitted: new)
    }

    /// Amends a stored case with a corrected file (`claim amend ID CASE.json --reason TEXT`).
    ///
    /// The corrected case is parsed and computed here (65 when it is invalid), must keep the stored `case_id` and
    /// differ from the stored case. The database function `santunan_amend_submission` is the write path: it refuses
    /// once a line of the claim is in an approved batch (65), keeps the earlier version with who and why, drops the
    /// old claim and queues the recomputation, which `worker run` stores.
    public static func amend(
        reference: String, caseFile path: String, reason: String, user: String, calculator: ClaimCalculator,
        on connection: Connection
    ) throws(AppError) -> AmendmentReceipt {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, reason.unicodeScalars.count <= 1000
        else {
            throw AppError(.usage, field: "--reason", reason: t("claims.error.amend-reason"))
        }
        // Read once: the bytes stored are the bytes computed.
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError(.inputMissing, field: path, reason: t("claims.error.case-unreadable"))
        }
        let claim: Case
        do {
            claim = try Case.parse(Array(data))
        } catch {
            throw AppError(.invalidData, field: error.path, reason: error.reason)
        }
        let result = try ClaimFiles.compute(claim, with: calculator)
        try checkIndexedValues(of: claim)
        let document = String(decoding: data, as: UTF8.self)
        do {
            return try connection.transaction { connection throws -> AmendmentReceipt in
                let id = try SubmissionStore.resolve(reference, on: connection)
                let stored = try SubmissionStore.caseDocument(id: id, forUpdate: true, on: connection)
                let storedCaseID = try SubmissionStore.summary(id: id, on: connection).caseID
                guard storedCaseID == claim.caseID else {
                    throw AppError(
                        .invalidData, field: "case_id",
                        reason: t(
                            "claims.error.amend-case-id", ["id": .text(String(id)), "case": .text(storedCaseID)]))
                }
                guard try differingField(stored: stored, submitted: document) != nil else {
                    throw AppError(
                        .invalidData, field: path, reason: t("claims.error.amend-unchanged"))
                }
                let version = try SubmissionStore.amend(
                    Amendment(
                        submissionID: id, caseDocument: document, participantNIK: claim.participant.nik,
                        kpj: claim.eventKPJ, eventType: claim.event.type.rawValue,
                        eventDate: claim.event.date.description, claimDate: claim.claimDate.description,
                        reason: reason, claimedActor: user),
                    on: connection)
                try connection.notify(QueueSettings.channel)
                return AmendmentReceipt(submissionID: id, caseID: claim.caseID, version: version, result: result)
            }
        } catch {
            throw appError(error, input: true)
        }
    }

    /// Adds documents to a heir of the stored case; an incomplete claim goes back into the queue to be recomputed.
    ///
    /// - Parameters:
    ///   - heirNIK: the heir who hands in the documents; default the heir marked payee, else the first heir.
    public static func addDocuments(
        reference: String, documents: [String], heirNIK: String?, user: String, queue: JobQueue,
        on connection: Connection
    ) throws(AppError) -> DocumentsReceipt {
        var parsedDocuments: [Document] = []
        for (index, name) in documents.enumerated() {
            guard let document = Document(rawValue: name) else {
                let known = Document.allCases.map(\.rawValue).joined(separator: ", ")
                throw AppError(
                    .invalidData, field: "--add[\(index)]",
                    reason: t("claims.error.not-a-document", ["given": .text(name), "known": .text(known)]))
            }
            parsedDocuments.append(document)
        }
        do {
            return try connection.transaction { connection throws -> DocumentsReceipt in
                let id = try SubmissionStore.resolve(reference, on: connection)
                let text = try SubmissionStore.caseDocument(id: id, forUpdate: true, on: connection)
                let claim: Case
                do {
                    claim = try Case.parse(Array(text.utf8))
                } catch {
                    throw AppError(
                        .internalError, field: "submission \(id)",
                        reason: t("claims.error.stored-case-invalid", ["detail": .text("\(error)")]))
                }
                guard !claim.heirs.isEmpty else {
                    throw AppError(.invalidData, field: "heirs", reason: t("claims.error.no-heirs"))
                }
                let heirIndex: Int
                if let heirNIK {
                    guard let found = claim.heirs.firstIndex(where: { $0.nik == heirNIK }) else {
                        throw AppError(.invalidData, field: "--heir", reason: t("claims.error.no-such-heir"))
                    }
                    heirIndex = found
                } else {
                    heirIndex = claim.heirs.firstIndex { $0.payee } ?? 0
                }
                var merged = claim.heirs[heirIndex].documents
                for document in parsedDocuments where !merged.contains(document) {
                    merged.append(document)
                }
                let list = "[" + merged.map { JSONText.quote($0.rawValue) }.joined(separator: ",") + "]"
                let amendedText = try SubmissionStore.caseDocument(
                    id: id, settingDocumentsOfHeir: heirIndex, to: list, on: connection)
                try SubmissionStore.replaceCaseDocument(id: id, document: amendedText, amendedBy: user, on: connection)
                // The amended case must still be a valid case file.
                let amended = try SubmissionStore.caseDocument(id: id, on: connection)
                do {
                    _ = try Case.parse(Array(amended.utf8))
                } catch let error as CaseError {
                    throw AppError(.invalidData, field: error.path, reason: error.reason)
                }
                let status = try SubmissionStore.summary(id: id, on: connection).status
                let names = parsedDocuments.map(\.rawValue).joined(separator: ", ")
                let requeue = status == nil || status == "incomplete"
                try SubmissionStore.appendHistory(
                    claimID: id, status: "documents_added",
                    note: "added: \(names)"
                        + (requeue ? "; recompute queued" : "; claim is \(status!), not recomputed"),
                    changedBy: user, on: connection)
                if requeue {
                    try queue.enqueue(submissionID: id, on: connection)
                }
                return DocumentsReceipt(
                    submissionID: id, added: parsedDocuments.map(\.rawValue), requeued: requeue, status: status)
            }
        } catch let error as AppError {
            throw error
        } catch {
            throw appError(error)
        }
    }

    /// Maps store and database errors to the contract's exit statuses.
    ///
    /// - Parameter input: the statement stored what the user sent (a case file), so a value the database refuses
    ///   (too long for its index, out of a column's range, breaking a CHECK) is invalid input (65) naming the field,
    ///   not an internal error (70).
    public static func appError(_ error: any Error, input: Bool = false) -> AppError {
        switch error {
        case let error as AppError:
            return error
        case let error as SubmissionError where error.code == .duplicateEvent:
            return AppError(.invalidData, field: error.field, reason: error.reason)
        case let error as SubmissionError where error.code == .notFound:
            return AppError(.inputMissing, field: error.field, reason: error.reason)
        case let error as SubmissionError where error.code == .amendWhileComputing:
            return AppError(.temporaryFailure, field: error.field, reason: error.reason)
        case let error as PostgresError where error.sqlState == "SI001":
            return AppError(.usage, field: "--as", reason: error.oneLineMessage)
        case let error as PostgresError where error.sqlState == "SI002":
            return AppError(.permissionDenied, field: "--as", reason: error.oneLineMessage)
        case let error as PostgresError where input && error.isInputRefusal:
            return AppError(
                .invalidData, field: inputField(error),
                reason: t("claims.error.database-refused", ["detail": .text(Texts.reason(error.oneLineMessage))]))
        case let error as SubmissionError:
            return AppError(.invalidData, field: error.field, reason: error.reason)
        case let error as QueueError:
            return AppError(.invalidData, field: error.field, reason: error.reason)
        case let error as PostgresError where error.isConnectionLoss:
            return AppError(.databaseUnavailable, field: "database", reason: error.oneLineMessage)
        case let error as PostgresError where error.sqlState == "57014":
            // A statement timeout (the service sets one on its connections) or a cancel: nothing was changed, the
            // request may be retried (503 over HTTP, not 500).
            return AppError(.temporaryFailure, field: "database", reason: "\(error.oneLineMessage); retry")
        case let error as PostgresError where error.isRetryableTransactionConflict:
            return AppError(
                .temporaryFailure, field: "database",
                reason: t("claims.error.retry", ["detail": .text(error.oneLineMessage)]))
        case let error as PostgresError where error.sqlState == "42501":
            // A login without the right (docs/roles.md).
            return AppError(.permissionDenied, field: error.tableName ?? "database", reason: error.oneLineMessage)
        default:
            return AppError(.internalError, field: "database", reason: "\(error)")
        }
    }

    /// The case-file field behind a refused value: from the constraint or index the server names (its message names
    /// the index when a value is too large for it), else the column, else `case`.
    static func inputField(_ error: PostgresError) -> String {
        let fields = [
            ("submissions_case_id_key", "case_id"), ("claims_case_id_key", "case_id"),
            ("submissions_event_key", "event"), ("submissions_participant_nik_idx", "participant.nik"),
            ("case_id", "case_id"), ("participant_nik", "participant.nik"), ("kpj", "event.membership"),
            ("event_date", "event.date"), ("claim_date", "claim_date"),
        ]
        let named = [error.constraintName, error.columnName, error.message].compactMap { $0 }
        for text in named {
            for (name, field) in fields where text.contains(name) {
                return field
            }
        }
        return "case"
    }
}

extension PostgresError {
    /// The server refused a value the caller sent: SQLSTATE class 22 (data exception: out of range, too long,
    /// bad encoding), 23 (integrity constraint) or 54 (program limit exceeded: a value too large for an index).
    var isInputRefusal: Bool {
        guard let sqlState else { return code == .invalidArgument }
        return sqlState.hasPrefix("22") || sqlState.hasPrefix("23") || sqlState.hasPrefix("54")
    }
}
