import Foundation

/// Runs `body` on `count` dedicated threads released at the same moment, waits for all of them, and returns each
/// thread's error (nil for success), indexed by thread.
///
/// Dedicated threads rather than a concurrent queue: the bodies block in libpq or in child processes, and the
/// global queues are sized to the two cores of the CI machine.
public func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) -> [(any Error)?] {
    let results = ThreadResults(count: count)
    let ready = DispatchSemaphore(value: 0)
    let go = DispatchSemaphore(value: 0)
    let finished = DispatchSemaphore(value: 0)
    for index in 0..<count {
        let thread = Thread {
            ready.signal()
            go.wait()
            do {
                try body(index)
            } catch {
                results.set(index, error)
            }
            finished.signal()
        }
        thread.start()
    }
    for _ in 0..<count { ready.wait() }
    for _ in 0..<count { go.signal() }
    for _ in 0..<count { finished.wait() }
    return results.errors
}

private final class ThreadResults: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [(any Error)?]

    init(count: Int) {
        storage = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ error: any Error) {
        lock.lock()
        storage[index] = error
        lock.unlock()
    }

    var errors: [(any Error)?] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
