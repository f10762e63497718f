public import Postgres

/// A case about to be stored by `claim submit`: the file and the event columns read from it.
public struct NewSubmission: Sendable, Hashable {
    public var caseID: String
    /// The case file as submitted (valid JSON).
    public var caseDocument: String
    public var participantNIK: String
    /// The KPJ identifying the event (docs/claims-schema.md).
    public var kpj: String
    public var eventType: String
    /// ISO dates.
    public var eventDate: String
    public var claimDate: String
    public var submittedBy: String

    public init(
        caseID: String, caseDocument: String, participantNIK: String, kpj: String, eventType: String,
        eventDate: String, claimDate: String, submittedBy: String
    ) {
        self.caseID = caseID
        self.caseDocument = caseDocument
        self.participantNIK = participantNIK
        self.kpj = kpj
        self.eventType = eventType
        self.eventDate = eventDate
        self.claimDate = claimDate
        self.submittedBy = submittedBy
    }
}

/// Why a submission could not be stored or found; `field` and `reason` never hold personal data.
public struct SubmissionError: Error, Sendable, CustomStringConvertible {
    /// What went wrong; extensible, compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        /// Another case already claims this KPJ, event type and event date (`submissions_event_key`).
        public static let duplicateEvent = Code(name: "duplicateEvent")
        /// No submission has this id or case id.
        public static let notFound = Code(name: "notFound")
        /// The claim is not in a state that allows the change.
        public static let wrongStatus = Code(name: "wrongStatus")
        public var description: String { name }
    }

    public var code: Code
    public var field: String
    public var reason: String

    public init(_ code: Code, field: String, reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }

    /// Another case already claims this KPJ, event type and event date (`submissions_event_key`): one claim per
    /// event. The same words whether one submission or a group met it.
    public static func duplicateEvent(eventType: String, eventDate: String) -> SubmissionError {
        SubmissionError(
            .duplicateEvent, field: "event",
            reason: "another case already claims this KPJ, event type and event date "
                + "(\(eventType) on \(eventDate)); one claim per event")
    }
}

/// A stored submission with its claim summary (nil fields until a worker has computed it).
public struct SubmissionSummary: Sendable, Hashable {
    public var id: Int64
    public var caseID: String
    public var kpj: String
    public var eventType: String
    public var eventDate: String
    public var submittedBy: String
    public var submittedAt: String
    /// `payable`, `incomplete`, `rejected`, or nil while the claim waits for a worker.
    public var status: String?
    public var total: Int64?
    public var payableNow: Int64?
    /// The state of the submission's latest job (`available`, `running`, ...), if any.
    public var jobState: String?
    /// The participant's NIK, and name (from `participant` when stored there, else from the case file).
    public var participantNIK: String = ""
    public var participantName: String = ""
}

/// Which claims `claim list` shows (issue 18); every condition given must hold.
public struct SubmissionFilter: Sendable, Hashable {
    /// `payable`, `incomplete`, `rejected`, or `pending` (not computed yet).
    public var status: String?
    /// The participant's NIK, a KPJ of the event, or a case-insensitive part of the participant's name.
    public var nik: String?
    public var kpj: String?
    public var name: String?
    /// A claim with a line of this program (`JKK`, `JKM`, `JHT`, `JP`).
    public var program: String?
    /// Event dates from and to (inclusive).
    public var eventFrom: String?
    public var eventTo: String?

    public init(
        status: String? = nil, nik: String? = nil, kpj: String? = nil, name: String? = nil, program: String? = nil,
        eventFrom: String? = nil, eventTo: String? = nil
    ) {
        self.status = status
        self.nik = nik
        self.kpj = kpj
        self.name = name
        self.program = program
        self.eventFrom = eventFrom
        self.eventTo = eventTo
    }
}

/// One row of `claim_status_history`.
public struct StatusHistoryRow: Sendable, Hashable {
    public var status: String
    public var note: String?
    public var changedBy: String
    public var changedAt: String
}

/// Storage of heir submissions (`submissions`) and reading back their claims. Knows no rules.
public enum SubmissionStore {
    /// The outcome of ``insert(_:on:)``.
    public enum InsertOutcome: Sendable, Hashable {
        /// A new submission with this id.
        case created(Int64)
        /// The same `case_id` was already submitted: its id; nothing was written.
        case existing(Int64)
    }

