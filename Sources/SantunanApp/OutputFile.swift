import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The files a command writes with `--out` (issue 15): only regular files, replaced whole or not at all.
///
/// `batch export --out /dev/full` run as root renamed its temporary file over the device, leaving a regular file
/// where `/dev/full` was. An existing target that is not a regular file (a device, a directory, a FIFO, a socket) is
/// therefore refused before anything is written; a symbolic link is followed to its target. The bytes go to a
/// temporary file in the target's own directory (so the rename cannot cross file systems), are flushed to disk
/// (`fsync`) and renamed over the target; the directory is flushed too, so after a crash the old file or the new one
/// is there, never a part of the new one.
public enum OutputFile {
    /// The destination for `path`: the path itself, or the target of the link at `path`. Refuses (exit 64, naming
    /// `option`) an existing destination that is not a regular file, and a missing directory.
    public static func check(_ path: String, option: String = "--out") throws(AppError) -> String {
        guard !path.isEmpty else { throw AppError(.usage, field: option, reason: t("ops.out.name-file")) }
        var destination = path
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = realpath(path, nil) else {
                throw AppError(
                    .usage, field: option,
                    reason: t("ops.out.dangling-link", ["path": .text(path)]))
            }
            destination = String(cString: resolved)
            free(resolved)
        }
        if stat(destination, &info) == 0 {
            let kind = info.st_mode & S_IFMT
            guard kind == S_IFREG else {
                throw AppError(
                    .usage, field: option,
                    reason: t("ops.out.not-regular", ["path": .text(path), "kind": .text(describe(kind))]))
            }
        } else if errno != ENOENT {
            throw AppError(.usage, field: option, reason: t("ops.out.cannot-examine", ["path": .text(path), "why": .text(String(cString: strerror(errno)))]))
        }
        let directory = (destination as NSString).deletingLastPathComponent
        var directoryInfo = stat()
        guard stat(directory.isEmpty ? "." : directory, &directoryInfo) == 0,
            (directoryInfo.st_mode & S_IFMT) == S_IFDIR
        else {
            throw AppError(.inputMissing, field: option, reason: t("ops.out.no-directory", ["path": .text(path)]))
        }
        return destination
    }

    /// Writes `bytes` to `path` through a temporary file that is fsynced and renamed into place.
    public static func write(_ bytes: [UInt8], to path: String, option: String = "--out") throws(AppError) {
        let destination = try check(path, option: option)
        let directory = (destination as NSString).deletingLastPathComponent
        let base = (destination as NSString).lastPathComponent
        let template = (directory.isEmpty ? "." : directory) + "/.\(base).XXXXXX"
        var name = Array(template.utf8CString)
        let descriptor = name.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw AppError(
                .inputMissing, field: option,
                reason: t("ops.out.cannot-write-directory", ["path": .text(path), "why": .text(String(cString: strerror(errno)))]))
        }
        let temporary = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        func fail(_ what: String) -> AppError {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return AppError(.inputMissing, field: option, reason: t("ops.out.cannot-write", ["path": .text(path), "what": .text(what), "why": .text(reason)]))
        }
        // mkstemp makes the file 0600; give it the mode a new file gets (0666 less the umask), like before.
        let mask = umask(0)
        umask(mask)
        fchmod(descriptor, 0o666 & ~mask)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                let error = fail("write")
                close(descriptor)
                throw error
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else {
            let error = fail("fsync")
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw fail("close") }
        // The target may have become something else since the check; refuse rather than rename over a device.
        var info = stat()
        if stat(destination, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            unlink(temporary)
            throw AppError(.usage, field: option, reason: t("ops.out.changed", ["path": .text(path)]))
        }
        guard rename(temporary, destination) == 0 else { throw fail("rename") }
        let directoryDescriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private static func describe(_ kind: mode_t) -> String {
        switch kind {
        case S_IFCHR: t("ops.out.kind.character-device")
        case S_IFBLK: t("ops.out.kind.block-device")
        case S_IFDIR: t("ops.out.kind.directory")
        case S_IFIFO: t("ops.out.kind.fifo")
        case S_IFSOCK: t("ops.out.kind.socket")
        default: t("ops.out.kind.other")
        }
    }
}
