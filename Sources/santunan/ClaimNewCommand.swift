import ArgumentParser
import Foundation
import SantunanApp

/// `santunan claim new`: a claim started from the participant in the database (issue 18, CONTRACT §1).
struct ClaimNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a claim from the participant: builds the case from the database and asks for the rest.",
        discussion: """
            The participant's memberships, segments, employers, sponsor windows and contribution history come \
            from the database. What only the officer knows is given by flags or, on a terminal, asked for (each \
            answer checked as typed, the allowed values offered): the event and its date, the heirs, the \
            documents received and the payee's bank account. Without a terminal a missing answer is an error \
            naming its flag (exit 64). A death at work or on the journey to or from work is a work accident: \
            --event work_accident_death.

            The case is computed and printed, and written to --out (default: CASE_ID.case.json in the current \
            directory; CASE_ID is KPJ-YYYYMMDD-EVENT, e.g. 22109900777-20221114-work_accident_death). --submit \
            also submits it, as `claim submit` does.

            Examples:
              santunan claim new
              santunan claim new --participant 22109900777 \\
                --event work_accident_death --event-date 2022-11-14 \\
                --heir relation=spouse,nik=1222014101850002,name=Siti \\
                --document death_certificate --document family_card \\
                --document police_report --payee-account BRINIDJA:012345678901 \\
                --submit --as officer1
            """
    )

    @Option(help: "The participant's KPJ or NIK.")
    var participant: String?

    @Option(help: "The event type: death, work_accident_death, occupational_disease_death, work_accident, ...")
    var event: String?

    @Option(name: .customLong("event-date"), help: "The event date, YYYY-MM-DD.")
    var eventDate: String?

    @Option(name: .customLong("claim-date"), help: "The claim date, YYYY-MM-DD (default: today).")
    var claimDate: String?

    @Option(
        help: ArgumentHelp(
            "An heir: relation=R,nik=N,name=TEXT,birth_date=DATE[,education=LEVEL:GRADE][,payee=yes] (repeat).",
            discussion: "The payee is the heir marked payee=yes, else the first."))
    var heir: [String] = []

    @Option(help: "A document received, by its key (repeat): death_certificate, family_card, police_report, ...")
    var document: [String] = []

    @Option(name: .customLong("payee-account"), help: "The payee's account BANK:NUMBER[:NAME] (BANK is the BIC).")
    var payeeAccount: String?

    @Option(name: .customLong("incapacity-months"), help: "Work accidents: months unable to work (STMB), 0-600.")
    var incapacityMonths: String?

    @Option(help: "Work accidents: an injury CODE[:PERCENT] of the rulebook's table (repeat).")
    var injury: [String] = []

    @Option(help: "Work accidents: a trip MODE:AMOUNT, MODE land, sea or air (repeat).")
    var transport: [String] = []

    @Option(help: "Work accidents: the medical cost, whole rupiah.")
    var medical: String?

    @Option(name: .customLong("home-care"), help: "Work accidents: the home-care cost, whole rupiah.")
    var homeCare: String?

    @Flag(name: .customLong("total-permanent"), help: "Work accidents: total permanent disability.")
    var totalPermanent = false

    @Flag(name: .customLong("left-handed"), help: "Work accidents: the participant is left-handed.")
    var leftHanded = false

    @Option(name: .customLong("case-id"), help: "The case id (default: KPJ-YYYYMMDD-EVENT).")
    var caseID: String?

    @Option(help: "Where to write the case file (default: CASE_ID.case.json).")
    var out: String?

    @Flag(help: "Submit the case at once (as `claim submit`; needs --as).")
    var submit = false

    @Flag(help: "Print the computed claim as one JSON document.")
    var json = false

    @Flag(name: .customLong("no-prompt"), help: "Never ask, even on a terminal: a missing answer is an error.")
    var noPrompt = false

    @OptionGroup var actingUser: ActingUserOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let user = submit ? try actingUser.require() : nil
        var draft = ClaimDraft()
        draft.participant = participant
        if let event { draft.eventType = try ClaimDraftInput.eventType(event) }
        if let eventDate { draft.eventDate = try ClaimDraftInput.date(eventDate, field: "--event-date") }
        if let claimDate { draft.claimDate = try ClaimDraftInput.date(claimDate, field: "--claim-date") }
        for text in heir { draft.heirs.append(try ClaimDraftInput.heir(text)) }
        for text in document {
            let key = try ClaimDraftInput.document(text)
            if !draft.documents.contains(key) { draft.documents.append(key) }
        }
        if let payeeAccount { draft.payeeAccount = try ClaimDraftInput.payeeAccount(payeeAccount) }
        draft.caseID = caseID
        if incapacityMonths != nil || !injury.isEmpty || !transport.isEmpty || medical != nil || homeCare != nil
            || totalPermanent || leftHanded
        {
            draft.accident = try ClaimDraftInput.accident(
                incapacityMonths: incapacityMonths, injuries: injury, transport: transport, medical: medical,
                homeCare: homeCare, totalPermanent: totalPermanent, leftHanded: leftHanded)
        }
        let console: TerminalConsole? = !noPrompt && isatty(0) == 1 ? TerminalConsole() : nil
        let outcome = try FrontDoor.claimNew(
            draft, console: console, databaseURL: database.databaseURL, out: out, submitAs: user)
        if json {
            say(outcome.resultJSON)
        } else {
            FileHandle.standardOutput.write(Data(outcome.resultText.utf8))
        }
        FileHandle.standardError.write(Data("case file written: \(outcome.path)\n".utf8))
        if let receipt = outcome.receipt {
            FileHandle.standardError.write(
                Data(
                    (receipt.created
                        ? "submitted \(receipt.caseID): submission \(receipt.submissionID), queued\n"
                        : "already submitted \(receipt.caseID): submission \(receipt.submissionID)\n").utf8))
        }
    }
}

/// The prompts on the terminal: questions on stderr (stdout stays the result), answers from stdin.
final class TerminalConsole: PromptConsole {
    func ask(_ prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        return readLine(strippingNewline: true)
    }

    func tell(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
