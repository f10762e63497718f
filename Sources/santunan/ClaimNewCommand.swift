import ArgumentParser
import Foundation
import SantunanApp

/// `santunan claim new`: a claim started from the participant in the database (issue 18, CONTRACT §1).
struct ClaimNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: t("claims.help.new"),
        discussion: helpDiscussion(
            ["claims.help.new.discussion", "claims.help.new.discussion-2"],
            examples: [
                "santunan claim new",
                """
                santunan claim new --participant 22109900777 \\
                    --event work_accident_death --event-date 2022-11-14 \\
                    --heir relation=spouse,nik=1222014101850002,name=Siti \\
                    --document death_certificate --document family_card \\
                    --document police_report --payee-account BRINIDJA:012345678901 \\
                    --submit --as officer1
                """,
            ])
    )

    @Option(help: ArgumentHelp(t("claims.help.new.participant")))
    var participant: String?

    @Option(help: ArgumentHelp(t("claims.help.new.event")))
    var event: String?

    @Option(name: .customLong("event-date"), help: ArgumentHelp(t("claims.help.new.event-date")))
    var eventDate: String?

    @Option(name: .customLong("claim-date"), help: ArgumentHelp(t("claims.help.new.claim-date")))
    var claimDate: String?

    @Option(
        help: ArgumentHelp(t("claims.help.new.heir"), discussion: t("claims.help.new.heir.discussion")))
    var heir: [String] = []

    @Option(help: ArgumentHelp(t("claims.help.new.document")))
    var document: [String] = []

    @Option(name: .customLong("payee-account"), help: ArgumentHelp(t("claims.help.new.payee-account")))
    var payeeAccount: String?

    @Option(name: .customLong("incapacity-months"), help: ArgumentHelp(t("claims.help.new.incapacity-months")))
    var incapacityMonths: String?

    @Option(help: ArgumentHelp(t("claims.help.new.injury")))
    var injury: [String] = []

    @Option(help: ArgumentHelp(t("claims.help.new.transport")))
    var transport: [String] = []

    @Option(help: ArgumentHelp(t("claims.help.new.medical")))
    var medical: String?

    @Option(name: .customLong("home-care"), help: ArgumentHelp(t("claims.help.new.home-care")))
    var homeCare: String?

    @Flag(name: .customLong("total-permanent"), help: ArgumentHelp(t("claims.help.new.total-permanent")))
    var totalPermanent = false

    @Flag(name: .customLong("left-handed"), help: ArgumentHelp(t("claims.help.new.left-handed")))
    var leftHanded = false

    @Option(name: .customLong("case-id"), help: ArgumentHelp(t("claims.help.new.case-id")))
    var caseID: String?

    @Option(help: ArgumentHelp(t("claims.help.new.out")))
    var out: String?

    @Flag(help: ArgumentHelp(t("claims.help.new.submit")))
    var submit = false

    @Flag(help: ArgumentHelp(t("claims.help.new.json")))
    var json = false

    @Flag(name: .customLong("no-prompt"), help: ArgumentHelp(t("claims.help.new.no-prompt")))
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
        let outcome = try ClaimsUseCases(databaseURL: database.databaseURL).new(
            draft, console: console, out: out, submitAs: user)
        if json {
            say(outcome.resultJSON)
        } else {
            FileHandle.standardOutput.write(Data(outcome.resultText.utf8))
        }
        FileHandle.standardError.write(Data((t("claims.new.written", ["path": .text(outcome.path)]) + "\n").utf8))
        if let receipt = outcome.receipt {
            FileHandle.standardError.write(Data((receipt.text + "\n").utf8))
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
