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
        "{\"submission_id\": \(submissionID), \"case_id\": \(JSONString.quote(caseID)), \"created\": \(created)}"
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

/// The use cases of heir submissions: submit, add documents, show, list (CONTRACT §1 `claim …`).
public enum SubmissionService {
    /// Validates a case file, stores it and enqueues its job in one transaction.
    ///
    /// The case is parsed and computed once here, so a case the worker could not compute (an undesignated
    /// scholarship, a missing history) is refused now with exit 65 instead of dying in the queue.
    public static func submit(
        caseFile path: String, user: String, calculator: ClaimCalculator, queue: JobQueue, on connection: Connection
    ) throws(AppError) -> SubmissionReceipt {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError(.inputMissing, field: path, reason: "cannot read the case file (missing or unreadable)")
        }
        let bytes = [UInt8](data)
        let claim: Case
        do {
            claim = try Case.parse(bytes)
        } catch {
            throw AppError(.invalidData, field: error.path, reason: error.reason)
        }
        _ = try ClaimFiles.compute(claim, with: calculator)
        let submission = NewSubmission(
            caseID: claim.caseID, caseDocument: String(decoding: bytes, as: UTF8.self),
            participantNIK: claim.participant.nik, kpj: claim.eventKPJ, eventType: claim.event.type.rawValue,
            eventDate: claim.event.date.description, claimDate: claim.claimDate.description, submittedBy: user)
        return try submit(submission, queue: queue, on: connection)
    }

    /// Stores an already validated submission and enqueues its job, in one transaction.
    public static func submit(_ submission: NewSubmission, queue: JobQueue, on connection: Connection)
        throws(AppError) -> SubmissionReceipt
    {
        do {
            return try connection.transaction { connection in
                switch try SubmissionStore.insert(submission, on: connection) {
                case .existing(let id):
                    return SubmissionReceipt(submissionID: id, caseID: submission.caseID, created: false)
                case .created(let id):
                    try queue.enqueue(submissionID: id, on: connection)
                    return SubmissionReceipt(submissionID: id, caseID: submission.caseID, created: true)
                }
            }
        } catch {
            throw appError(error)
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
                    .invalidData, field: "--add[\(index)]", reason: "\"\(name)\" is not a document (one of: \(known))")
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
                        .internalError, field: "submission \(id)", reason: "stored case is invalid: \(error)")
                }
                guard !claim.heirs.isEmpty else {
                    throw AppError(.invalidData, field: "heirs", reason: "the case has no heirs to hand in documents")
                }
                let heirIndex: Int
                if let heirNIK {
                    guard let found = claim.heirs.firstIndex(where: { $0.nik == heirNIK }) else {
                        throw AppError(.invalidData, field: "--heir", reason: "no heir of this case has that NIK")
                    }
                    heirIndex = found
                } else {
                    heirIndex = claim.heirs.firstIndex { $0.payee } ?? 0
                }
                var merged = claim.heirs[heirIndex].documents
                for document in parsedDocuments where !merged.contains(document) {
                    merged.append(document)
                }
                let list = "[" + merged.map { JSONString.quote($0.rawValue) }.joined(separator: ",") + "]"
                let amendedText: String = try connection.execute(
                    """
                    SELECT jsonb_set(case_document::jsonb, ARRAY['heirs', \(String(heirIndex)), 'documents'],
                        \(list)::jsonb, true)::text
                    FROM submissions WHERE id = \(id)
                    """
                )[0].decode(String.self, column: 0)
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
    public static func appError(_ error: any Error) -> AppError {
        switch error {
        case let error as AppError:
            return error
        case let error as SubmissionError where error.code == .duplicateEvent:
            return AppError(.invalidData, field: error.field, reason: error.reason)
        case let error as SubmissionError where error.code == .notFound:
            return AppError(.inputMissing, field: error.field, reason: error.reason)
        case let error as SubmissionError:
            return AppError(.invalidData, field: error.field, reason: error.reason)
        case let error as QueueError:
            return AppError(.invalidData, field: error.field, reason: error.reason)
        case let error as PostgresError where error.isConnectionLoss:
            return AppError(.databaseUnavailable, field: "database", reason: error.message)
        case let error as PostgresError where error.isRetryableTransactionConflict:
            return AppError(.temporaryFailure, field: "database", reason: "\(error.message); retry")
        case let error as PostgresError where error.sqlState == "42501" || error.sqlState == "SI002":
            // A login without the right (docs/roles.md), or a personal login naming someone else with --as.
            return AppError(.permissionDenied, field: error.tableName ?? "database", reason: error.message)
        case let error as PostgresError where error.sqlState == "SI001":
            return AppError(.usage, field: "--as", reason: error.message)
        default:
            return AppError(.internalError, field: "database", reason: "\(error)")
        }
    }
}

/// JSON string quoting for the small documents the CLI prints.
public enum JSONString {
    /// `text` as a JSON string literal.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
