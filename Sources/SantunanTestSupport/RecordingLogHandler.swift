import Foundation
public import Logging

/// Collects log entries so tests can check what reached the logger (a notice's SQLSTATE, a request's id, that no
/// personal data did).
///
/// swift-log's `InMemoryLogging` would do the same, but it is a separate product that the test targets do not
/// depend on.
public struct RecordingLogHandler: LogHandler {
    public struct Entry: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: Logger.Metadata
    }

    /// Shared between the copies swift-log makes of the handler.
    public final class Store: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [Entry] = []

        public init() {}

        public var entries: [Entry] {
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
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init(store: Store) {
        self.store = store
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        merged.merge(event.metadata ?? [:]) { _, new in new }
        store.append(Entry(level: event.level, message: event.message.description, metadata: merged))
    }

    /// A logger that records into a new store.
    public static func logger(label: String = "santunan.tests.recording") -> (Logger, Store) {
        let store = Store()
        let logger = Logger(label: label) { _ in RecordingLogHandler(store: store) }
        return (logger, store)
    }
}
