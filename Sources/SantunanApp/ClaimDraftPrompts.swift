import BenefitRules
public import ClaimStore
import Foundation
import SantunanValues

/// Where `claim new` asks its questions: the terminal in the CLI, a script of answers in tests.
public protocol PromptConsole: AnyObject {
    /// Shows `prompt` and reads one answer line (without its line break); nil at the end of input.
    func ask(_ prompt: String) -> String?
    /// Shows one line of information.
    func tell(_ line: String)
}

/// Completing a ``ClaimDraft``: with a console, every missing answer is asked for, checked as typed (a wrong answer
/// is explained and asked again, the allowed values offered); without one (no terminal), the first missing answer
/// is a usage error naming its flag (exit 64), never a prompt.
public enum ClaimDraftPrompts {
    /// Fills `draft` and returns the stored participant it names (found through `lookup`); `documents` names the
    /// documents as the office does.
    public static func complete(
        _ draft: inout ClaimDraft, console: (any PromptConsole)?, documents: DocumentRules,
        lookup: (String) throws(AppError) -> StoredParticipant
    ) throws(AppError) -> StoredParticipant {
        let asker = Asker(console: console)
        if draft.participant == nil {
            draft.participant = try asker.ask(t("claims.prompt.participant"), flag: "--participant") {
                text throws(AppError) in
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else {
                    throw AppError(.usage, field: "--participant", reason: t("claims.input.required"))
                }
                return trimmed
            }
        }
        let stored: StoredParticipant
        while true {
            do {
                stored = try lookup(draft.participant!)
                break
            } catch {
                // A mistyped KPJ on a terminal is asked again (not found is 66 since Session 6, several matches
                // 65); from a flag it is the error.
                guard let console, error.status == .inputMissing || error.status == .invalidData else { throw error }
                console.tell("  \(error.reason)")
                draft.participant = try asker.ask(t("claims.prompt.participant"), flag: "--participant") {
                    text throws(AppError) in text.trimmingCharacters(in: .whitespaces)
                }
            }
        }
        if let console {
            console.tell(
                stored.name + ", "
                    + t(
                        "claims.participant.born",
                        ["nik": .text(stored.nik), "date": ClaimPage.isoDate(stored.birthDate)]))
            for membership in stored.memberships {
                var line = t(
                    "claims.prompt.membership",
                    [
                        "kpj": .text(membership.kpj), "segment": .text(membership.segment),
                        "employer": .text(membership.employerName ?? membership.workDescription ?? ""),
                        "since": ClaimPage.isoDate(membership.start),
                    ])
                if let window = membership.sponsorWindows.last {
                    line += t(
                        "claims.prompt.paid-by",
                        [
                            "sponsor": .text(window.sponsor), "from": ClaimPage.isoDate(window.from),
                            "to": ClaimPage.isoDate(window.to),
                        ])
                }
                console.tell("  " + line)
            }
        }
        if draft.eventType == nil {
            console?.tell(t("claims.prompt.event-types"))
            for type in ClaimDraftInput.eventChoices {
                console?.tell("  \(type.rawValue): " + t("claims.event-meaning.\(type.rawValue)"))
            }
            draft.eventType = try asker.ask(t("claims.prompt.event-type"), flag: "--event") { text throws(AppError) in
                try ClaimDraftInput.eventType(text)
            }
        }
        if draft.eventDate == nil {
            draft.eventDate = try asker.ask(t("claims.prompt.event-date"), flag: "--event-date") {
                text throws(AppError) in
                try ClaimDraftInput.date(text, field: "--event-date")
            }
        }
        if draft.claimDate == nil, console != nil {
            draft.claimDate = try asker.ask(t("claims.prompt.claim-date"), flag: "--claim-date") {
                text throws(AppError) -> CivilDate? in
                text.trimmingCharacters(in: .whitespaces).isEmpty
                    ? nil : try ClaimDraftInput.date(text, field: "--claim-date")
            }
        }
        if draft.eventType == .workAccident, draft.accident == nil {
            guard console != nil else {
                throw AppError(
                    .usage, field: "--incapacity-months",
                    reason: t("claims.input.accident-months"))
            }
            draft.accident = try askAccident(asker: asker)
        }
        guard draft.eventType!.isDeath else { return stored }
        if draft.heirs.isEmpty {
            guard console != nil else {
                throw AppError(
                    .usage, field: "--heir",
                    reason: t("claims.input.heirs"))
            }
            try askHeirs(&draft, asker: asker)
        }
        if draft.documents.isEmpty {
            guard let console else {
                throw AppError(
                    .usage, field: "--document",
                    reason: t(
                        "claims.input.documents",
                        ["keys": .text(Document.allCases.map(\.rawValue).joined(separator: ", "))]))
            }
            let required = requiredDocuments(draft, stored: stored)
            console.tell(
                t(
                    "claims.prompt.required-documents",
                    [
                        "event": .text(draft.eventType!.rawValue),
                        "documents": .text(ClaimDraftInput.documentList(required, rules: documents)),
                    ]))
            console.tell(
                t(
                    "claims.prompt.known-documents",
                    ["documents": .text(ClaimDraftInput.documentList(Document.allCases, rules: documents))]))
            draft.documents = try asker.ask(t("claims.prompt.documents"), flag: "--document") {
                text throws(AppError) in
                var documents: [Document] = []
                for part in text.split(separator: ",") {
                    let document = try ClaimDraftInput.document(String(part))
                    if !documents.contains(document) { documents.append(document) }
                }
                return documents
            }
        }
        if draft.payeeAccount == nil, !draft.heirs.isEmpty {
            guard console != nil else {
                throw AppError(
                    .usage, field: "--payee-account",
                    reason: t("claims.input.payee-account"))
            }
            draft.payeeAccount = try asker.ask(
                t("claims.prompt.payee-account"), flag: "--payee-account"
            ) { text throws(AppError) in try ClaimDraftInput.payeeAccount(text) }
        }
        return stored
    }

