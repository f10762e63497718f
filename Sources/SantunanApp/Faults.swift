import BenefitRules
import ClaimStore
import HeirQueue
public import Ledger
import Payouts
import Postgres

/// The one mapping from a fault to the contract's exit status and `error: <field>: <reason>` line (issue 17).
///
/// Every door calls it: the CLI's `main` for whatever a command throws, the HTTP server for its problem+json
/// bodies (the same field and reason, RFC 9457). A lower module's error stays typed until here, so its meaning
/// (input, permission, retry, database) decides the status once, not once per command.
public enum Faults {
    /// The user-facing form of `error`.
    ///
    /// - Parameter input: the failing statement stored what the user sent, so a value the database refuses is
    ///   invalid input (65) naming the field, not an internal error (70).
    public static func appError(_ error: any Error, input: Bool = false) -> AppError {
        switch error {
        case let error as AppError:
            return error
        case let error as CaseError:
            return AppError(.invalidData, field: error.path, reason: error.reason)
        case let error as ImportError:
            return AppError(
                error.code == .fileUnreadable ? .inputMissing : .invalidData, field: importLocation(error),
                reason: error.reason)
        case let error as LedgerError:
            return ledger(error)
        case let error as PayoutError:
            return PayoutService.appError(error)
        case let error as LanguageError:
            return AppError(.usage, field: error.source, reason: t("common.lang.invalid", ["given": .text(error.given)]))
        case let error as QueueError:
            // A job that does not exist is "not found" (66, issue 18); one in the wrong state is the input's fault.
            return AppError(error.isNotFound ? .inputMissing : .invalidData, field: error.field, reason: error.reason)
        case let error as CatalogError where error.reason == Texts.unreadable && error.line == 0:
            return AppError(.internalError, field: error.file, reason: error.reason)
        case let error as CatalogError:
            return AppError(.internalError, field: "config/messages", reason: error.description)
        default:
            return SubmissionService.appError(error, input: input)
        }
    }

    /// Where an import file is wrong, in the installed language: `line 1234, column wage` / `baris 1234, kolom wage`
    /// (ImportError's `location` is the English form; the column keeps its header name).
    static func importLocation(_ error: ImportError) -> String {
        switch (error.line, error.column) {
        case (let line?, let column?):
            return t("common.import.line-column", ["line": .text(String(line)), "column": .text(column)])
        case (let line?, nil): return t("common.import.line", ["line": .text(String(line))])
        case (nil, let column?): return t("common.import.column", ["column": .text(column)])
        case (nil, nil): return ""
        }
    }

    /// `error` as a person reads it in the installed language: the reason translated through the catalogs'
    /// `errors.` messages when a lower module wrote it in English (``Texts/reason(_:)``); field paths, codes and
    /// quoted input stay as they are.
    public static func localized(_ error: AppError) -> AppError {
        var localized = error
        localized.reason = Texts.reason(error.reason)
        return localized
    }

    /// A ledger refusal: malformed or unbalanced postings and failed verifications are the data's fault (65), a
    /// forbidden key or an attempt to change the ledger 77, a conflict 75, the rest the database's (69).
    public static func ledger(_ error: LedgerError) -> AppError {
        let status: ExitStatus =
            switch error.code {
            case .unknownAccount, .invalidPosting, .unbalanced, .idempotencyConflict, .unknownReversal: .invalidData
            case .verificationFailed: .invalidData
            case .appendOnly, .forbidden: .permissionDenied
            case .conflict: .temporaryFailure
            default: .databaseUnavailable
            }
        return AppError(status, field: error.field, reason: error.reason)
    }
}
