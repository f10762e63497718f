import HeirQueue
import SantunanValues
import Testing

@Suite struct JobStateMachineTests {
    let start = QueueInstant(microseconds: 1_000_000_000_000)
    let backoff = BackoffPolicy(base: .seconds(2), maximum: .seconds(60))

    @Test func claimingAnAvailableJobRunsItWithALease() {
        var job = JobStateMachine(maxAttempts: 3, backoff: backoff)
        let action = job.claim(by: "w1", at: start, lease: .seconds(30))
        #expect(action == .run(worker: "w1", attempt: 1, leaseExpiresAt: start.advanced(by: .seconds(30))))
        #expect(job.state == .running)
        #expect(job.attempts == 1)
    }

    @Test func aRunningJobWithALiveLeaseCannotBeClaimed() {
        var job = JobStateMachine(maxAttempts: 3, backoff: backoff)
        _ = job.claim(by: "w1", at: start, lease: .seconds(30))
        let action = job.claim(by: "w2", at: start.advanced(by: .seconds(29)), lease: .seconds(30))
        #expect(action == .ignore(reason: "a running job is not claimable now"))
        #expect(job.worker == "w1")
    }

    @Test func succeedingCompletesTheJob() {
        var job = JobStateMachine(maxAttempts: 3, backoff: backoff)
        _ = job.claim(by: "w1", at: start, lease: .seconds(30))
        #expect(job.succeed(worker: "w1", attempt: 1, outcome: "payable") == .complete(outcome: "payable"))
        #expect(job.state == .completed)
    }

    @Test func aFailureSchedulesARetryWithinTheBackoffRange() {
        var job = JobStateMachine(maxAttempts: 3, backoff: backoff)
        var random = SeededRandom(seed: 7)
        _ = job.claim(by: "w1", at: start, lease: .seconds(30))
        let action = job.fail(worker: "w1", attempt: 1, error: "boom", at: start, random: &random)
        guard case .retry(let at, let error) = action else {
            Issue.record("expected a retry, got \(action)")
            return
        }
        #expect(error == "boom")
        #expect(backoff.delayRange(afterFailures: 1).contains(start.duration(to: at)))
        #expect(job.state == .retryable)
        #expect(!job.isClaimable(at: at.advanced(by: .microseconds(-1))))
        #expect(job.isClaimable(at: at))
    }

    @Test func theLastFailedAttemptDiscardsTheJob() {
        var job = JobStateMachine(maxAttempts: 2, backoff: backoff)
        var random = SeededRandom(seed: 1)
        var now = start
        _ = job.claim(by: "w1", at: now, lease: .seconds(30))
        guard case .retry(let at, _) = job.fail(worker: "w1", attempt: 1, error: "e1", at: now, random: &random) else {
            Issue.record("first failure should retry")
            return
        }
        now = at
        _ = job.claim(by: "w1", at: now, lease: .seconds(30))
        #expect(job.fail(worker: "w1", attempt: 2, error: "e2", at: now, random: &random) == .discard(error: "e2"))
        #expect(job.state == .discarded)
        #expect(!job.isClaimable(at: now.advanced(by: .seconds(86_400))))
    }

    @Test func anExpiredLeaseMakesTheJobRetryableAtOnce() {
        var job = JobStateMachine(maxAttempts: 3, backoff: backoff)
        _ = job.claim(by: "w1", at: start, lease: .seconds(30))
        let later = start.advanced(by: .seconds(30))
        guard case .retry(let at, _) = job.leaseExpired(at: later) else {
            Issue.record("expected a retry")
            return
        }
        #expect(at == later)
        #expect(job.state == .retryable)
    }

    @Test func aWorkerThatLostItsLeaseCannotCompleteTheJob() {
        var job = JobStateMachine(maxAttempts: 3, backoff: backoff)
        _ = job.claim(by: "w1", at: start, lease: .seconds(30))
        let later = start.advanced(by: .seconds(31))
        #expect(job.claim(by: "w2", at: later, lease: .seconds(30)).isRun)
        #expect(job.attempts == 2)
        #expect(job.succeed(worker: "w1", attempt: 1, outcome: "payable").isIgnore)
        #expect(job.succeed(worker: "w2", attempt: 2, outcome: "payable") == .complete(outcome: "payable"))
    }

    @Test func anExpiredLastAttemptIsDiscardedNotClaimed() {
        var job = JobStateMachine(maxAttempts: 1, backoff: backoff)
        _ = job.claim(by: "w1", at: start, lease: .seconds(5))
        #expect(job.claim(by: "w2", at: start.advanced(by: .seconds(5)), lease: .seconds(5)).isIgnore)
        #expect(job.state == .discarded)
    }

    @Test func releasingGivesTheAttemptBack() {
        var job = JobStateMachine(maxAttempts: 3, backoff: backoff)
        _ = job.claim(by: "w1", at: start, lease: .seconds(30))
        #expect(job.release(worker: "w1", attempt: 1) == .release)
        #expect(job.state == .available)
        #expect(job.attempts == 0)
    }

    @Test func aDeadJobRetriedByHandStartsAFreshSetOfAttempts() {
        var job = JobStateMachine(state: .discarded, attempts: 3, maxAttempts: 3, backoff: backoff)
        #expect(job.retryByHand(at: start) == .release)
        #expect(job.state == .available)
        #expect(job.attempts == 0)
        #expect(job.isClaimable(at: start))
    }

    @Test func aCompletedJobCannotBeRetriedByHand() {
        var job = JobStateMachine(state: .completed, attempts: 1, maxAttempts: 3, backoff: backoff)
        #expect(job.retryByHand(at: start).isIgnore)
        #expect(job.state == .completed)
    }
}

extension JobStateMachine.Action {
    var isIgnore: Bool {
        if case .ignore = self { return true }
        return false
    }

    var isRun: Bool {
        if case .run = self { return true }
        return false
    }
}
