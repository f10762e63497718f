public import BenefitRules
import ClaimStore
import Foundation
import HeirQueue
import Logging
import Postgres

/// The claims family's use cases (issue 17): one method per `claim …` and `participant …` command. The CLI parses,
/// makes an ``AppSession``, calls one method and prints what it returns; the HTTP server can call the same methods.
/// The results are SantunanApp's own view types, rendered in the installed catalog's language.
public struct ClaimsUseCases {
    public let session: AppSession

    public init(_ session: AppSession) {
        self.session = session
    }

    /// The use cases on a new session of the claims office (`--database-url`, when given).
    public init(databaseURL: String?) throws(AppError) {
        self.init(try AppSession(label: "santunan.claim", databaseURL: databaseURL))
    }

    /// Today in WIB by the session's clock (`SANTUNAN_FIXED_CLOCK` for rehearsals and tests).
    var today: CivilDate { ClaimFiles.today(session.clock) }

    // MARK: claim compute

    /// A computed claim: the JSON document (CONTRACT §3, language-neutral) and the report for people.
    public struct Computed: Sendable {
        public var json: [UInt8]
        public var text: String
    }

    /// `claim compute CASE.json`: reads, validates and computes a case file; the database is opened only when a
    /// program needs a contribution history the case does not embed.
    public func compute(caseFile: String) throws(AppError) -> Computed {
        let claim = try ClaimFiles.readCase(at: caseFile, today: today)
        let session = self.session
        let result = try ClaimFiles.compute(claim, with: try ClaimFiles.calculator(paths: session.paths)) {
            () throws(AppError) -> Connection in
            // Its own connection: ClaimFiles.compute closes it when the histories are read.
            try session.target.openMigrated(paths: session.paths, logger: session.logger)
        }
        return Computed(json: result.jsonBytes(), text: resultText().render(result))
    }

    /// The result view in the installed language.
    func resultText() -> ClaimResultText {
        ClaimResultText(catalog: Texts.catalog, english: Texts.english)
    }

    // MARK: claim submit

    /// `claim submit CASE.json --as U`: validates (parses) the case, stores it and queues its computation.
    public func submit(caseFile: String, user: String) throws(AppError) -> SubmissionReceipt {
        try SubmissionService.submit(caseFile: caseFile, user: user, queue: JobQueue(), on: try session.database())
    }

    // MARK: claim list

    /// What `claim list` is asked for; each condition given must hold.
    public struct ListQuery: Sendable, Hashable {
        /// A NIK (16 digits), a KPJ (other digits) or a part of the participant's name.
        public var participant: String?
        public var nik: String?
        public var kpj: String?
        public var name: String?
        public var status: String?
        public var program: String?
        /// Event dates, `YYYY-MM-DD`, inclusive.
        public var from: String?
        public var to: String?

        public init() {}
    }

    /// One claim of `claim list`.
    public struct ListedClaim: Sendable, Hashable {
        public var claimID: Int64
        public var caseID: String
        public var name: String
        public var nik: String
        public var kpj: String
        public var eventType: String
        public var eventDate: String
        /// `payable`, `incomplete`, `rejected` or `pending`.
        public var status: String
        public var total: Int64?
        public var payableNow: Int64?
        public var submittedBy: String
    }

