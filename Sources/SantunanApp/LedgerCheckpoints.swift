public import Checksum
import Foundation
public import Ledger

#if canImport(Glibc)
    import Glibc
#endif

/// The files of the ledger's checkpoint routine (docs/decisions/0013-identity-and-bounds.md): the signing key,
/// its public half, and the checkpoints. They live outside the database, so that whoever controls the database
/// cannot rewrite what an auditor signed.
public enum LedgerCheckpoints {
    static let privateHeader = "santunan ledger signing key (Ed25519 seed, keep it outside the database)"
    static let publicHeader = "santunan ledger public key (Ed25519)"

    /// Writes a new key: `path` (mode 0600, refused if it exists) and `path.pub`. Returns the public key's path and
    /// its hex.
    public static func generateKey(at path: String) throws(AppError) -> (publicPath: String, publicHex: String) {
        let key: Ed25519PrivateKey
        let publicKey: Ed25519PublicKey
        do {
            key = try Ed25519PrivateKey.generate()
            publicKey = try key.publicKey
        } catch {
            throw AppError(.internalError, field: "keygen", reason: error.reason)
        }
        let publicHex = Hex.encode(publicKey.rawRepresentation)
        let publicPath = path + ".pub"
        try create(path, mode: 0o600, text: "\(privateHeader)\n\(Hex.encode(key.rawRepresentation))\n")
        try create(publicPath, mode: 0o644, text: "\(publicHeader)\n\(publicHex)\n")
        return (publicPath, publicHex)
    }

    /// Reads a signing key written by ``generateKey(at:)``; refuses one that others than its owner may read.
    public static func readKey(_ path: String, option: String) throws(AppError) -> Ed25519PrivateKey {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw AppError(.inputMissing, field: option, reason: t("ledger.file.missing", ["path": .text(path)]))
        }
        guard status.st_mode & 0o077 == 0 else {
            throw AppError(
                .permissionDenied, field: option,
                reason: t(
                    "ledger.key.readable-by-others",
                    ["path": .text(path), "mode": .text(String(status.st_mode & 0o777, radix: 8))]))
        }
        let hex = try secondLine(path, header: privateHeader, option: option)
        guard let bytes = Hex.decode(hex), let key = try? Ed25519PrivateKey(rawRepresentation: bytes) else {
            throw AppError(.invalidData, field: option, reason: t("ledger.key.not-a-key", ["path": .text(path)]))
        }
        return key
    }

    /// Reads a public key written by ``generateKey(at:)`` (`KEY.pub`).
    public static func readPublicKey(_ path: String, option: String) throws(AppError) -> Ed25519PublicKey {
        let hex = try secondLine(path, header: publicHeader, option: option)
        guard let bytes = Hex.decode(hex), let key = try? Ed25519PublicKey(rawRepresentation: bytes) else {
            throw AppError(.invalidData, field: option, reason: t("ledger.key.not-a-public-key", ["path": .text(path)]))
        }
        return key
    }

    /// Writes a checkpoint to `path`, a regular file or a new one: through a temporary file beside it and a rename,
    /// so a reader never sees half a checkpoint.
    public static func write(_ checkpoint: LedgerCheckpoint, to path: String) throws(AppError) {
        var status = stat()
        if lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw AppError(.usage, field: "--out", reason: t("ledger.file.not-regular", ["path": .text(path)]))
        }
        let temporary = "\(path).tmp-\(getpid())"
        try create(temporary, mode: 0o644, text: checkpoint.text, option: "--out")
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw AppError(
                .usage, field: "--out",
                reason: t(
                    "ledger.file.cannot-write-because",
                    ["path": .text(path), "cause": .text(String(cString: strerror(errno)))]))
        }
    }

    /// Reads a checkpoint file and checks its signature (against `trusted` when given).
    public static func read(_ path: String, trusting trusted: Ed25519PublicKey?) throws(AppError) -> LedgerCheckpoint {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError(.inputMissing, field: "--since", reason: t("ledger.file.unreadable", ["path": .text(path)]))
        }
        guard data.count <= 64 * 1024 else {
            throw AppError(
                .invalidData, field: "--since", reason: t("ledger.checkpoint.too-large", ["path": .text(path)]))
        }
        do {
            return try LedgerCheckpoint.read(String(decoding: data, as: UTF8.self), trusting: trusted)
        } catch {
            throw AppError(.invalidData, field: "--since", reason: "\(path): \(error.reason)")
        }
    }

    private static func secondLine(_ path: String, header: String, option: String) throws(AppError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError(.inputMissing, field: option, reason: t("ledger.file.unreadable", ["path": .text(path)]))
        }
        let lines = String(decoding: data.prefix(4096), as: UTF8.self).split(separator: "\n")
        guard lines.count >= 2, lines[0] == header else {
            throw AppError(
                .invalidData, field: option,
                reason: t("ledger.file.wrong-header", ["path": .text(path), "header": .text(header)]))
        }
        return String(lines[1])
    }

    private static func create(_ path: String, mode: mode_t, text: String, option: String = "--out")
        throws(AppError)
    {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            let reason =
                errno == EEXIST
                ? t("ledger.file.exists", ["path": .text(path)])
                : t(
                    "ledger.file.cannot-create",
                    ["path": .text(path), "cause": .text(String(cString: strerror(errno)))])
            throw AppError(.usage, field: option, reason: reason)
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            unlink(path)
            throw AppError(.internalError, field: option, reason: t("ledger.file.cannot-write", ["path": .text(path)]))
        }
    }
}