    /// Inserts a submission and its first history row, inside the caller's transaction, through
    /// `claim_submission_create` (Schema/0010_roles.sql): officers have no rights on the table, and the function
    /// records the login (or the checked `--as` name of the single-user set-up) as `submitted_by`.
    ///
    /// - Throws: ``SubmissionError/Code/duplicateEvent`` when another case claims the same KPJ, event type and date
    ///   (the unique constraint `submissions_event_key` decides, so concurrent submissions cannot both pass);
    ///   ``PostgresError`` otherwise. After a throw the caller's transaction is aborted and must roll back.
    public static func insert(_ submission: NewSubmission, on connection: Connection) throws -> InsertOutcome {
        let inserted: QueryResult
        do {
            inserted = try connection.execute(
                """
                SELECT submission_id, created FROM claim_submission_create(
                    \(submission.submittedBy), \(submission.caseID), \(submission.caseDocument)::json,
                    \(submission.participantNIK), \(submission.kpj), \(submission.eventType),
                    \(submission.eventDate)::date, \(submission.claimDate)::date)
                """
            )
        } catch {
            guard error.sqlState == "23505", error.constraintName == "submissions_event_key" else {
                throw error
            }
            throw SubmissionError.duplicateEvent(eventType: submission.eventType, eventDate: submission.eventDate)
        }
        let id = try inserted[0].decode(Int64.self, column: 0)
        return try inserted[0].decode(Bool.self, column: 1) ? .created(id) : .existing(id)
    }

    /// Adds a row to the insert-only status history: `submitted` or `documents_added`, the statuses an officer
    /// records (`claim_history_append`; a computed status is written only with its claim). `changedBy` is the claimed
    /// acting user; the function records the login for a personal login.
    public static func appendHistory(
        claimID: Int64, status: String, note: String?, changedBy: String, on connection: Connection
    ) throws {
        try connection.execute("SELECT claim_history_append(\(claimID), \(status), \(note), \(changedBy))")
    }

    /// Records `submitted` again for a submission whose claim is not computed yet (`queue retry` by hand); a
    /// computed claim's history is left alone, its statuses are written with the claim.
    public static func noteSubmittedAgain(
        claimID: Int64, note: String, changedBy: String, on connection: Connection
    ) throws {
        let computed = try connection.execute("SELECT EXISTS (SELECT 1 FROM claims WHERE id = \(claimID))")
        guard try !computed[0].decode(Bool.self, column: 0) else { return }
        try appendHistory(claimID: claimID, status: "submitted", note: note, changedBy: changedBy, on: connection)
    }

    /// The submission id for `reference`: a number is a claim (= submission) id (or a case id that is all digits),
    /// anything else a case id, matched case-insensitively (issue 18: an officer types `pms-2022-0001` for
    /// `PMS-2022-0001`); a case id equal in its exact spelling wins over one equal only when case is ignored.
    /// `submissions_case_id_lower_idx` (Schema/0020) serves the look-up.
    public static func resolve(_ reference: String, on connection: Connection) throws -> Int64 {
        let result: QueryResult
        if let id = Int64(reference) {
            result = try connection.execute(
                """
                SELECT id FROM submissions WHERE id = \(id) OR lower(case_id) = lower(\(reference))
                ORDER BY id = \(id) DESC, case_id = \(reference) DESC LIMIT 1
                """)
        } else {
            result = try connection.execute(
                """
                SELECT id FROM submissions WHERE lower(case_id) = lower(\(reference))
                ORDER BY case_id = \(reference) DESC, id LIMIT 1
                """)
        }
        guard result.rowCount > 0 else {
            throw SubmissionError(.notFound, field: reference, reason: "no claim or submission has this id or case_id")
        }
        return try result[0].decode(Int64.self, column: 0)
    }

    /// The stored case file of a submission, locked until the end of the transaction when `forUpdate` (through
    /// `claim_submission_lock`: `FOR UPDATE` needs table rights an officer no longer has).
    public static func caseDocument(id: Int64, forUpdate: Bool = false, on connection: Connection) throws -> String {
        if forUpdate {
            try connection.execute("SELECT claim_submission_lock(\(id))")
        }
        let result = try connection.execute("SELECT case_document::text FROM submissions WHERE id = \(id)")
        guard result.rowCount > 0 else {
            throw SubmissionError(.notFound, field: String(id), reason: "no such submission")
        }
        return try result[0].decode(String.self, column: 0)
    }

    /// Replaces the stored case file after an amendment (`claim documents --add`), through
    /// `claim_case_document_set`: refused (SQLSTATE SR003, ``SubmissionError/Code/wrongStatus``) once a line of the
    /// claim is in an approved batch or paid, so the case of a paid claim can never be rewritten.
    public static func replaceCaseDocument(
        id: Int64, document: String, amendedBy: String, on connection: Connection
    ) throws {
        do {
            try connection.execute("SELECT claim_case_document_set(\(id), \(amendedBy), \(document)::json)")
        } catch {
            guard error.sqlState == "SR003" else {
                throw error
            }
            throw SubmissionError(.wrongStatus, field: "claim \(id)", reason: documentsFrozenReason)
        }
    }

