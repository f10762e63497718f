import ArgumentParser
import SantunanApp

/// `santunan claim payee CLAIM [--heir NIK] --account BANK:NUMBER[:NAME] --as U`.
struct ClaimPayeeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payee",
        abstract: t("payouts.payee.abstract"),
        discussion: PayoutCLI.help(
            [t("payouts.payee.discussion")],
            examples: [
                "santunan claim payee PMS-2024-0401 --heir 1272014101870002 \\\n      --account BRINIDJA:012345678901 --as ani",
                "santunan claim payee PMS-2024-0401 \\\n      --account \"CENAIDJA:4410987654:Dewi Lestari\" --as ani",
            ]))

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actingUser: ActingUserOptions

    @Argument(help: ArgumentHelp(t("payouts.payee.claim-help")))
    var claim: String

    @Option(help: ArgumentHelp(t("payouts.payee.heir-help")))
    var heir: String?

    @Option(help: ArgumentHelp(t("payouts.payee.account-help")))
    var account: String

    func run() throws {
        let user = try actingUser.require()
        let payee = try PayoutCLI.run(database) {
            try $0.setPayee(claim: claim, heir: heir, account: account, by: user)
        }
        say(
            t(
                "payouts.payee.stored",
                ["claim": .text(payee.caseID), "bank": .text(payee.bic), "holder": .text(payee.holder)]))
        if payee.releasable > 0 {
            say(t("payouts.payee.releasable", ["count": .number(payee.releasable)]))
        }
    }
}
