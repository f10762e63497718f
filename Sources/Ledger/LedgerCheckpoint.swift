public import Checksum
public import Postgres

/// The ends of the ledger's chains at one moment, signed with Ed25519 by a key kept outside the database
/// (`santunan ledger checkpoint`). Nothing inside the database can prove that a lane was not truncated with its head
/// rewound, or recomputed after an edit: both leave a consistent chain. A checkpoint kept elsewhere can:
/// `santunan ledger verify --since FILE` checks that the record at each signed position still has the signed hash.
///
/// The file is text, one fact a line; the signature covers every line before it:
///
/// ```
/// santunan ledger checkpoint 1
/// installation 6c1f…
/// taken-at 2026-12-06T10:30:00Z
/// chart 9 <hash hex>
/// lane 0 412 <hash hex>
/// …
/// lane 15 398 <hash hex>
/// public-key <hex>
/// signature <hex>
/// ```
public struct LedgerCheckpoint: Hashable, Sendable {
    /// `santunan_meta.installation_id` of the database it was taken of.
    public var installationID: String
    /// The server's time of the snapshot, UTC, ISO 8601.
    public var takenAt: String
    public var chart: ChainHead
    /// Lane number → its end.
    public var lanes: [Int: ChainHead]
    /// The key that signed it (also printed by `ledger keygen`).
    public var publicKey: Ed25519PublicKey
    public var signature: [UInt8]

    static let magic = "santunan ledger checkpoint 1"

    /// The lines the signature covers.
    var signedText: String {
        var text = "\(Self.magic)\ninstallation \(installationID)\ntaken-at \(takenAt)\n"
        text += "chart \(chart.position) \(chart.hash.hex)\n"
        for lane in lanes.keys.sorted() {
            let head = lanes[lane]!
            text += "lane \(lane) \(head.position) \(head.hash.hex)\n"
        }
        text += "public-key \(Hex.encode(publicKey.rawRepresentation))\n"
        return text
    }

    /// The file's text.
    public var text: String { signedText + "signature \(Hex.encode(signature))\n" }

    /// A checkpoint of a verified ledger: the heads of `report` (one snapshot), signed with `key`.
    public static func sign(_ report: VerificationReport, key: Ed25519PrivateKey) throws(LedgerError)
        -> LedgerCheckpoint
    {
        guard report.isValid else {
            throw LedgerError(
                .verificationFailed, field: report.failure?.record ?? "ledger",
                reason: "the ledger does not verify; no checkpoint is taken of it")
        }
        do {
            var checkpoint = LedgerCheckpoint(
                installationID: report.installationID, takenAt: report.takenAt, chart: report.chartHead,
                lanes: Dictionary(
                    uniqueKeysWithValues: report.heads.map {
                        ($0.lane, ChainHead(position: $0.lastPosition, hash: $0.lastHash))
                    }),
                publicKey: try key.publicKey, signature: [])
            checkpoint.signature = try key.signature(for: Array(checkpoint.signedText.utf8))
            return checkpoint
        } catch {
            throw LedgerError(.invalidPosting, field: "key", reason: error.reason)
        }
    }