    /// Why the case of a claim can no longer change.
    public static let documentsFrozenReason =
        "a line of this claim is in an approved payout batch or paid; its case can no longer change"

    private static let summaryColumns = """
        s.id, s.case_id, s.kpj, s.event_type, s.event_date::text, s.submitted_by,
        to_char(s.submitted_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"'),
        c.status, c.total, c.payable_now,
        (SELECT j.state FROM heir_job_latest j WHERE j.submission_id = s.id),
        s.participant_nik,
        coalesce((SELECT p.name FROM participant p WHERE p.nik = s.participant_nik),
                 s.case_document->'participant'->>'name', '')
        """

    /// One submission with its claim summary.
    public static func summary(id: Int64, on connection: Connection) throws -> SubmissionSummary {
        let result = try connection.execute(
            """
            SELECT \(unescaped: summaryColumns)
            FROM submissions s LEFT JOIN claims c ON c.id = s.id WHERE s.id = \(id)
            """
        )
        guard result.rowCount > 0 else {
            throw SubmissionError(.notFound, field: String(id), reason: "no such submission")
        }
        return try summary(result[0])
    }

    /// Every submission, oldest first; `status` filters by claim status (`pending` = not computed yet).
    public static func list(status: String?, on connection: Connection) throws -> [SubmissionSummary] {
        try list(SubmissionFilter(status: status), on: connection)
    }

    /// The submissions `filter` selects, oldest first. One statement whatever the filter: a condition not given is
    /// bound as NULL and holds for every row.
    public static func list(_ filter: SubmissionFilter, on connection: Connection) throws -> [SubmissionSummary] {
        // `%`, `_` and `\` typed by the officer match themselves, as in `participant find`.
        let name = filter.name.map(ParticipantStore.containsPattern)
        let result = try connection.execute(
            """
            SELECT \(unescaped: summaryColumns)
            FROM submissions s LEFT JOIN claims c ON c.id = s.id
            WHERE (\(filter.status)::text IS NULL OR (\(filter.status) = 'pending' AND c.id IS NULL)
                   OR c.status = \(filter.status))
              AND (\(filter.nik)::text IS NULL OR s.participant_nik = \(filter.nik))
              AND (\(filter.kpj)::text IS NULL OR s.kpj = \(filter.kpj))
              AND (\(name)::text IS NULL
                   OR coalesce((SELECT p.name FROM participant p WHERE p.nik = s.participant_nik),
                               s.case_document->'participant'->>'name', '') ILIKE \(name))
              AND (\(filter.program)::text IS NULL
                   OR EXISTS (SELECT 1 FROM claim_lines l WHERE l.claim_id = s.id AND l.program = \(filter.program)))
              AND (\(filter.eventFrom)::date IS NULL OR s.event_date >= \(filter.eventFrom)::date)
              AND (\(filter.eventTo)::date IS NULL OR s.event_date <= \(filter.eventTo)::date)
            ORDER BY s.id
            """)
        return try result.map { row throws in try summary(row) }
    }

    /// The submissions of the participant with `nik`, oldest first (`participant show`, `claim new`).
    public static func list(participantNIK nik: String, on connection: Connection) throws -> [SubmissionSummary] {
        let result = try connection.execute(
            """
            SELECT \(unescaped: summaryColumns)
            FROM submissions s LEFT JOIN claims c ON c.id = s.id WHERE s.participant_nik = \(nik) ORDER BY s.id
            """)
        return try result.map { row throws in try summary(row) }
    }

    private static func summary(_ row: QueryResult.Row) throws -> SubmissionSummary {
        SubmissionSummary(
            id: try row.decode(Int64.self, column: 0),
            caseID: try row.decode(String.self, column: 1),
            kpj: try row.decode(String.self, column: 2),
            eventType: try row.decode(String.self, column: 3),
            eventDate: try row.decode(String.self, column: 4),
            submittedBy: try row.decode(String.self, column: 5),
            submittedAt: try row.decode(String.self, column: 6),
            status: try row.decode(String?.self, column: 7),
            total: try row.decode(Int64?.self, column: 8),
            payableNow: try row.decode(Int64?.self, column: 9),
            jobState: try row.decode(String?.self, column: 10),
            participantNIK: try row.decode(String.self, column: 11),
            participantName: try row.decode(String.self, column: 12))
    }

