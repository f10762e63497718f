import Foundation

/// A failure of one step in managing a ``LocalCluster``.
///
/// `step` says which operation failed (`initdb`, `start`, `stop`, ...), `reason` says why in one sentence, and
/// `toolOutput` keeps the tail of what the PostgreSQL tool (or the server log) printed, so the operator can act
/// without digging for log files.
public struct LocalClusterError: Error, Sendable, CustomStringConvertible {
    /// The operation that failed; an extensible set of values rather than a closed enum.
    public struct Step: Hashable, Sendable, CustomStringConvertible {
        public let description: String

        private init(_ name: String) { self.description = name }

        /// Finding `initdb`, `pg_ctl` and `postgres`.
        public static let locateServer = Step("locate server")
        /// Checking paths, users and permissions before a tool runs.
        public static let prepare = Step("prepare")
        /// Taking the cluster's lock file.
        public static let lock = Step("lock")
        /// Creating the cluster with `initdb`.
        public static let initdb = Step("initdb")
        /// Starting the server with `pg_ctl start`.
        public static let start = Step("start")
        /// Creating the application database after the server started.
        public static let createDatabase = Step("create database")
        /// Stopping the server with `pg_ctl stop`.
        public static let stop = Step("stop")
        /// Reading the server's state from its data directory.
        public static let status = Step("status")
    }

    /// Which operation failed.
    public var step: Step
    /// Why, in one sentence that names the path or tool concerned.
    public var reason: String
    /// The exit status of the tool, when a tool ran and failed.
    public var exitStatus: Int32?
    /// The last lines the tool printed on stderr (and the server log for `start`), possibly empty.
    public var toolOutput: String

    public init(step: Step, reason: String, exitStatus: Int32? = nil, toolOutput: String = "") {
        self.step = step
        self.reason = reason
        self.exitStatus = exitStatus
        self.toolOutput = toolOutput
    }

    public var description: String {
        var text = "\(step): \(reason)"
        if let exitStatus {
            text += " (exit status \(exitStatus))"
        }
        let output = toolOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        if !output.isEmpty {
            text += "\n" + output
        }
        return text
    }
}

extension String {
    /// The last `count` non-empty lines, for error messages that must stay short.
    func lastLines(_ count: Int) -> String {
        let lines = split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
        return lines.suffix(count).joined(separator: "\n")
    }
}
