import Postgres
import Testing

@Suite("LISTEN and NOTIFY deliver between connections")
struct NotifyTests {
    @Test func aNotificationSentOnOneConnectionArrivesOnAnotherWithinTheTimeout() throws {
        let listener = try freshConnection()
        let sender = try secondConnection(to: listener)
        try listener.listen("heir_queue")
        try sender.notify("heir_queue", payload: "job 42 — ✓")
        let notification = try #require(try listener.waitForNotification(timeout: .seconds(5)))
        #expect(notification.channel == "heir_queue")
        #expect(notification.payload == "job 42 — ✓")
        #expect(notification.senderProcessID == sender.backendProcessID)
    }

    @Test func waitingWithNothingSentTimesOutWithNil() throws {
        let listener = try freshConnection()
        try listener.listen("quiet")
        let clock = ContinuousClock()
        let start = clock.now
        let notification = try listener.waitForNotification(timeout: .milliseconds(200))
        let elapsed = clock.now - start
        #expect(notification == nil)
        #expect(elapsed >= .milliseconds(190))
        #expect(elapsed < .seconds(3))
    }

    @Test func pendingNotificationsDrainWithoutWaiting() throws {
        let listener = try freshConnection()
        let sender = try secondConnection(to: listener)
        try listener.listen("batch")
        for number in 1...3 {
            try sender.notify("batch", payload: "\(number)")
        }
        // A round trip on the listener guarantees the server has pushed the notifications to it.
        var received: [PostgresNotification] = []
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        while received.count < 3 && clock.now < deadline {
            try listener.execute("SELECT 1")
            received += try listener.pendingNotifications()
        }
        #expect(received.map(\.payload) == ["1", "2", "3"])
        #expect(try listener.pendingNotifications().isEmpty)
    }

    @Test func aNotificationInsideATransactionArrivesOnlyAfterCommit() throws {
        let listener = try freshConnection()
        let sender = try secondConnection(to: listener)
        try listener.listen("payout")
        try sender.transaction { connection in
            try connection.notify("payout", payload: "batch approved")
            #expect(try listener.waitForNotification(timeout: .milliseconds(100)) == nil)
        }
        let notification = try listener.waitForNotification(timeout: .seconds(5))
        #expect(notification?.payload == "batch approved")
    }

    @Test func unlistenStopsDelivery() throws {
        let listener = try freshConnection()
        let sender = try secondConnection(to: listener)
        try listener.listen("Mixed Case")
        try listener.unlisten("Mixed Case")
        try sender.notify("Mixed Case")
        #expect(try listener.waitForNotification(timeout: .milliseconds(200)) == nil)
        try listener.listen("Mixed Case")
        try listener.unlistenAll()
        try sender.notify("Mixed Case")
        #expect(try listener.waitForNotification(timeout: .milliseconds(200)) == nil)
    }
}
