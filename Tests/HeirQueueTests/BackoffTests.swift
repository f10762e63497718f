import HeirQueue
import SantunanValues
import Testing

@Suite struct BackoffTests {
    @Test func theNominalDelayDoublesUpToTheMaximum() {
        let policy = BackoffPolicy(base: .seconds(1), maximum: .seconds(10))
        #expect(policy.nominalDelay(afterFailures: 1) == .seconds(1))
        #expect(policy.nominalDelay(afterFailures: 2) == .seconds(2))
        #expect(policy.nominalDelay(afterFailures: 4) == .seconds(8))
        #expect(policy.nominalDelay(afterFailures: 5) == .seconds(10))
        #expect(policy.nominalDelay(afterFailures: 500) == .seconds(10))
    }

    @Test(arguments: 1...8)
    func everyJitteredDelayIsBetweenHalfAndAllOfTheNominalDelay(failures: Int) {
        let policy = BackoffPolicy(base: .milliseconds(500), maximum: .seconds(30))
        var random = SeededRandom(seed: UInt64(failures))
        let range = policy.delayRange(afterFailures: failures)
        var seen = Set<Duration>()
        for _ in 0..<200 {
            let delay = policy.delay(afterFailures: failures, using: &random)
            #expect(range.contains(delay))
            seen.insert(delay)
        }
        #expect(seen.count > 100, "jitter spreads the delays")
    }

    @Test func theSameSeedGivesTheSameDelays() {
        let policy = BackoffPolicy()
        var first = SeededRandom(seed: 42)
        var second = SeededRandom(seed: 42)
        #expect(
            (1...10).map { policy.delay(afterFailures: $0, using: &first) }
                == (1...10).map { policy.delay(afterFailures: $0, using: &second) })
    }

    @Test func instantsPrintAsISO8601WithMicroseconds() {
        #expect(QueueInstant(microseconds: 0).iso8601 == "1970-01-01T00:00:00.000000Z")
        #expect(QueueInstant(microseconds: 1_767_225_600_123_456).iso8601 == "2026-01-01T00:00:00.123456Z")
        #expect(QueueInstant(microseconds: 951_782_400_000_001).iso8601 == "2000-02-29T00:00:00.000001Z")
    }
}
