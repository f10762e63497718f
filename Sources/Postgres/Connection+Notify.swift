internal import CLibPQ

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A message delivered by `NOTIFY` on a channel this connection listens to.
public struct PostgresNotification: Sendable, Hashable {
    /// The channel name, as given to `LISTEN`.
    public var channel: String
    /// The payload; empty when the sender gave none.
    public var payload: String
    /// The server process ID of the session that sent it.
    public var senderProcessID: Int32

    /// Creates a notification; the connection makes these, tests may too.
    public init(channel: String, payload: String, senderProcessID: Int32) {
        self.channel = channel
        self.payload = payload
        self.senderProcessID = senderProcessID
    }
}

extension Connection {
    /// Subscribes this session to `channel`; any name is accepted and quoted, so it is case-sensitive.
    public func listen(_ channel: String) throws(PostgresError) {
        try executeScript("LISTEN \(quoteIdentifier(channel))")
    }

    /// Unsubscribes this session from `channel`.
    public func unlisten(_ channel: String) throws(PostgresError) {
        try executeScript("UNLISTEN \(quoteIdentifier(channel))")
    }

    /// Unsubscribes this session from every channel.
    public func unlistenAll() throws(PostgresError) {
        try executeScript("UNLISTEN *")
    }

    /// Sends `payload` to every session listening on `channel`; delivered when the current transaction commits.
    ///
    /// Both go as bound parameters of `pg_notify`, so neither needs quoting. The server limits the payload to
    /// just under 8000 bytes.
    public func notify(_ channel: String, payload: String = "") throws(PostgresError) {
        try execute("SELECT pg_notify(\(channel), \(payload))")
    }

    /// Returns the notifications that have already arrived, without waiting.
    ///
    /// Reads whatever the server has sent since the last call, so notifications do not pile up in the socket.
    public func pendingNotifications() throws(PostgresError) -> [PostgresNotification] {
        let handle = try liveHandle()
        try consumeInput(handle)
        var notifications: [PostgresNotification] = []
        while let notification = nextQueuedNotification(handle) {
            notifications.append(notification)
        }
        return notifications
    }

    /// Waits up to `timeout` for a notification and returns it, or nil if none arrived in time.
    ///
    /// A notification that arrived earlier (for example during a query) is returned at once. Blocks the calling
    /// thread in `poll(2)` on the connection's socket, so it uses no CPU while waiting.
    ///
    /// - Throws: ``PostgresError/Code/connectionClosed`` when the link drops while waiting.
    public func waitForNotification(timeout: Duration) throws(PostgresError) -> PostgresNotification? {
        let handle = try liveHandle()
        if let queued = nextQueuedNotification(handle) {
            return queued
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            try consumeInput(handle)
            if let notification = nextQueuedNotification(handle) {
                return notification
            }
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else {
                return nil
            }
            let socket = PQsocket(handle)
            guard socket >= 0 else {
                throw PostgresError(code: .connectionClosed, message: "the connection has no open socket")
            }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Self.milliseconds(rounding: remaining))
            if ready < 0 && errno != EINTR {
                throw PostgresError(code: .connectionClosed, message: "waiting on the connection socket failed")
            }
            // Readable, timed out or interrupted: loop to read input and re-check the deadline.
        }
    }

    /// Reads whatever has arrived on the socket into libpq, which queues notifications and dispatches notices.
    private func consumeInput(_ handle: OpaquePointer) throws(PostgresError) {
        guard PQconsumeInput(handle) == 1 else {
            throw connectionFailure(handle: handle, failure: .connectionClosed)
        }
    }

    private func nextQueuedNotification(_ handle: OpaquePointer) -> PostgresNotification? {
        guard let raw = PQnotifies(handle) else {
            return nil
        }
        defer { PQfreemem(raw) }
        return PostgresNotification(
            channel: raw.pointee.relname.map { String(cString: $0) } ?? "",
            payload: raw.pointee.extra.map { String(cString: $0) } ?? "",
            senderProcessID: raw.pointee.be_pid
        )
    }

    /// A poll(2) timeout: rounded up so a short positive wait never becomes a busy loop, capped at `Int32.max`.
    static func milliseconds(rounding duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        let fraction = (attoseconds + perMillisecond - 1) / perMillisecond
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow, scaled <= Int64(Int32.max) - fraction else {
            return Int32.max
        }
        return Int32(max(0, scaled + fraction))
    }
}