    /// `claim list [--participant P] [--nik N] [--kpj K] [--name TEXT] [--status S] [--program P] [--from D] [--to D]`.
    public func list(_ query: ListQuery) throws(AppError) -> [ListedClaim] {
        var filter = SubmissionFilter()
        if let status = query.status {
            guard ["payable", "incomplete", "rejected", "pending"].contains(status) else {
                throw AppError(
                    .usage, field: "--status",
                    reason: t("claims.list.status-invalid", ["given": .text(status)]))
            }
            filter.status = status
        }
        if let program = query.program {
            let upper = program.uppercased()
            guard ["JKK", "JKM", "JHT", "JP"].contains(upper) else {
                throw AppError(
                    .usage, field: "--program", reason: t("claims.list.program-invalid", ["given": .text(program)]))
            }
            filter.program = upper
        }
        if let participant = query.participant {
            switch ParticipantReference(participant) {
            case .nik(let nik): filter.nik = nik
            case .kpj(let kpj): filter.kpj = kpj
            case .name(let name):
                guard !name.isEmpty else {
                    throw AppError(.usage, field: "--participant", reason: t("claims.list.participant-empty"))
                }
                filter.name = name
            }
        }
        if let nik = query.nik {
            guard nik.utf8.count == 16, nik.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw AppError(.usage, field: "--nik", reason: t("claims.list.nik-invalid"))
            }
            filter.nik = nik
        }
        if let kpj = query.kpj { filter.kpj = kpj }
        if let name = query.name { filter.name = name }
        for (field, value) in [("--from", query.from), ("--to", query.to)] {
            guard let value else { continue }
            guard value.utf8.count == 10, CivilDate(iso: value) != nil else {
                throw AppError(.usage, field: field, reason: DateAnswers.reason(value, else: "claims.date-invalid"))
            }
        }
        filter.eventFrom = query.from
        filter.eventTo = query.to
        let connection = try session.database()
        do {
            return try SubmissionStore.list(filter, on: connection).map(ListedClaim.init)
        } catch {
            throw Faults.appError(error)
        }
    }

    // MARK: claim show

    /// `claim show ID|CASE_ID`: the readable page and the JSON document.
    public func show(_ reference: String) throws(AppError) -> ClaimPage {
        let connection = try session.database()
        let view = try SubmissionService.show(reference: reference, on: connection)
        let documents = try DocumentRules.load(paths: session.paths)
        var claim: Case?
        do {
            let text = try SubmissionStore.caseDocument(id: view.summary.id, on: connection)
            claim = try? Case.parse(Array(text.utf8))
        } catch {
            throw Faults.appError(error)
        }
        return ClaimPage(view: view, claim: claim, documents: documents, text: resultText())
    }

    // MARK: claim documents

    /// `claim documents ID --add KEY… --as U`.
    public func addDocuments(_ reference: String, documents: [String], heirNIK: String?, user: String)
        throws(AppError) -> DocumentsReceipt
    {
        guard !documents.isEmpty else {
            throw AppError(.usage, field: "--add", reason: t("claims.documents.name-one"))
        }
        // A mistyped key on the command line is a usage error (64), as `claim new --document` says it; the same key
        // in an HTTP body stays invalid data (SubmissionService, 65).
        for document in documents { _ = try ClaimDraftInput.document(document, field: "--add") }
        return try SubmissionService.addDocuments(
            reference: reference, documents: documents, heirNIK: heirNIK, user: user, queue: JobQueue(),
            on: try session.database())
    }

    // MARK: claim amend

    /// `claim amend ID CASE.json --reason TEXT --as U`.
    public func amend(_ reference: String, caseFile: String, reason: String, user: String) throws(AppError)
        -> AmendmentReceipt
    {
        try SubmissionService.amend(
            reference: reference, caseFile: caseFile, reason: reason, user: user,
            calculator: try ClaimFiles.calculator(paths: session.paths), on: try session.database())
    }

    // MARK: claim event

    /// A survivor event as `claim event` recorded it.
    public struct RecordedEvent: Sendable, Hashable {
        public var claimID: Int64
        /// `remarried`, `child_married`, `child_working`.
        public var kind: String
        public var nik: String
        /// `YYYY-MM-DD`.
        public var date: String
        public var recordedBy: String
    }

    /// `claim event ID (--remarried DATE | --child-working NIK DATE | --child-married NIK DATE) --as U`: exactly one
    /// of the three is given.
    public func recordEvent(
        _ reference: String, remarried: String?, childWorking: [String], childMarried: [String], user: String
    ) throws(AppError) -> RecordedEvent {
        let given = [remarried != nil, !childWorking.isEmpty, !childMarried.isEmpty].filter { $0 }.count
        guard given == 1 else {
            throw AppError(.usage, field: "--remarried", reason: t("claims.event.give-one"))
        }
        let kind: PensionInPayment.SurvivorEvent.Kind
        var nik: String?
        let dateText: String
        let option: String
        if let remarried {
            (kind, dateText, option) = (.remarried, remarried, "--remarried")
        } else {
            let values = childWorking.isEmpty ? childMarried : childWorking
            option = childWorking.isEmpty ? "--child-married" : "--child-working"
            kind = childWorking.isEmpty ? .childMarried : .childWorking
            guard values.count == 2 else {
                throw AppError(.usage, field: option, reason: t("claims.event.nik-and-date", ["option": .text(option)]))
            }
            nik = values[0]
            dateText = values[1]
            guard values[0].count == 16, values[0].allSatisfy(\.isASCII), values[0].allSatisfy(\.isNumber) else {
                throw AppError(.invalidData, field: option, reason: t("claims.event.nik-invalid"))
            }
        }
        guard let date = CivilDate(iso: dateText) else {
            throw AppError(.usage, field: option, reason: DateAnswers.reason(dateText, else: "claims.date-invalid"))
        }
        let recorded = try ClaimEvents.record(
            reference: reference, kind: kind, nik: nik, date: date, user: user, on: try session.database())
        return RecordedEvent(
            claimID: recorded.claimID, kind: recorded.kind.rawValue, nik: recorded.nik,
            date: recorded.date.description, recordedBy: recorded.recordedBy)
    }

    // MARK: claim new

    /// `claim new`: completes `draft` (prompting on `console`), builds the case from the database, computes it,
    /// writes the case file and, with `submitAs`, submits it.
    public func new(_ draft: ClaimDraft, console: (any PromptConsole)?, out: String?, submitAs user: String?)
        throws(AppError) -> ClaimNewOutcome
    {
        try FrontDoor.claimNew(
            draft, console: console, session: session, text: resultText(), out: out, submitAs: user)
    }

    // MARK: participant

    /// `participant show KPJ|NIK|NAME`.
    public func participant(_ reference: String) throws(AppError) -> ParticipantProfile {
        try FrontDoor.show(reference, session: session)
    }

    /// `participant find TEXT`.
    public func findParticipants(_ text: String) throws(AppError) -> [ParticipantFound] {
        try FrontDoor.find(text, session: session)
    }
}

