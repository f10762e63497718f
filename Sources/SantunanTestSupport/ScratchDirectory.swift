public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fresh, uniquely named directory under the temporary directory, for one test or one test process.
///
/// It is made with `mkdtemp` and then opened to mode 755, because when the tests run as root the PostgreSQL tools
/// run as an unprivileged user who must be able to enter it. Remove it with ``remove()``; nothing is removed
/// implicitly, so a failing test can leave its files for inspection when it wants to.
public final class ScratchDirectory: Sendable {
    /// The directory's absolute path.
    public let url: URL

    /// Makes `<tmp>/<prefix>XXXXXX`.
    ///
    /// `/tmp` is preferred over a long `TMPDIR`, because a cluster's socket path must stay under 107 bytes.
    public init(prefix: String = "santunan-") throws {
        let environmentTemporary = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        let base = environmentTemporary.utf8.count <= 40 ? environmentTemporary : "/tmp"
        var template = Array((URL(fileURLWithPath: base).appendingPathComponent(prefix + "XXXXXX").path).utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            mkdtemp(buffer.baseAddress!)
        }
        guard let created else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: base])
        }
        let path = String(cString: created)
        chmod(path, 0o755)
        self.url = URL(fileURLWithPath: path, isDirectory: true)
    }

    /// Deletes the directory and everything in it; a directory already gone is fine.
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