    /// The computed result document of a claim, nil while it waits for a worker.
    public static func resultDocument(id: Int64, on connection: Connection) throws -> String? {
        let result = try connection.execute("SELECT result::text FROM claims WHERE id = \(id)")
        return result.rowCount == 0 ? nil : try result[0].decode(String.self, column: 0)
    }

    /// The status history of a claim, oldest first.
    public static func history(id: Int64, on connection: Connection) throws -> [StatusHistoryRow] {
        let result = try connection.execute(
            """
            SELECT status, note, changed_by,
                to_char(changed_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"')
            FROM claim_status_history WHERE claim_id = \(id) ORDER BY id
            """
        )
        return try result.map { row throws in
            StatusHistoryRow(
                status: try row.decode(String.self, column: 0), note: try row.decode(String?.self, column: 1),
                changedBy: try row.decode(String.self, column: 2), changedAt: try row.decode(String.self, column: 3))
        }
    }
}

// MARK: - Amendments (`claim amend`, Schema/0012_amendments.sql)

/// A corrected case about to replace a stored one: the file and the event columns read from it.
public struct Amendment: Sendable, Hashable {
    public var submissionID: Int64
    public var caseDocument: String
    public var participantNIK: String
    public var kpj: String
    public var eventType: String
    /// ISO dates.
    public var eventDate: String
    public var claimDate: String
    /// Why the case is corrected; recorded with the earlier version.
    public var reason: String
    /// The `--as` name; the database records `santunan_actor` of it (the login for a personal login).
    public var claimedActor: String

    public init(
        submissionID: Int64, caseDocument: String, participantNIK: String, kpj: String, eventType: String,
        eventDate: String, claimDate: String, reason: String, claimedActor: String
    ) {
        self.submissionID = submissionID
        self.caseDocument = caseDocument
        self.participantNIK = participantNIK
        self.kpj = kpj
        self.eventType = eventType
        self.eventDate = eventDate
        self.claimDate = claimDate
        self.reason = reason
        self.claimedActor = claimedActor
    }
}

/// An earlier version of an amended case (`submission_versions`).
public struct SubmissionVersion: Sendable, Hashable {
    public var version: Int
    public var claimStatus: String?
    public var claimTotal: Int64?
    public var reason: String
    public var amendedBy: String
    public var amendedAt: String
}

extension SubmissionError.Code {
    /// A line of the claim is in an approved (approved, exported, reconciled) batch: the claim is not amended.
    public static let amendAfterApproval = Self(name: "amendAfterApproval")
    /// Payout lines were already created from the claim.
    public static let amendAfterPayoutLines = Self(name: "amendAfterPayoutLines")
    /// A worker is computing the claim right now.
    public static let amendWhileComputing = Self(name: "amendWhileComputing")
    /// The amendment itself is invalid (no reason, a changed `case_id`).
    public static let invalidAmendment = Self(name: "invalidAmendment")
}

extension SubmissionStore {
    /// Amends a stored case through `santunan_amend_submission` (the only write path; it checks the rule, keeps the
    /// earlier version, records who and why and queues the recomputation), inside the caller's transaction.
    ///
    /// - Returns: the number of the new version (2 after the first amendment).
    /// - Throws: ``SubmissionError`` for a refusal the database made (approved batch, payout lines, running worker,
    ///   event clash, unknown submission); ``PostgresError`` otherwise.
    public static func amend(_ amendment: Amendment, on connection: Connection) throws -> Int {
        let result: QueryResult
        do {
            result = try connection.execute(
                """
                SELECT santunan_amend_submission(
                    \(amendment.submissionID), \(amendment.caseDocument)::json, \(amendment.participantNIK),
                    \(amendment.kpj), \(amendment.eventType), \(amendment.eventDate)::date,
                    \(amendment.claimDate)::date, \(amendment.reason), \(amendment.claimedActor))
                """
            )
        } catch {
            let field = "claim \(amendment.submissionID)"
            switch error.sqlState {
            case "SV001": throw SubmissionError(.amendAfterApproval, field: field, reason: error.message)
            case "SV002": throw SubmissionError(.amendAfterPayoutLines, field: field, reason: error.message)
            case "SV003": throw SubmissionError(.amendWhileComputing, field: field, reason: error.message)
            case "SV004": throw SubmissionError(.invalidAmendment, field: field, reason: error.message)
            case "P0002": throw SubmissionError(.notFound, field: field, reason: "no such submission")
            case "23505" where error.constraintName == "submissions_event_key":
                throw SubmissionError(
                    .duplicateEvent, field: "event",
                    reason: "another case already claims this KPJ, event type and event date "
                        + "(\(amendment.eventType) on \(amendment.eventDate)); one claim per event")
            default: throw error
            }
        }
        return try result[0].decode(Int.self, column: 0)
    }

