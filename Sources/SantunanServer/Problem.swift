import Foundation
public import SantunanApp
import SantunanValues

/// An error answered as `application/problem+json` (RFC 9457).
///
/// `field` and `reason` are the CLI's: `santunan` prints the same failure as `error: <field>: <reason>` and exits
/// with `exit_status`; the HTTP status follows from that exit status (``httpStatus(for:)``), so a client and an
/// operator read one failure the same way on both channels.
public struct Problem: Error, Sendable, Hashable, Codable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var field: String
    public var reason: String
    public var exitStatus: Int
    public var instance: String?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, field, reason, instance
        case exitStatus = "exit_status"
    }

    public init(_ error: AppError, status: Int? = nil) {
        self.status = status ?? Self.httpStatus(for: error.status)
        type = "about:blank"
        title = Self.title(for: self.status)
        detail = error.description
        field = error.field
        reason = error.reason
        exitStatus = Int(error.status.rawValue)
        instance = nil
    }

    /// A problem of the HTTP layer itself (no token, body too large): still with a field and a reason.
    public init(status: Int, field: String, reason: String, exitStatus: ExitStatus) {
        self.init(AppError(exitStatus, field: field, reason: reason), status: status)
    }

    /// The HTTP status of an exit status: 64 → 400, 65 → 422, 66 → 404, 69/75 → 503, 77 → 403, 70 → 500.
    public static func httpStatus(for status: ExitStatus) -> Int {
        switch status {
        case .success: 200
        case .usage: 400
        case .invalidData: 422
        case .inputMissing: 404
        case .databaseUnavailable, .temporaryFailure: 503
        case .permissionDenied: 403
        case .internalError: 500
        }
    }

    /// The English title (the catalog's `ops.serve.problem.title.<code>`); ``ProblemLanguages`` gives a request's own.
    static func title(for status: Int) -> String {
        ProblemLanguages.title(for: status, in: Texts.english)
    }

    /// The JSON body.
    public var json: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? Array(encoder.encode(self))) ?? Array("{\"status\":\(status)}".utf8)
    }
}
