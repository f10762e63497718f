public import Postgres

/// A submission of a group stored at once (`POST /v1/claims`; SantunanServer's SubmissionBatcher), with the client's
/// Idempotency-Key and the SHA-256 of its request body.
public struct KeyedSubmission: Sendable, Hashable {
    public var submission: NewSubmission
    /// nil: the request sent no key (it is then idempotent by case_id alone).
    public var key: String?
    /// The SHA-256 of the request body, lower-case hex: the same key with another body is refused.
    public var requestHash: String

    public init(submission: NewSubmission, key: String?, requestHash: String) {
        self.submission = submission
        self.key = key
        self.requestHash = requestHash
    }
}

/// What became of one submission of a group (``SubmissionStore/insertGroup(_:user:role:jobs:on:)``).
public enum GroupedSubmissionOutcome: Sendable, Hashable {
    /// Stored now, with its history row, its job and its key.
    case created(id: Int64)
    /// The case_id was stored before with the same text: that submission; its key is recorded now.
    case existing(id: Int64)
    /// The case_id was stored before with another text. Nothing was written, not even the key: the caller compares
    /// the two cases (the same case spelled differently is the same submission; a changed one is refused).
    case differs(id: Int64, storedDocument: String)
    /// The user sent this key before with the same body: that submission.
    case replayed(id: Int64, caseID: String)
    /// The user sent this key before with another body; nothing was written.
    case keyReused
    /// Another case claims this KPJ, event type and event date; nothing was written (one claim per event).
    case duplicateEvent
}

/// Where the jobs of a group go: the queue's settings (HeirQueue's `JobQueue`), passed as values because the
/// queue's module depends on this one, not the other way round.
public struct GroupJobSettings: Sendable, Hashable {
    public var maxAttempts: Int
    /// When the jobs may run: ISO 8601, cast to `timestamptz` (the queue's clock, never the server's).
    public var scheduledAt: String
    /// The NOTIFY channel the workers listen on.
    public var channel: String

    public init(maxAttempts: Int, scheduledAt: String, channel: String) {
        self.maxAttempts = maxAttempts
        self.scheduledAt = scheduledAt
        self.channel = channel
    }
}

extension SubmissionStore {
    /// The SQLSTATE of a group `claim_submissions_create` will not store at once (Schema/0022: a repeated case_id
    /// or key): its submissions go one at a time.
    public static let groupMustGoOneAtATime = "SG001"

    /// Whether a group can go in one call: no case_id and no key twice (which of two such submissions is stored
    /// first decides what the other one is).
    public static func isStorableAtOnce(_ items: [KeyedSubmission]) -> Bool {
        var caseIDs = Set<String>(minimumCapacity: items.count)
        var keys = Set<String>(minimumCapacity: items.count)
        for item in items {
            guard caseIDs.insert(item.submission.caseID).inserted else { return false }
            if let key = item.key, !keys.insert(key).inserted { return false }
        }
        return true
    }

    /// Stores a group of submissions of one API user in one statement, and so, called outside a transaction, in one
    /// transaction: `claim_submissions_create` (Schema/0022) finds the keys sent before, inserts the new submissions
    /// with their history rows and jobs, records the keys and notifies the workers, and returns each submission's
    /// outcome. What each submission writes is what `claim submit` writes (``insert(_:on:)``, `heir_job_enqueue`).
    ///
    /// - Parameters:
    ///   - user: the API user: the claimed actor recorded on the rows (`santunan_actor`), and the owner of the keys.
    ///   - role: the user's database group role; the function refuses (42501) a role that may not submit.
    /// - Returns: one outcome per item, in order.
    /// - Throws: ``PostgresError``; SQLSTATE ``groupMustGoOneAtATime`` for a group that repeats a case_id or a key,
    ///   or another refusal of a value (class 22, 23, 54) that one of the submissions alone would get. Nothing of the
    ///   group was written then.
    public static func insertGroup(
        _ items: [KeyedSubmission], user: String, role: String, jobs: GroupJobSettings, on connection: Connection
    ) throws(PostgresError) -> [GroupedSubmissionOutcome] {
        guard !items.isEmpty else { return [] }
        let submissions = items.map(\.submission)
        let result = try connection.execute(
            """
            SELECT item, outcome, submission_id, case_id, stored_document FROM claim_submissions_create(
                \(user), \(role), \(postgresArrayLiteral(texts: items.map(\.key)))::text[],
                \(postgresArrayLiteral(texts: items.map(\.requestHash)))::text[],
                \(postgresArrayLiteral(texts: submissions.map(\.caseID)))::text[],
                \(postgresArrayLiteral(texts: submissions.map(\.caseDocument)))::text[],
                \(postgresArrayLiteral(texts: submissions.map(\.participantNIK)))::text[],
                \(postgresArrayLiteral(texts: submissions.map(\.kpj)))::text[],
                \(postgresArrayLiteral(texts: submissions.map(\.eventType)))::text[],
                \(postgresArrayLiteral(texts: submissions.map(\.eventDate)))::date[],
                \(postgresArrayLiteral(texts: submissions.map(\.claimDate)))::date[],
                \(jobs.maxAttempts)::integer, \(jobs.scheduledAt)::timestamptz, \(jobs.channel))
            """)
        var outcomes = [GroupedSubmissionOutcome?](repeating: nil, count: items.count)
        for row in result {
            let item = try row.decode(Int.self, column: 0) - 1
            let outcome = try row.decode(String.self, column: 1)
            guard outcomes.indices.contains(item), outcomes[item] == nil else {
                throw PostgresError(
                    code: .decodingFailed, message: "claim_submissions_create: item \(item + 1) out of place")
            }
            let id = try row.decode(Int64?.self, column: 2)
            switch (outcome, id) {
            case ("created", let id?): outcomes[item] = .created(id: id)
            case ("existing", let id?): outcomes[item] = .existing(id: id)
            case ("differs", let id?):
                outcomes[item] = .differs(id: id, storedDocument: try row.decode(String.self, column: 4))
            case ("replay", let id?): outcomes[item] = .replayed(id: id, caseID: try row.decode(String.self, column: 3))
            case ("key_reused", _): outcomes[item] = .keyReused
            case ("duplicate_event", _): outcomes[item] = .duplicateEvent
            default:
                throw PostgresError(
                    code: .decodingFailed, message: "claim_submissions_create: unknown outcome \(outcome)")
            }
        }
        var all: [GroupedSubmissionOutcome] = []
        all.reserveCapacity(items.count)
        for (index, outcome) in outcomes.enumerated() {
            guard let outcome else {
                throw PostgresError(
                    code: .decodingFailed, message: "claim_submissions_create: no outcome for item \(index + 1)")
            }
            all.append(outcome)
        }
        return all
    }
}

/// Idempotency keys of `POST /v1/claims` (Schema/0016), per API user: the server's bookkeeping, which no person's role
/// may touch, so written as the server's own login. A group records its keys inside `claim_submissions_create`; this
/// records the key of a submission found again only after the caller compared the two cases.
public enum IdempotencyKeys {
    /// Records `key` → (request hash, submission) of `user`; a key recorded before stays as it was.
    public static func record(
        user: String, key: String, requestHash: String, submissionID: Int64, on connection: Connection
    ) throws(PostgresError) {
        try connection.execute(
            """
            INSERT INTO api_idempotency_keys (user_name, key, request_sha256, submission_id)
            VALUES (\(user), \(key), \(requestHash), \(submissionID))
            ON CONFLICT DO NOTHING
            """)
    }
}
