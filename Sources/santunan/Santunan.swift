import ArgumentParser
import Foundation
import SantunanApp

/// `santunan`: compute and pay BPJS Ketenagakerjaan benefits (CONTRACT §1).
@main
struct Santunan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "santunan",
        abstract: t("ops.help.santunan.abstract"),
        discussion: helpDiscussion(
            ["ops.help.santunan.exit-codes", "ops.help.santunan.language", "ops.help.santunan.completion"],
            examples: [
                "santunan demo",
                "santunan claim compute cases/seed-honorer-jkm-42jt-a.case.json",
                "santunan rules show --program JKM --on 2022-01-18",
                "santunan db status",
                "santunan --lang id report sla",
            ]),
        version: SantunanVersion.current,
        subcommands: [
            DemoCommand.self, ClaimCommand.self, RulesCommand.self, QueueCommand.self, WorkerCommand.self,
            BatchCommand.self, PayoutsCommand.self, LedgerCommand.self, ImportCommand.self, SampleCommand.self,
            ReportCommand.self, DatabaseCommand.self, ParticipantCommand.self, ServeCommand.self, UserCommand.self,
        ]
    )

    /// Runs the command; an ``AppError`` becomes the contract's one-line `error: <field>: <reason>` and exit status.
    static func main() {
        ProcessLogging.bootstrap()
        do {
            // `--lang` is read before the parser so that help, usage errors and every message are in the chosen
            // language; it is taken out of the arguments, so every command accepts it (issue 20).
            let (arguments, language) = try languageArgument(Array(CommandLine.arguments.dropFirst()))
            // A bad --lang or SANTUNAN_LANG, or broken catalogs, stop here; outside a checkout (no config/) the
            // command itself says so, in English.
            if let failure = installCatalog(language), language != nil || failure.field != "config" {
                throw failure
            }
            var command: any ParsableCommand
            do {
                command = try parseAsRoot(arguments)
            } catch {
                // An AppError thrown by a `validate()` (OutputOptions: --json with --csv, a bad --csv-separator)
                // comes back wrapped by the parser; it is still the contract's usage error, not exit 1 "Error:".
                throw wrappedAppError(error) ?? error
            }
            try command.run()
        } catch let failure as AppError {
            // The one place errors are printed: whatever input the message quotes, it stays one line.
            let shown = Faults.localized(failure)
            FileHandle.standardError.write(Data("error: \(PrintableText.escaped(shown.description))\n".utf8))
            Foundation.exit(failure.status.rawValue)
        } catch {
            let code = exitCode(for: error)
            guard code != .success else {
                // Help (`--help`, `help …`, a command group run bare): ArgumentParser's own words in the chosen
                // language. English is left to ArgumentParser, byte for byte.
                guard Texts.language != .english else { exit(withError: error) }
                FileHandle.standardOutput.write(Data((localizedParserText(fullMessage(for: error)) + "\n").utf8))
                Foundation.exit(code.rawValue)
            }
            if code == .failure {
                // Not the parser's: a typed error of a lower module that a command let through. It gets the contract's
                // status and line from the one mapping, never ArgumentParser's generic exit 1.
                let shown = Faults.localized(Faults.appError(error))
                FileHandle.standardError.write(Data("error: \(PrintableText.escaped(shown.description))\n".utf8))
                Foundation.exit(shown.status.rawValue)
            }
            // ArgumentParser's messages quote the arguments (an unknown option, a bad value): an argument holding
            // control characters is escaped whole (its line breaks too); the usage text's own line breaks stay.
            var message = fullMessage(for: error)
            for argument in CommandLine.arguments.dropFirst()
            where argument.unicodeScalars.contains(where: PrintableText.isControl) {
                message = message.replacingOccurrences(of: argument, with: PrintableText.escaped(argument))
            }
            message = message.split(separator: "\n", omittingEmptySubsequences: false)
                .map { PrintableText.escaped(String($0), limit: 4000) }.joined(separator: "\n")
            // One error prefix (issue 18): ArgumentParser's usage errors say `Error:`, every other error `error:`.
            if message.hasPrefix("Error: ") { message = "error: " + message.dropFirst("Error: ".count) }
            message = localizedParserText(message)
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(code.rawValue)
        }
    }
}