    /// The earlier versions of a submission, oldest first (empty when it was never amended).
    public static func versions(id: Int64, on connection: Connection) throws -> [SubmissionVersion] {
        let result = try connection.execute(
            """
            SELECT version, claim_status, claim_total, reason, amended_by,
                to_char(amended_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"')
            FROM submission_versions WHERE submission_id = \(id) ORDER BY version
            """
        )
        return try result.map { row throws in
            SubmissionVersion(
                version: try row.decode(Int.self, column: 0), claimStatus: try row.decode(String?.self, column: 1),
                claimTotal: try row.decode(Int64?.self, column: 2), reason: try row.decode(String.self, column: 3),
                amendedBy: try row.decode(String.self, column: 4), amendedAt: try row.decode(String.self, column: 5))
        }
    }
}

// MARK: - What `claim documents` and `claim event` read and write (moved here from SantunanApp, issue 17)

/// The JP monthly pension of a computed claim, as `claim event` checks it.
public struct ClaimPensionFacts: Sendable, Hashable {
    /// `widow`, `child`, … (`monthly_pension.kind` of the result), nil when the claim has no monthly pension.
    public var kind: String?
    /// The pension's recipient (a NIK).
    public var recipient: String?
    /// The event (death) date, `YYYY-MM-DD`.
    public var eventDate: String
}

/// A child heir of a stored case, as the payout path reads the case (`claim event --child-…`).
public struct StoredChildHeir: Sendable, Hashable {
    public var nik: String
    public var birthDate: String?
    public var married: Bool
    public var working: Bool
}

extension SubmissionStore {
    /// The stored case with heir `heirIndex`'s `documents` replaced by `documentsJSON` (a JSON array), as text; the
    /// caller stores it with ``replaceCaseDocument(id:document:amendedBy:on:)``.
    public static func caseDocument(
        id: Int64, settingDocumentsOfHeir heirIndex: Int, to documentsJSON: String, on connection: Connection
    ) throws -> String {
        let result = try connection.execute(
            """
            SELECT jsonb_set(case_document::jsonb, ARRAY['heirs', \(String(heirIndex)), 'documents'],
                \(documentsJSON)::jsonb, true)::text
            FROM submissions WHERE id = \(id)
            """)
        guard result.rowCount > 0 else {
            throw SubmissionError(.notFound, field: String(id), reason: "no such submission")
        }
        return try result[0].decode(String.self, column: 0)
    }

    /// The monthly pension of claim `id` and its event date; nil while the claim is not computed.
    public static func pensionFacts(claimID id: Int64, on connection: Connection) throws -> ClaimPensionFacts? {
        let found = try connection.execute(
            """
            SELECT c.result->'monthly_pension'->>'kind', c.result->'monthly_pension'->>'recipient',
                   s.event_date::text
            FROM claims c JOIN submissions s ON s.id = c.id WHERE c.id = \(id)
            """)
        guard found.rowCount > 0 else { return nil }
        return ClaimPensionFacts(kind: try found[0, 0], recipient: try found[0, 1], eventDate: try found[0, 2])
    }

    /// The child heirs of the stored case of `id`, in case order.
    public static func childHeirs(submissionID id: Int64, on connection: Connection) throws -> [StoredChildHeir] {
        let result = try connection.execute(
            """
            SELECT h->>'nik', h->>'birth_date', coalesce(h->>'married', 'false') = 'true',
                   coalesce(h->>'working', 'false') = 'true'
            FROM submissions s CROSS JOIN LATERAL json_array_elements(s.case_document->'heirs') WITH ORDINALITY e(h, n)
            WHERE s.id = \(id) AND h->>'relation' = 'child'
            ORDER BY e.n
            """)
        return try result.map { row throws in
            StoredChildHeir(nik: try row[0], birthDate: try row[1], married: try row[2], working: try row[3])
        }
    }

    /// Records a survivor event through `claim_event_record` (Schema/0013: it locks the claim, checks the event
    /// fits its pension and records the actor). Returns who was recorded as acting, nil when the same event was
    /// already recorded.
    public static func recordEvent(
        claimID id: Int64, kind: String, subjectNIK: String, date: String, user: String, on connection: Connection
    ) throws -> String? {
        try connection.execute(
            "SELECT claim_event_record(\(user), \(id), \(kind), \(subjectNIK), \(date)::date)")[0, 0]
    }
}