    /// Reads a checkpoint file's text and checks its signature: against `trusted` when given (the key must be the
    /// one that signed), else against the key the file names.
    ///
    /// - Throws: `.verificationFailed` (field `checkpoint`) when the text is not a checkpoint, names another key
    ///   than `trusted`, or its signature does not verify (the file was changed after it was signed).
    public static func read(_ text: String, trusting trusted: Ed25519PublicKey?) throws(LedgerError)
        -> LedgerCheckpoint
    {
        func malformed(_ why: String) -> LedgerError {
            LedgerError(.verificationFailed, field: "checkpoint", reason: "not a ledger checkpoint: \(why)")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == Substring(magic) else { throw malformed("the first line is not \"\(magic)\"") }
        var installation: String?
        var takenAt: String?
        var chart: ChainHead?
        var lanes: [Int: ChainHead] = [:]
        var publicKey: Ed25519PublicKey?
        var signature: [UInt8]?
        for (number, line) in lines.enumerated().dropFirst() {
            let words = line.split(separator: " ", omittingEmptySubsequences: false)
            guard signature == nil else { throw malformed("line \(number + 1) follows the signature") }
            func head(_ position: Substring, _ hash: Substring) throws(LedgerError) -> ChainHead {
                guard let position = Int64(position), position >= 0, let bytes = Hex.decode(hash),
                    let digest = SHA256Digest(bytes: bytes)
                else { throw malformed("line \(number + 1) is not a position and a hash") }
                return ChainHead(position: position, hash: digest)
            }
            switch (words.first, words.count) {
            case ("installation", 2): installation = String(words[1])
            case ("taken-at", 2): takenAt = String(words[1])
            case ("chart", 3): chart = try head(words[1], words[2])
            case ("lane", 4):
                guard let lane = Int(words[1]), (0..<Ledger.laneCount).contains(lane), lanes[lane] == nil else {
                    throw malformed("line \(number + 1) names no lane 0-\(Ledger.laneCount - 1), or one twice")
                }
                lanes[lane] = try head(words[2], words[3])
            case ("public-key", 2):
                guard let bytes = Hex.decode(words[1]), let key = try? Ed25519PublicKey(rawRepresentation: bytes) else {
                    throw malformed("line \(number + 1) is not a public key")
                }
                publicKey = key
            case ("signature", 2):
                guard let bytes = Hex.decode(words[1]), bytes.count == 64 else {
                    throw malformed("line \(number + 1) is not a signature")
                }
                signature = bytes
            default:
                throw malformed("line \(number + 1) is not understood")
            }
        }
        guard let installation, let takenAt, let chart, let publicKey, let signature, lanes.count == Ledger.laneCount
        else {
            throw malformed(
                "a line is missing (installation, taken-at, chart, \(Ledger.laneCount) lanes, key, signature)")
        }
        let checkpoint = LedgerCheckpoint(
            installationID: installation, takenAt: takenAt, chart: chart, lanes: lanes, publicKey: publicKey,
            signature: signature)
        if let trusted, trusted != publicKey {
            throw LedgerError(
                .verificationFailed, field: "checkpoint",
                reason: "it was signed by another key than --public-key (\(Hex.encode(publicKey.rawRepresentation)))")
        }
        guard publicKey.isValidSignature(signature, for: Array(checkpoint.signedText.utf8)) else {
            throw LedgerError(
                .verificationFailed, field: "checkpoint",
                reason: "its signature does not verify: the file was changed after it was signed")
        }
        return checkpoint
    }

    /// Checks, in the connection's snapshot, that the ledger still extends this checkpoint: the record at each signed
    /// position is still there, with the signed hash (so the chain from it to today's head, which ``Ledger/verify``
    /// recomputes, grows from what was signed).
    func check(_ connection: Connection, into report: inout VerificationReport) throws {
        if !installationID.isEmpty, installationID != report.installationID {
            report.record(
                VerificationFailure(
                    record: "checkpoint", lane: -1, position: 0, transactionID: Int64.max - 1,
                    reason: "it was taken of installation \(installationID), this database is "
                        + "\(report.installationID)"))
            return
        }
        for lane in lanes.keys.sorted() {
            let signed = lanes[lane]!
            guard signed.position > 0 else { continue }
            let found = try connection.execute(
                """
                SELECT hash FROM ledger_transaction WHERE lane = \(lane) AND lane_seq = \(signed.position)
                UNION ALL
                SELECT hash FROM ledger_entry WHERE lane = \(lane) AND lane_seq = \(signed.position)
                """)
            let end = report.heads.first { $0.lane == lane }?.lastPosition ?? 0
            if found.rowCount == 0 {
                report.record(
                    VerificationFailure(
                        record: "lane \(lane)", lane: lane, position: signed.position, transactionID: Int64.max - 1,
                        reason: "the checkpoint of \(takenAt) signed this position, which is gone: the lane now "
                            + "ends at \(end) (records deleted, head rewound?)"))
            } else if try found.rowCount > 1 || SHA256Digest(bytes: found[0, 0] as [UInt8]) != signed.hash {
                report.record(
                    VerificationFailure(
                        record: "lane \(lane)", lane: lane, position: signed.position, transactionID: Int64.max - 1,
                        reason: "the record here has another hash than the checkpoint of \(takenAt) signed: the "
                            + "lane was rewritten (recomputed) after the checkpoint"))
            }
        }
        if chart.position > 0 {
            let found = try connection.execute(
                "SELECT hash FROM ledger_account_class WHERE chart_seq = \(chart.position)")
            if try found.rowCount == 0 || SHA256Digest(bytes: found[0, 0] as [UInt8]) != chart.hash {
                report.record(
                    VerificationFailure(
                        record: "chart", lane: VerificationFailure.chartLane, position: chart.position,
                        transactionID: Int64.max - 1,
                        reason: "the class at the checkpoint's position is gone or has another hash than the "
                            + "checkpoint of \(takenAt) signed: the chart was rewritten"))
            }
        }
    }
}