/// The ``AppError`` inside an ArgumentParser error (its wrapper of a `validate()` failure is not public), if any.
func wrappedAppError(_ error: any Error) -> AppError? {
    if let error = error as? AppError { return error }
    for child in Mirror(reflecting: error).children {
        if let found = child.value as? AppError { return found }
        if let nested = child.value as? any Error, let found = wrappedAppError(nested) { return found }
        if let found = Mirror(reflecting: child.value).children.lazy.compactMap({ $0.value as? any Error })
            .compactMap(wrappedAppError).first
        {
            return found
        }
    }
    return nil
}

/// ArgumentParser's own words in a help text or a usage error, in the installed language (issue 20; ADR 0021,
/// session 7).
///
/// ArgumentParser has no localisation: its headings (`USAGE:`, `OPTIONS:` …), the usage line of an error, its
/// pointers to more help, its `--help`/`--version` lines, `(default: …)` and its parse errors are English literals
/// in its code, around texts that already come from the catalog. They are replaced here line by line — headings
/// from the catalog's `common.help.` keys, a parse error through the `errors.parser.` patterns like any lower
/// module's reason — so an Indonesian reader gets Indonesian help without the commands rendering help themselves.
/// English is returned unchanged (the help tests hold it byte for byte); so is anything that is not help (a
/// version, a completion script).
func localizedParserText(_ text: String) -> String {
    guard Texts.language != .english, !text.hasPrefix("#") else { return text }
    let headings = [
        "ARGUMENTS:": t("common.help.arguments") + ":", "OPTIONS:": t("common.help.options") + ":",
        "SUBCOMMANDS:": t("common.help.subcommands") + ":",
    ]
    var lines: [String] = []
    // A usage line hangs its continuation lines 7 columns in, under the text after `USAGE: ` / `Usage: `; a longer
    // heading moves them by the difference.
    var hanging = 0
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).enumerated() {
        if hanging > 0, line.hasPrefix("       ") {
            lines.append(String(repeating: " ", count: hanging) + line)
            continue
        }
        hanging = 0
        var line = line
        if let heading = headings[line] {
            line = heading
        } else if line.hasPrefix("OVERVIEW: ") {
            line = t("common.help.overview") + ": " + String(line.dropFirst("OVERVIEW: ".count))
        } else if line.hasPrefix("USAGE: ") || line.hasPrefix("Usage: ") {
            let heading = t(line.hasPrefix("USAGE: ") ? "common.help.usage" : "common.help.usage-line") + ": "
            hanging = max(0, heading.count - "USAGE: ".count)
            line = heading + String(line.dropFirst("USAGE: ".count))
        } else if line.hasPrefix("Help:  ") {
            line = t("common.help.help-line") + ":  " + String(line.dropFirst("Help:  ".count))
        } else if index == 0, line.hasPrefix("error: ") {
            line = "error: " + Texts.reason(String(line.dropFirst("error: ".count)))
        } else if let match = line.wholeMatch(of: #/  See '(.+)' for detailed help\./#) {
            line = "  " + t("common.help.see-detailed", ["command": .text(String(match.1))])
        } else if let match = line.wholeMatch(of: #/  See '(.+)' for more information\./#) {
            line = "  " + t("common.help.see-more", ["command": .text(String(match.1))])
        } else if line.hasSuffix("Show help information.") {
            line = String(line.dropLast("Show help information.".count)) + t("common.help.show-help")
        } else if line.hasSuffix("Show the version.") {
            line = String(line.dropLast("Show the version.".count)) + t("common.help.show-version")
        }
        lines.append(line.replacingOccurrences(of: "(default: ", with: "(" + t("common.help.default") + ": "))
    }
    return lines.joined(separator: "\n")
}

/// Installs the catalog of the chosen language; the error, if any.
func installCatalog(_ language: String?) -> AppError? {
    do {
        try MessageCatalogs.install(flag: language)
        return nil
    } catch {
        return error
    }
}

