import Foundation
import Logging
import Postgres
import SantunanTestSupport

/// A connection to a new, empty database of the shared throwaway cluster; every test gets its own.
func freshConnection(logger: Logger = TestLogging.logger("santunan.postgres-tests")) throws -> Connection {
    try Connection(TestDatabase.shared.freshDatabase(), logger: logger)
}

/// A second connection to the same database as `connection`, for LISTEN/NOTIFY and isolation tests.
func secondConnection(to connection: Connection) throws -> Connection {
    let result = try connection.execute(
        "SELECT current_setting('unix_socket_directories'), current_setting('port'), current_user, current_database()"
    )
    let socketDirectory: String = try result[0, 0]
    let port: String = try result[0, 1]
    let user: String = try result[0, 2]
    let database: String = try result[0, 3]
    return try Connection(
        "host='\(socketDirectory)' port=\(port) user=\(user) dbname=\(database)",
        logger: connection.logger
    )
}

/// Collects log entries so tests can check what reached the logger.
///
/// swift-log's `InMemoryLogging` would do the same, but it is a separate product that this test target does not
/// depend on.
struct RecordingLogHandler: LogHandler {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    /// Shared between the copies swift-log makes of the handler.
    final class Store: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [Entry] = []

        var entries: [Entry] {
            lock.lock()
            defer { lock.unlock() }
            return storage
        }

        func append(_ entry: Entry) {
            lock.lock()
            defer { lock.unlock() }
            storage.append(entry)
        }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        merged.merge(event.metadata ?? [:]) { _, new in new }
        store.append(Entry(level: event.level, message: event.message.description, metadata: merged))
    }

    /// A logger that records into a new store.
    static func logger() -> (Logger, Store) {
        let store = Store()
        let logger = Logger(label: "santunan.postgres-tests.recording") { _ in RecordingLogHandler(store: store) }
        return (logger, store)
    }
}
