import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock(2)` on a lock file, held for the duration of a closure.
///
/// `flock` locks belong to the open file description, so the lock also serialises threads of one process that open
/// the file separately, and the kernel drops it when a crashed holder's descriptor closes. The descriptor is opened
/// with `O_CLOEXEC`: otherwise the postmaster that `pg_ctl start` launches would inherit it and hold the lock for as
/// long as the server runs.
enum FileLock {
    static func withExclusiveLock<Result>(
        at url: URL,
        logger: Logger,
        _ body: () throws -> Result
    ) throws -> Result {
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw LocalClusterError(
                step: .lock,
                reason: "cannot open lock file \(url.path): \(String(cString: strerror(errno)))"
            )
        }
        defer { close(descriptor) }

        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                throw LocalClusterError(
                    step: .lock,
                    reason: "cannot lock \(url.path): \(String(cString: strerror(errno)))"
                )
            }
            logger.info("waiting for another command to release the cluster lock", metadata: ["lock": "\(url.path)"])
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    throw LocalClusterError(
                        step: .lock,
                        reason: "cannot lock \(url.path): \(String(cString: strerror(errno)))"
                    )
                }
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
