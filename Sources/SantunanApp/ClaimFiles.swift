public import BenefitRules
import Foundation
import Payouts
public import Postgres

/// Reading case files and computing them offline (`santunan claim compute`).
public enum ClaimFiles {
    /// Reads and validates a case file: 66 when it cannot be read, 65 when it is not a valid case.
    ///
    /// `today` bounds the case's dates (nothing after `today` + 1 year, docs/decisions/0013-identity-and-bounds.md);
    /// `nil` applies the rules core's fixed bound.
    public static func readCase(at path: String, today: CivilDate? = nil) throws(AppError) -> Case {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError(.inputMissing, field: path, reason: t("claims.error.case-unreadable"))
        }
        return try parseCase(Array(data), today: today)
    }

    /// Validates a case document's bytes (a file's, or an HTTP request body's): 65 naming the field when it is not
    /// a valid case, the same error line on the CLI and in the API's problem+json.
    public static func parseCase(_ bytes: [UInt8], today: CivilDate? = nil) throws(AppError) -> Case {
        do {
            return try Case.parse(bytes, today: today)
        } catch {
            throw AppError(.invalidData, field: error.path, reason: error.reason)
        }
    }

    /// Today in WIB by `clock` (`SANTUNAN_FIXED_CLOCK` for rehearsals and tests, else the system clock), as the
    /// rules core's date.
    public static func today(_ clock: PayoutClock) -> CivilDate {
        CivilDate(dayNumber: clock.now.date.dayNumber)
    }

    /// Computes `claim`; a check made during the computation fails with 65, a configuration gap with 70.
    public static func compute(_ claim: Case, with calculator: ClaimCalculator) throws(AppError) -> ClaimResult {
        do {
            return try calculator.compute(claim)
        } catch {
            switch error {
            case .invalidCase(let caseError):
                throw AppError(.invalidData, field: caseError.path, reason: caseError.reason)
            case .configuration(let parameterError):
                throw AppError(.internalError, field: "config/\(parameterError.key)", reason: parameterError.reason)
            }
        }
    }

    /// Computes `claim`; when a program needs a contribution history the case does not embed (RULEBOOK §2.3), the
    /// missing histories are read from the database that `openDatabase` opens, and the claim is computed again.
    /// A case that needs no history never touches the database.
    public static func compute(
        _ claim: Case, with calculator: ClaimCalculator, openDatabase: () throws(AppError) -> Connection
    ) throws(AppError) -> ClaimResult {
        do {
            return try calculator.compute(claim)
        } catch {
            guard case .invalidCase(let caseError) = error, caseError.code == .missingHistory,
                DatabaseHistory.needsDatabase(claim)
            else { return try compute(claim, with: calculator) }
        }
        let connection = try openDatabase()
        defer { connection.close() }
        return try compute(try DatabaseHistory.fill(claim, connection: connection), with: calculator)
    }

    /// A calculator over the parameters of `config/` and the document substitutes of `config/documents.rules`.
    public static func calculator(paths: ProjectPaths) throws(AppError) -> ClaimCalculator {
        try calculator(parameters: try RuleConfig.load(from: paths.config), paths: paths)
    }

    /// The calculator over parameters already loaded (the service keeps them for the participant summary), with the
    /// document substitutes of `paths`' `config/documents.rules`.
    public static func calculator(parameters: ParameterSet, paths: ProjectPaths) throws(AppError) -> ClaimCalculator {
        var calculator: ClaimCalculator
        do {
            calculator = try ClaimCalculator(parameters: parameters)
        } catch {
            throw AppError(.internalError, field: "config/\(error.key)", reason: error.reason)
        }
        calculator.documentSubstitutes = try DocumentRules.load(paths: paths).substitutes
        return calculator
    }
}

/// One document of the heir-submission checklist as the office knows it (`config/documents.rules`).
public struct DocumentRule: Sendable, Hashable {
    /// The case file's key (`death_certificate`).
    public var key: String
    /// The office's Indonesian name (`akta kematian`).
    public var name: String
    /// The keys of the documents accepted in its place.
    public var substitutes: [String]
    /// Where the requirement and its substitutes are written.
    public var basis: String
}

/// The documents' names, substitutes and bases (`config/documents.rules`, issue 18): the office's names for people,
/// the substitutes for the calculator's completeness check.
public struct DocumentRules: Sendable, Hashable {
    /// In the file's (the checklist's canonical) order.
    public var rules: [DocumentRule]

    /// The rule of `key`, nil for an unknown key.
    public func rule(_ key: String) -> DocumentRule? { rules.first { $0.key == key } }

    /// `akta kematian (death_certificate)`: the office's name, then the key an officer types.
    public func label(_ key: String) -> String {
        guard let rule = rule(key) else { return key }
        return "\(rule.name) (\(key))"
    }

    /// The substitutes as the calculator applies them.
    public var substitutes: DocumentSubstitutes {
        var map: [Document: [Document]] = [:]
        for rule in rules where !rule.substitutes.isEmpty {
            guard let document = Document(rawValue: rule.key) else { continue }
            map[document] = rule.substitutes.compactMap(Document.init(rawValue:))
        }
        return DocumentSubstitutes(map)
    }

    /// `config/documents.rules` of the project.
    public static func load(paths: ProjectPaths) throws(AppError) -> DocumentRules {
        let url = paths.config.appendingPathComponent("documents.rules")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AppError(.internalError, field: "config/documents.rules", reason: "cannot read it")
        }
        return try parse(String(decoding: data, as: UTF8.self))
    }

    /// Parses the file's text: blocks `document KEY` with indented `name:`, `substitutes:` and `basis:` lines; a line
    /// ending in `\` continues on the next. Every key must be a document of the case format, every document named
    /// once, with a name and a basis; a substitute must be a document of the file.
    public static func parse(_ text: String) throws(AppError) -> DocumentRules {
        var rules: [DocumentRule] = []
        var number = 0
        var pending = ""
        func fail(_ reason: String) -> AppError {
            AppError(.internalError, field: "config/documents.rules:\(number)", reason: reason)
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = pending + String(raw)
            pending = ""
            if line.hasSuffix("\\") {
                line.removeLast()
                pending = line
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("document ") {
                let key = String(trimmed.dropFirst("document ".count)).trimmingCharacters(in: .whitespaces)
                guard Document(rawValue: key) != nil else { throw fail("\(key) is not a document of the case format") }
                guard !rules.contains(where: { $0.key == key }) else { throw fail("\(key) appears twice") }
                rules.append(DocumentRule(key: key, name: "", substitutes: [], basis: ""))
                continue
            }
            guard !rules.isEmpty, let colon = trimmed.firstIndex(of: ":") else {
                throw fail("expected `document KEY` or an indented `name:`, `substitutes:` or `basis:` line")
            }
            let field = String(trimmed[..<colon])
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch field {
            case "name": rules[rules.count - 1].name = value
            case "basis": rules[rules.count - 1].basis = value
            case "substitutes":
                rules[rules.count - 1].substitutes = value.split(separator: " ").map(String.init)
            default: throw fail("unknown field `\(field)`")
            }
        }
        for rule in rules {
            guard !rule.name.isEmpty, !rule.basis.isEmpty else {
                throw AppError(
                    .internalError, field: "config/documents.rules", reason: "\(rule.key) needs a name and a basis")
            }
            for substitute in rule.substitutes where !rules.contains(where: { $0.key == substitute }) {
                throw AppError(
                    .internalError, field: "config/documents.rules",
                    reason: "\(rule.key): substitute \(substitute) is not a document of the file")
            }
        }
        return DocumentRules(rules: rules)
    }
}
