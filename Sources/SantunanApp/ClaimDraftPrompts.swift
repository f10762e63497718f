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
    /// Fills `draft` and returns the stored participant it names (found through `lookup`).
    public static func complete(
        _ draft: inout ClaimDraft, console: (any PromptConsole)?,
        lookup: (String) throws(AppError) -> StoredParticipant
    ) throws(AppError) -> StoredParticipant {
        let asker = Asker(console: console)
        if draft.participant == nil {
            draft.participant = try asker.ask("Participant (KPJ, NIK or name)", flag: "--participant") {
                text throws(AppError) in
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { throw AppError(.usage, field: "--participant", reason: "is required") }
                return trimmed
            }
        }
        let stored: StoredParticipant
        while true {
            do {
                stored = try lookup(draft.participant!)
                break
            } catch {
                // A mistyped KPJ on a terminal is asked again; from a flag it is the error.
                guard let console, error.status == .invalidData else { throw error }
                console.tell("  \(error.reason)")
                draft.participant = try asker.ask("Participant (KPJ, NIK or name)", flag: "--participant") {
                    text throws(AppError) in text.trimmingCharacters(in: .whitespaces)
                }
            }
        }
        if let console {
            console.tell("\(stored.name), NIK \(stored.nik), born \(stored.birthDate)")
            for membership in stored.memberships {
                var line =
                    "  KPJ \(membership.kpj) \(membership.segment) "
                    + "\(membership.employerName ?? membership.workDescription ?? "") since \(membership.start)"
                if let window = membership.sponsorWindows.last {
                    line += ", paid by \(window.sponsor) \(window.from) to \(window.to)"
                }
                console.tell(line)
            }
        }
        if draft.eventType == nil {
            console?.tell("Event types:")
            for (type, meaning) in ClaimDraftInput.eventChoices { console?.tell("  \(type.rawValue): \(meaning)") }
            draft.eventType = try asker.ask("Event type", flag: "--event") { text throws(AppError) in
                try ClaimDraftInput.eventType(text)
            }
        }
        if draft.eventDate == nil {
            draft.eventDate = try asker.ask("Event date (YYYY-MM-DD)", flag: "--event-date") { text throws(AppError) in
                try ClaimDraftInput.date(text, field: "--event-date")
            }
        }
        if draft.claimDate == nil, console != nil {
            draft.claimDate = try asker.ask("Claim date (YYYY-MM-DD, empty = today)", flag: "--claim-date") {
                text throws(AppError) -> CivilDate? in
                text.trimmingCharacters(in: .whitespaces).isEmpty
                    ? nil : try ClaimDraftInput.date(text, field: "--claim-date")
            }
        }
        if draft.eventType == .workAccident, draft.accident == nil {
            guard console != nil else {
                throw AppError(
                    .usage, field: "--incapacity-months",
                    reason: "a work accident states the months unable to work (0 if none); add --injury, "
                        + "--transport, --medical, --home-care as they apply")
            }
            draft.accident = try askAccident(asker: asker)
        }
        guard draft.eventType!.isDeath else { return stored }
        if draft.heirs.isEmpty {
            guard console != nil else {
                throw AppError(
                    .usage, field: "--heir",
                    reason: "a death claim names its heirs: --heir relation=R,nik=N,name=TEXT,birth_date=DATE")
            }
            try askHeirs(&draft, asker: asker)
        }
        if draft.documents.isEmpty {
            guard let console else {
                throw AppError(
                    .usage, field: "--document",
                    reason: "name each document received with --document KEY (one of "
                        + Document.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            let required = requiredDocuments(draft, stored: stored)
            console.tell("Required for \(draft.eventType!.rawValue): " + ClaimDraftInput.documentList(required))
            console.tell("Known documents: " + ClaimDraftInput.documentList(Document.allCases))
            draft.documents = try asker.ask("Documents received (keys separated by commas)", flag: "--document") {
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
                    reason: "the payee's bank account is required: --payee-account BANK:NUMBER[:NAME]")
            }
            draft.payeeAccount = try asker.ask(
                "Payee's bank account BANK:NUMBER[:NAME] (e.g. BRINIDJA:012345678901)", flag: "--payee-account"
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
        accident.incapacityMonths = try asker.ask("Months unable to work (STMB, 0-600)", flag: "--incapacity-months") {
            text throws(AppError) in try ClaimDraftInput.months(text, field: "--incapacity-months")
        }
        accident.injuries = try asker.ask(
            "Injuries CODE[:PERCENT] separated by commas (codes as in docs/case-file.md; empty = none)",
            flag: "--injury"
        ) { text throws(AppError) in
            var injuries: [Injury] = []
            for part in text.split(separator: ",") { injuries.append(try ClaimDraftInput.injury(String(part))) }
            return injuries
        }
        accident.transport = try asker.ask(
            "Transport MODE:AMOUNT separated by commas (land, sea, air; empty = none)", flag: "--transport"
        ) { text throws(AppError) in
            var trips: [TransportClaim] = []
            for part in text.split(separator: ",") { trips.append(try ClaimDraftInput.transport(String(part))) }
            return trips
        }
        accident.medical = try asker.ask("Medical cost in rupiah (empty = 0)", flag: "--medical") {
            text throws(AppError) in
            text.trimmingCharacters(in: .whitespaces).isEmpty
                ? .zero : try ClaimDraftInput.rupiah(text, field: "--medical")
        }
        accident.homeCare = try asker.ask("Home-care cost in rupiah (empty = 0)", flag: "--home-care") {
            text throws(AppError) in
            text.trimmingCharacters(in: .whitespaces).isEmpty
                ? .zero : try ClaimDraftInput.rupiah(text, field: "--home-care")
        }
        accident.totalPermanent = try asker.ask(
            "Total permanent disability? (yes/no, empty = no)", flag: "--total-permanent"
        ) {
            text throws(AppError) in
            if text.trimmingCharacters(in: .whitespaces).isEmpty { return false }
            guard let yes = ClaimDraftInput.yesNo(text) else {
                throw AppError(.usage, field: "--total-permanent", reason: "answer yes or no")
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
                "Heir \(number) relation (\(relations); empty = no more heirs)", flag: "--heir"
            ) { text throws(AppError) -> Heir.Relation? in
                text.trimmingCharacters(in: .whitespaces).isEmpty
                    ? nil : try ClaimDraftInput.relation(text, field: "--heir relation")
            }
            guard let relation else { break }
            let nik = try asker.ask("Heir \(number) NIK (16 digits)", flag: "--heir") { text throws(AppError) in
                try ClaimDraftInput.nik(text, field: "--heir nik")
            }
            let name = try asker.ask("Heir \(number) name", flag: "--heir") { text throws(AppError) in
                try ClaimDraftInput.name(text, field: "--heir name")
            }
            var heir = Heir(nik: nik, name: name, relation: relation)
            let child = relation == .child
            heir.birthDate = try asker.ask(
                "Heir \(number) birth date (YYYY-MM-DD\(child ? "" : ", empty = not given"))", flag: "--heir"
            ) { text throws(AppError) -> CivilDate? in
                if !child, text.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
                return try ClaimDraftInput.date(text, field: "--heir birth_date")
            }
            if child {
                let levels = Education.Level.allCases.map(\.rawValue).joined(separator: ", ")
                heir.education = try asker.ask(
                    "Heir \(number) education LEVEL:GRADE (\(levels); e.g. SMP:2; empty = not in school)",
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
            let payee = try asker.ask("Which heir receives the payment? (1-\(count), empty = 1)", flag: "--heir") {
                text throws(AppError) -> Int in
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { return 1 }
                guard let number = Int(trimmed), (1...count).contains(number) else {
                    throw AppError(.usage, field: "--heir payee", reason: "answer a number from 1 to \(count)")
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
            throw AppError(.usage, field: flag, reason: "is required (no terminal to ask on)")
        }
        while true {
            guard let answer = console.ask(prompt + ": ") else {
                throw AppError(.usage, field: flag, reason: "the input ended before it was answered")
            }
            do {
                return try read(answer)
            } catch {
                console.tell("  \(error.reason)")
            }
        }
    }
}