/// Takes `--lang X` / `--lang=X` out of the arguments (before a `--` that ends the options).
func languageArgument(_ arguments: [String]) throws(AppError) -> (rest: [String], language: String?) {
    var rest: [String] = []
    var language: String?
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        if argument == "--" {
            rest += arguments[index...]
            break
        }
        if argument == "--lang" {
            guard index + 1 < arguments.count else {
                throw AppError(.usage, field: "--lang", reason: t("ops.error.lang-missing"))
            }
            language = arguments[index + 1]
            index += 2
            continue
        }
        if argument.hasPrefix("--lang=") {
            language = String(argument.dropFirst("--lang=".count))
            index += 1
            continue
        }
        rest.append(argument)
        index += 1
    }
    return (rest, language)
}

/// Options every database command shares (CONTRACT §1).
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: ArgumentHelp(t("ops.help.database-url")))
    var databaseURL: String?
}

/// The acting user, recorded on every row a state-changing command writes (CONTRACT §1).
struct ActingUserOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp(t("ops.help.as")))
    var user: String?

    /// The acting user, or a usage error naming `--as`.
    ///
    /// The name is checked here as `santunan_actor()` checks it in the database (1-64 characters, no control
    /// characters, no leading or trailing blank), so a bad name is refused before anything is opened or written.
    func require() throws(AppError) -> String {
        if let user = try given() { return user }
        throw AppError(.usage, field: "--as", reason: t("ops.error.as-missing"))
    }

    /// The acting user when one is given (checked), nil when neither `--as` nor `SANTUNAN_USER` names one.
    func given() throws(AppError) -> String? {
        if let user {
            if let problem = PrintableText.actingUserProblem(user) {
                throw AppError(.usage, field: "--as", reason: t("ops.error.as-invalid", ["problem": .text(problem)]))
            }
            return user
        }
        if let user = ProcessInfo.processInfo.environment["SANTUNAN_USER"], !user.isEmpty {
            if let problem = PrintableText.actingUserProblem(user) {
                throw AppError(
                    .usage, field: "SANTUNAN_USER", reason: t("ops.error.as-invalid-environment", ["problem": .text(problem)]))
            }
            return user
        }
        return nil
    }
}

/// Writes a line to standard output.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Writes `warning: <text>` to standard error.
func warn(_ text: String) {
    FileHandle.standardError.write(Data("warning: \(PrintableText.escaped(text))\n".utf8))
}

/// A command's help discussion (issue 18): paragraphs from the catalog, which ArgumentParser wraps at words to the
/// terminal (so a catalog text has no line break inside a sentence); `columns`, lines printed as they are (a file
/// format); more paragraphs; then the examples under the heading of the chosen language. Commands are code: they
/// read the same in every language.
func helpDiscussion(_ keys: [String], columns: [String] = [], after: [String] = [], examples: [String]) -> String {
    var parts = keys.map { t($0) }
    if !columns.isEmpty { parts.append(columns.map { "  " + $0 }.joined(separator: "\n")) }
    parts += after.map { t($0) }
    if !examples.isEmpty {
        let heading = t("ops.help.examples", ["count": .number(examples.count)])
        parts.append(heading + "\n" + examples.map { "  " + $0 }.joined(separator: "\n"))
    }
    return parts.joined(separator: "\n\n")
}

/// Shell completion (issue 18; `santunan --generate-completion-script bash|zsh|fish`, README "Shell completion"):
/// statuses are listed in the generated script; batch ids are asked from the database when the shell completes.
enum Completions {
    /// `claim list --status`.
    static let claimStatus = CompletionKind.list(OpsUseCases.claimStatuses)

    /// `batch list --state` and the like.
    static let batchState = CompletionKind.list(OpsUseCases.batchStates)

    /// A batch id (`batch show|approve|reject|export|reconcile ID`): the latest ones in the database.
    static let batchID = CompletionKind.custom { _, _, _ in
        guard let session = try? AppSession(label: "santunan.completion") else { return [] }
        defer { session.close() }
        return OpsUseCases(session).batchIDs()
    }
}
