/// The process exit statuses of the contract (CONTRACT §1), BSD sysexits numbering.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    case usage = 64
    case invalidData = 65
    case inputMissing = 66
    case databaseUnavailable = 69
    case internalError = 70
    case temporaryFailure = 75
    case permissionDenied = 77
}

/// A failure a user can act on: printed as one line `error: <field>: <reason>` and mapped to an exit status.
///
/// `field` names what was wrong (a case-file path such as `heirs[1].birth_date`, an option such as `--database-url`,
/// or a file); `reason` says why and, where it helps, what to do next. Personal data stays out of both.
public struct AppError: Error, Sendable, CustomStringConvertible {
    public var status: ExitStatus
    public var field: String
    public var reason: String

    public init(_ status: ExitStatus, field: String, reason: String) {
        self.status = status
        self.field = field
        self.reason = reason
    }

    /// The contract's one-line form, without the `error: ` prefix.
    public var description: String { field.isEmpty ? reason : "\(field): \(reason)" }
}
