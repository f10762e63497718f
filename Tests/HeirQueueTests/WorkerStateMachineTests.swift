import HeirQueue
import Testing

@Suite struct WorkerStateMachineTests {
    func machine(untilEmpty: Bool = false) -> WorkerStateMachine {
        WorkerStateMachine(
            untilEmpty: untilEmpty, pollInterval: .seconds(1),
            reconnectBackoff: BackoffPolicy(base: .milliseconds(100), maximum: .seconds(5)))
    }

    @Test func startingClaims() {
        var worker = machine()
        #expect(worker.start() == .claim)
    }

    @Test func aClaimedBatchIsProcessedThenTheWorkerClaimsAgain() {
        var worker = machine()
        _ = worker.start()
        #expect(worker.claimed(count: 5) == .process(count: 5))
        #expect(worker.processed() == .claim)
    }

    @Test func anEmptyClaimWaitsForANotificationOrThePollInterval() {
        var worker = machine()
        _ = worker.start()
        #expect(worker.claimed(count: 0) == .wait(.seconds(1)))
        #expect(worker.woke() == .claim)
    }

    @Test func untilEmptyChecksTheWholeQueueBeforeExiting() {
        var worker = machine(untilEmpty: true)
        _ = worker.start()
        #expect(worker.claimed(count: 0) == .checkIdle)
        #expect(worker.idleChecked(empty: false) == .wait(.seconds(1)))
        #expect(worker.woke() == .claim)
        #expect(worker.claimed(count: 0) == .checkIdle)
        #expect(worker.idleChecked(empty: true) == .exit)
        #expect(worker.state == .stopped)
    }

    @Test func aStopWhileWaitingExitsAtOnce() {
        var worker = machine()
        _ = worker.start()
        _ = worker.claimed(count: 0)
        #expect(worker.requestStop() == .exit)
    }

    @Test func aStopWhileProcessingFinishesTheBatchFirst() {
        var worker = machine()
        _ = worker.start()
        _ = worker.claimed(count: 3)
        #expect(worker.requestStop() == nil)
        #expect(worker.processed() == .exit)
    }

    @Test func aStopBetweenClaimAndProcessingGivesTheJobsBack() {
        var worker = machine()
        _ = worker.start()
        #expect(worker.requestStop() == nil)
        #expect(worker.claimed(count: 4) == .releaseAndExit)
    }

    @Test func aLostConnectionReconnectsWithGrowingDelays() {
        var worker = machine()
        _ = worker.start()
        #expect(worker.connectionLost() == .reconnect(after: .milliseconds(100)))
        #expect(worker.connectionLost() == .reconnect(after: .milliseconds(200)))
        #expect(worker.connectionLost() == .reconnect(after: .milliseconds(400)))
        #expect(worker.reconnected() == .claim)
        #expect(worker.claimed(count: 1) == .process(count: 1))
        #expect(worker.connectionLost() == .reconnect(after: .milliseconds(100)))
    }

    @Test func aStopWhileReconnectingExits() {
        var worker = machine()
        _ = worker.start()
        _ = worker.connectionLost()
        #expect(worker.requestStop() == .exit)
    }
}