    /// The documents the checklist asks for this draft's event and heirs (RULEBOOK §4).
    static func requiredDocuments(_ draft: ClaimDraft, stored: StoredParticipant) -> [Document] {
        let heirs = draft.heirs
        return DocumentChecklist.required(
            for: draft.eventType!, spouseEntitled: heirs.contains { $0.relation == .spouse },
            noHeir: !heirs.contains { $0.relation.heirClass != nil },
            wageListSegment: stored.memberships.contains { $0.segment != "BPU" })
    }

    static func askAccident(asker: Asker) throws(AppError) -> Accident {
        var accident = Accident()
        accident.incapacityMonths = try asker.ask(t("claims.prompt.months"), flag: "--incapacity-months") {
            text throws(AppError) in try ClaimDraftInput.months(text, field: "--incapacity-months")
        }
        accident.injuries = try asker.ask(
            t("claims.prompt.injuries"),
            flag: "--injury"
        ) { text throws(AppError) in
            var injuries: [Injury] = []
            for part in text.split(separator: ",") { injuries.append(try ClaimDraftInput.injury(String(part))) }
            return injuries
        }
        accident.transport = try asker.ask(
            t("claims.prompt.transport"), flag: "--transport"
        ) { text throws(AppError) in
            var trips: [TransportClaim] = []
            for part in text.split(separator: ",") { trips.append(try ClaimDraftInput.transport(String(part))) }
            return trips
        }
        accident.medical = try asker.ask(t("claims.prompt.medical"), flag: "--medical") {
            text throws(AppError) in
            text.trimmingCharacters(in: .whitespaces).isEmpty
                ? .zero : try ClaimDraftInput.rupiah(text, field: "--medical")
        }
        accident.homeCare = try asker.ask(t("claims.prompt.home-care"), flag: "--home-care") {
            text throws(AppError) in
            text.trimmingCharacters(in: .whitespaces).isEmpty
                ? .zero : try ClaimDraftInput.rupiah(text, field: "--home-care")
        }
        accident.totalPermanent = try asker.ask(
            t("claims.prompt.total-permanent"), flag: "--total-permanent"
        ) {
            text throws(AppError) in
            if text.trimmingCharacters(in: .whitespaces).isEmpty { return false }
            guard let yes = ClaimDraftInput.yesNo(text) else {
                throw AppError(.usage, field: "--total-permanent", reason: t("claims.input.answer-yes-no"))
            }
            return yes
        }
        return accident
    }

