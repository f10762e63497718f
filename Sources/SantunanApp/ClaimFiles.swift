public import BenefitRules
import Foundation
import Payouts
public import Postgres
public import SantunanValues

/// Reading case files and computing them offline (`santunan claim compute`).
public enum ClaimFiles {
    /// Reads and validates a case file: 66 when it cannot be read, 65 when it is not a valid case.
    ///
    /// `today` bounds the case's dates (nothing after `today` + 1 year, docs/decisions/0013-identity-and-bounds.md);
    /// `nil` applies the rules core's fixed bound.
    public static func readCase(at path: String, today: CivilDate? = nil) throws(AppError) -> Case {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError(.inputMissing, field: path, reason: "cannot read the case file (missing or unreadable)")
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
        clock.now.date
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

    /// A calculator over the parameters of `config/`.
    public static func calculator(paths: ProjectPaths) throws(AppError) -> ClaimCalculator {
        try calculator(parameters: try RuleConfig.load(from: paths.config))
    }

    /// The calculator over parameters already loaded (the service keeps them for the participant summary).
    public static func calculator(parameters: ParameterSet) throws(AppError) -> ClaimCalculator {
        do {
            return try ClaimCalculator(parameters: parameters)
        } catch {
            throw AppError(.internalError, field: "config/\(error.key)", reason: error.reason)
        }
    }
}