extension AmendmentReceipt {
    /// The corrected claim's status (`payable`, `incomplete`, `rejected`) and total, as computed now.
    public var status: String { result.status.rawValue }
    public var total: Int64 { result.total.value }
}

extension ClaimsUseCases.ListedClaim {
    init(_ summary: SubmissionSummary) {
        self.init(
            claimID: summary.id, caseID: summary.caseID, name: summary.participantName, nik: summary.participantNIK,
            kpj: summary.kpj, eventType: summary.eventType, eventDate: summary.eventDate,
            status: summary.status ?? "pending", total: summary.total, payableNow: summary.payableNow,
            submittedBy: summary.submittedBy)
    }
}

extension ParticipantProfile {
    /// The participant's claims as `claim list` lists them.
    public var listedClaims: [ClaimsUseCases.ListedClaim] { claims.map(ClaimsUseCases.ListedClaim.init) }
}

extension AmendmentReceipt {
    /// `{"claim_id": …, "case_id": …, "version": …, "status": …, "total": …, "queued": true}`.
    public var json: String {
        "{\"claim_id\": \(submissionID), \"case_id\": \(JSONText.quote(caseID)), \"version\": \(version), "
            + "\"status\": \(JSONText.quote(status)), \"total\": \(total), \"queued\": true}"
    }

    /// `amended CASE: claim N version V, now STATUS Rp …; queued for recomputation`.
    public var text: String {
        t(
            "claims.amend.done",
            [
                "case": .text(caseID), "id": .text(String(submissionID)), "version": .text(String(version)),
                "status": .text(t("claims.status.\(status)")), "total": .rupiah(total),
            ])
    }
}

extension DocumentsReceipt {
    /// `{"claim_id": …, "added": […], "requeued": …}`.
    public var json: String {
        "{\"claim_id\": \(submissionID), \"added\": [" + added.map(JSONText.quote).joined(separator: ", ")
            + "], \"requeued\": \(requeued)}"
    }

    /// `claim N: added KEY, KEY; queued for recomputation` (or why it is not recomputed).
    public var text: String {
        let arguments: [String: MessageArgument] = [
            "id": .text(String(submissionID)), "documents": .text(added.joined(separator: ", ")),
            "status": .text(t("claims.status.\(status ?? "pending")")),
        ]
        return requeued
            ? t("claims.documents.added-requeued", arguments.filter { $0.key != "status" })
            : t("claims.documents.added-kept", arguments)
    }
}

extension ClaimsUseCases.RecordedEvent {
    /// `{"claim_id": …, "event": …, "nik": …, "date": …, "recorded_by": …}`.
    public var json: String {
        "{\"claim_id\": \(claimID), \"event\": \(JSONText.quote(kind)), \"nik\": \(JSONText.quote(nik)), "
            + "\"date\": \"\(date)\", \"recorded_by\": \(JSONText.quote(recordedBy))}"
    }

    /// `claim N: remarried of NIK on DATE recorded; …`.
    public var text: String {
        t(
            "claims.event.recorded",
            [
                "id": .text(String(claimID)), "event": .text(t("claims.survivor-event.\(kind)")), "nik": .text(nik),
                "date": ClaimPage.isoDate(date),
            ])
    }
}