    static func askHeirs(_ draft: inout ClaimDraft, asker: Asker) throws(AppError) {
        let relations = Heir.Relation.allCases.map(\.rawValue).joined(separator: ", ")
        while true {
            let number = draft.heirs.count + 1
            let relation = try asker.ask(
                t("claims.prompt.heir-relation", ["number": .number(number), "relations": .text(relations)]),
                flag: "--heir"
            ) { text throws(AppError) -> Heir.Relation? in
                text.trimmingCharacters(in: .whitespaces).isEmpty
                    ? nil : try ClaimDraftInput.relation(text, field: "--heir relation")
            }
            guard let relation else {
                // An empty first answer would make a death claim without heirs, whose santunan goes to the Dana
                // Jaminan Sosial: too much for one Enter key, and the flags never allow it (--heir is required).
                if draft.heirs.isEmpty {
                    let none = try asker.ask(t("claims.prompt.no-heir"), flag: "--heir") {
                        text throws(AppError) -> Bool in
                        if text.trimmingCharacters(in: .whitespaces).isEmpty { return false }
                        guard let yes = ClaimDraftInput.yesNo(text) else {
                            throw AppError(.usage, field: "--heir", reason: t("claims.input.answer-yes-no"))
                        }
                        return yes
                    }
                    if !none { continue }
                }
                break
            }
            let nik = try asker.ask(t("claims.prompt.heir-nik", ["number": .number(number)]), flag: "--heir") { text throws(AppError) in
                try ClaimDraftInput.nik(text, field: "--heir nik")
            }
            let name = try asker.ask(t("claims.prompt.heir-name", ["number": .number(number)]), flag: "--heir") { text throws(AppError) in
                try ClaimDraftInput.name(text, field: "--heir name")
            }
            var heir = Heir(nik: nik, name: name, relation: relation)
            let child = relation == .child
            heir.birthDate = try asker.ask(
                t(child ? "claims.prompt.heir-birth-child" : "claims.prompt.heir-birth", ["number": .number(number)]),
                flag: "--heir"
            ) { text throws(AppError) -> CivilDate? in
                if !child, text.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
                return try ClaimDraftInput.date(text, field: "--heir birth_date")
            }
            if child {
                let levels = Education.Level.allCases.map(\.rawValue).joined(separator: ", ")
                heir.education = try asker.ask(
                    t("claims.prompt.heir-education", ["number": .number(number), "levels": .text(levels)]),
                    flag: "--heir"
                ) { text throws(AppError) -> Education? in
                    text.trimmingCharacters(in: .whitespaces).isEmpty
                        ? nil : try ClaimDraftInput.education(text, field: "--heir education")
                }
            }
            draft.heirs.append(heir)
        }
        if draft.heirs.count > 1 {
            let count = draft.heirs.count
            let payee = try asker.ask(t("claims.prompt.payee", ["count": .number(count)]), flag: "--heir") {
                text throws(AppError) -> Int in
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { return 1 }
                guard let number = Int(trimmed), (1...count).contains(number) else {
                    throw AppError(
                        .usage, field: "--heir payee",
                        reason: t("claims.input.answer-number", ["count": .number(count)]))
                }
                return number
            }
            draft.heirs[payee - 1].payee = true
        }
    }
}

/// Asks one question until the answer reads, or fails naming the flag when there is no console.
final class Asker {
    let console: (any PromptConsole)?

    init(console: (any PromptConsole)?) { self.console = console }

    func ask<T>(_ prompt: String, flag: String, _ read: (String) throws(AppError) -> T) throws(AppError) -> T {
        guard let console else {
            throw AppError(.usage, field: flag, reason: t("claims.input.no-terminal"))
        }
        while true {
            guard let answer = console.ask(prompt + ": ") else {
                // Ctrl-D leaves the cursor after the prompt: end its line so the error starts one of its own.
                console.tell("")
                throw AppError(.usage, field: flag, reason: t("claims.input.ended", ["flag": .text(flag)]))
            }
            do {
                return try read(answer)
            } catch {
                console.tell("  \(error.reason)")
            }
        }
    }
}
