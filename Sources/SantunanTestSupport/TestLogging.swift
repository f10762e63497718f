import Foundation
public import Logging

/// Loggers for tests: silent by default, printed to stderr at the level named by `SANTUNAN_TEST_LOG`
/// (`trace`, `debug`, `info`, ...), so a failing run can be repeated with the tools' command lines visible.
public enum TestLogging {
    /// A logger with `label`, quiet unless `SANTUNAN_TEST_LOG` names a level.
    public static func logger(_ label: String) -> Logger {
        guard
            let name = ProcessInfo.processInfo.environment["SANTUNAN_TEST_LOG"],
            let level = Logger.Level(rawValue: name.lowercased())
        else {
            return Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
        }
        var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = level
        return logger
    }
}
