import ArgumentParser
import Foundation
import Logging
import SantunanApp

/// `santunan`: compute and pay BPJS Ketenagakerjaan benefits (CONTRACT §1).
@main
struct Santunan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "santunan",
        abstract: "Compute and pay BPJS Ketenagakerjaan benefits (JKK, JKM, JHT, JP, beasiswa).",
        discussion: """
            Examples:
              santunan demo
              santunan claim compute cases/seed-honorer-jkm-42jt-a.case.json
              santunan rules show --program JKM --on 2022-01-18
              santunan db status

            Exit codes: 0 success, 64 usage, 65 invalid input, 66 input file missing, 69 database unavailable,
            70 internal error, 75 temporary failure, 77 permission denied.
            """,
        version: SantunanVersion.current,
        subcommands: [
            DemoCommand.self, ClaimCommand.self, RulesCommand.self, QueueCommand.self, WorkerCommand.self,
            BatchCommand.self, PayoutsCommand.self, LedgerCommand.self, ImportCommand.self, SampleCommand.self,
            ReportCommand.self, DatabaseCommand.self, ParticipantCommand.self, ServeCommand.self, UserCommand.self,
        ]
    )

    /// Runs the command; an ``AppError`` becomes the contract's one-line `error: <field>: <reason>` and exit status.
    static func main() {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            let level = ProcessInfo.processInfo.environment["SANTUNAN_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
            handler.logLevel = level ?? .warning
            return handler
        }
        do {
            // `--lang` is read before the parser so that help, usage errors and every message are in the chosen
            // language; it is taken out of the arguments, so every command accepts it (issue 20).
            let (arguments, language) = try languageArgument(Array(CommandLine.arguments.dropFirst()))
            // A bad --lang or SANTUNAN_LANG, or broken catalogs, stop here; outside a checkout (no config/) the
            // command itself says so, in English.
            if let failure = installCatalog(language), language != nil || failure.field != "config" {
                throw failure
            }
            var command: ParsableCommand
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
            guard code != .success else { exit(withError: error) }
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
                throw AppError(.usage, field: "--lang", reason: "give a language: id or en")
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
    @Option(
        name: .customLong("database-url"),
        help: "libpq conninfo or postgresql:// URI (default: DATABASE_URL, else the embedded cluster).")
    var databaseURL: String?
}

/// The acting user, recorded on every row a state-changing command writes (CONTRACT §1).
struct ActingUserOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: "Acting user (default: SANTUNAN_USER).")
    var user: String?

    /// The acting user, or a usage error naming `--as`.
    ///
    /// The name is checked here as `santunan_actor()` checks it in the database (1-64 characters, no control
    /// characters, no leading or trailing blank), so a bad name is refused before anything is opened or written.
    func require() throws(AppError) -> String {
        if let user = try given() { return user }
        throw AppError(.usage, field: "--as", reason: "this command changes state: name the acting user with --as USER")
    }

    /// The acting user when one is given (checked), nil when neither `--as` nor `SANTUNAN_USER` names one.
    func given() throws(AppError) -> String? {
        if let user {
            if let problem = PrintableText.actingUserProblem(user) {
                throw AppError(.usage, field: "--as", reason: "the acting user \(problem)")
            }
            return user
        }
        if let user = ProcessInfo.processInfo.environment["SANTUNAN_USER"], !user.isEmpty {
            if let problem = PrintableText.actingUserProblem(user) {
                throw AppError(.usage, field: "SANTUNAN_USER", reason: "the acting user \(problem) (or give --as)")
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
