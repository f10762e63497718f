import Checksum
public import Postgres

/// What ``Ledger/postChunk(_:on:)`` wrote.
public struct ChunkReceipt: Hashable, Sendable {
    /// Per posting of the chunk, in order: true when this call wrote it, false when its key had been posted before
    /// (found under the lanes' locks: a retry, or another run's).
    public var created: [Bool]

    /// How many postings this call wrote.
    public var createdCount: Int { created.reduce(0) { $0 + ($1 ? 1 : 0) } }

    public init(created: [Bool]) {
        self.created = created
    }
}

extension Ledger {
    /// Posts many transactions in one database transaction: the path of the flows that post thousands at once
    /// (contributions due and paid, development crediting); docs/decisions/0014-ledger-bulk.md.
    ///
    /// The postings are validated here (``Posting/validate()``, one acting user, no reversals, no key twice), then
    /// `ledger_bulk_begin` (Schema/0014) locks every lane's head, says which keys are posted already and reserves the
    /// ids of the new postings; their records are laid out round-robin over the lanes, each posting's header
    /// followed by its entries, and hashed here with the same canonical texts as `ledger_post`, so
    /// ``verify(on:progress:)`` cannot tell the paths apart. `ledger_post_chunk` then checks the chunk set-based
    /// (namespaces, balance, contiguity, each lane's first record against its head) and writes it with two
    /// INSERT … SELECT. A key already posted is skipped (not compared: the flows derive content from the key's
    /// source row, and ``post(_:on:)`` remains for a posting that must be compared).
    ///
    /// Runs in its own transaction, or in a savepoint of the caller's. Holds every lane until that transaction
    /// ends: single postings elsewhere wait for the chunk.
    ///
    /// - Throws: ``LedgerError``: `.invalidPosting` / `.unbalanced` before anything is sent; `.forbidden` for a key
    ///   outside the caller's namespaces; `.unknownAccount`; `.conflict` (retry) on a serialisation failure;
    ///   `.database` otherwise.
    @discardableResult
    public static func postChunk(_ postings: [Posting], on connection: Connection) throws(LedgerError) -> ChunkReceipt {
        guard let first = postings.first else { return ChunkReceipt(created: []) }
        var keys = Set<String>()
        keys.reserveCapacity(postings.count)
        for (index, posting) in postings.enumerated() {
            try posting.validate()
            guard posting.recordedBy == first.recordedBy else {
                throw LedgerError(
                    .invalidPosting, field: "postings[\(index)].recordedBy", reason: "a chunk has one acting user")
            }
            guard posting.reverses == nil else {
                throw LedgerError(
                    .invalidPosting, field: "postings[\(index)].reverses",
                    reason: "a reversal is posted one by one (Ledger.post)")
            }
            guard keys.insert(posting.idempotencyKey).inserted else {
                throw LedgerError(
                    .invalidPosting, field: "postings[\(index)].idempotencyKey",
                    reason: "\"\(posting.idempotencyKey)\" appears twice in the chunk")
            }
        }
        do {
            return try connection.transaction { connection in
                try writeChunk(postings, recordedBy: first.recordedBy, on: connection)
            }
        } catch let error as LedgerError {
            throw error
        } catch let error as PostgresError {
            throw LedgerError(error)
        } catch {
            throw LedgerError(.database, field: "database", reason: "\(error)")
        }
    }

    private static func writeChunk(_ postings: [Posting], recordedBy: String, on connection: Connection) throws
        -> ChunkReceipt
    {
        var keys = ArrayLiteral()
        var counts = ArrayLiteral()
        for posting in postings {
            keys.append(posting.idempotencyKey)
            counts.appendNumber(Int64(posting.entries.count))
        }
        let begin = try connection.execute(
            """
            SELECT actor, recorded_at_us, first_transaction_id, first_entry_id, existing::text
            FROM ledger_bulk_begin($1, $2::text[], $3::int[])
            """, [recordedBy, keys.text, counts.text])
        let actor: String = try begin[0, 0]
        let recordedAt: Int64 = try begin[0, 1]
        let firstTransaction: Int64 = try begin[0, 2]
        let firstEntry: Int64 = try begin[0, 3]
        let existingText: String = try begin[0, 4]
        var created = [Bool](repeating: true, count: postings.count)
        for number in existingText.dropFirst().dropLast().split(separator: ",") {
            if let index = Int(number), index >= 1, index <= postings.count { created[index - 1] = false }
        }
        // The heads are stable: ledger_bulk_begin holds every lane's lock until this transaction ends.
        var heads = [(position: Int64, hash: SHA256Digest)](repeating: (0, .zero), count: laneCount)
        for row in try connection.execute("SELECT lane, last_seq, last_hash FROM ledger_chain_head ORDER BY lane") {
            let lane: Int = try row[0]
            guard (0..<laneCount).contains(lane) else { continue }
            heads[lane] = (try row[1], SHA256Digest(bytes: try row[2] as [UInt8]) ?? .zero)
        }

        var chunk = ChunkRecords(recordedAt: recordedAt, actor: actor)
        var transactionID = firstTransaction
        var entryID = firstEntry
        var lane = 0
        for (index, posting) in postings.enumerated() where created[index] {
            chunk.add(posting, lane: lane, head: &heads[lane], transactionID: transactionID, firstEntryID: entryID)
            transactionID += 1
            entryID += Int64(posting.entries.count)
            lane = (lane + 1) % laneCount
        }
        let written = try connection.execute(
            """
            SELECT ledger_post_chunk($1, $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], \
            $8::text[], $9::text[], $10::text[], $11::smallint[], $12::bigint[], $13::bytea[], $14::int[], \
            $15::text[], $16::"char"[], $17::bigint[], $18::bigint[], $19::bytea[])
            """, chunk.binds(recordedBy: recordedBy))
        let count: Int = try written[0, 0]
        guard count == chunk.headerCount else {
            throw LedgerError(
                .database, field: "ledger_post_chunk", reason: "wrote \(count) postings of \(chunk.headerCount)")
        }
        return ChunkReceipt(created: created)
    }
}

/// A chunk's records as the function's array parameters, with their positions and hashes.
private struct ChunkRecords {
    let recordedAt: Int64
    let actor: String
    private(set) var headerCount = 0
    private var keys = ArrayLiteral(), kinds = ArrayLiteral(), dates = ArrayLiteral(), niks = ArrayLiteral()
    private var kpjs = ArrayLiteral(), claims = ArrayLiteral(), batches = ArrayLiteral(), npps = ArrayLiteral()
    private var memos = ArrayLiteral(), lanes = ArrayLiteral(), seqs = ArrayLiteral(), hashes = ArrayLiteral()
    private var entryTransactions = ArrayLiteral(), accounts = ArrayLiteral(), sides = ArrayLiteral()
    private var amounts = ArrayLiteral(), entrySeqs = ArrayLiteral(), entryHashes = ArrayLiteral()
    private var text = CanonicalText()
    private let sha256 = SHA256.Context()

    init(recordedAt: Int64, actor: String) {
        self.recordedAt = recordedAt
        self.actor = actor
    }

    /// Lays `posting` out at the end of `lane` (its header, then its entries) and advances the lane's head.
    mutating func add(
        _ posting: Posting, lane: Int, head: inout (position: Int64, hash: SHA256Digest), transactionID: Int64,
        firstEntryID: Int64
    ) {
        headerCount += 1
        let references = posting.references
        let date = posting.effectiveDate.description
        var position = head.position + 1
        // T|lane|pos|id|date|recorded_at µs|kind|key|by|nik|kpj|claim|batch|npp|reverses|memo (Schema/0005).
        text.start(previous: head.hash)
        text.literal("T|")
        text.number(Int64(lane))
        text.literal("|")
        text.number(position)
        text.literal("|")
        text.number(transactionID)
        text.literal("|")
        text.raw(date)
        text.literal("|")
        text.number(recordedAt)
        for field in [
            posting.kind.rawValue, posting.idempotencyKey, actor, references.participantNIK,
            references.participantKPJ, references.claimID, references.batchID, references.employerNPP,
        ] {
            text.literal("|")
            text.field(field)
        }
        text.literal("|-|")
        text.field(posting.memo)
        var previous = text.hash(sha256)
        keys.append(posting.idempotencyKey)
        kinds.append(posting.kind.rawValue)
        dates.append(date)
        niks.append(references.participantNIK)
        kpjs.append(references.participantKPJ)
        claims.append(references.claimID)
        batches.append(references.batchID)
        npps.append(references.employerNPP)
        memos.append(posting.memo)
        lanes.appendNumber(Int64(lane))
        seqs.appendNumber(position)
        hashes.appendHash(previous)
        for (offset, entry) in posting.entries.enumerated() {
            position += 1
            // E|lane|pos|id|transaction|account|side|amount.
            text.start(previous: previous)
            text.literal("E|")
            text.number(Int64(lane))
            text.literal("|")
            text.number(position)
            text.literal("|")
            text.number(firstEntryID + Int64(offset))
            text.literal("|")
            text.number(transactionID)
            text.literal("|")
            text.field(entry.account.rawValue)
            text.literal("|")
            text.raw(entry.side.rawValue)
            text.literal("|")
            text.number(entry.amount)
            previous = text.hash(sha256)
            entryTransactions.appendNumber(Int64(headerCount))
            accounts.append(entry.account.rawValue)
            sides.append(entry.side.rawValue)
            amounts.appendNumber(entry.amount)
            entrySeqs.appendNumber(position)
            entryHashes.appendHash(previous)
        }
        head = (position, previous)
    }

    func binds(recordedBy: String) -> [(any PostgresBindable)?] {
        [
            recordedBy, keys.text, kinds.text, dates.text, niks.text, kpjs.text, claims.text, batches.text, npps.text,
            memos.text, lanes.text, seqs.text, hashes.text, entryTransactions.text, accounts.text, sides.text,
            amounts.text, entrySeqs.text, entryHashes.text,
        ]
    }
}

/// The bytes hashed for one record: the previous hash, then the canonical text.
private struct CanonicalText {
    private var buffer: [UInt8] = []

    init() {
        buffer.reserveCapacity(512)
    }

    mutating func start(previous: SHA256Digest) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: previous.bytes)
    }

    mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    mutating func raw(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    mutating func number(_ value: Int64) {
        appendDecimal(value, to: &buffer)
    }

    /// `<byte length>:<text>`, or `-` for NULL.
    mutating func field(_ text: String?) {
        guard let text else {
            buffer.append(UInt8(ascii: "-"))
            return
        }
        appendDecimal(Int64(text.utf8.count), to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        buffer.append(contentsOf: text.utf8)
    }

    func hash(_ context: SHA256.Context) -> SHA256Digest {
        buffer.withUnsafeBytes { context.hash($0) }
    }
}

/// A PostgreSQL array literal built as bytes: `{"a","b",NULL}`, quotes and backslashes escaped.
private struct ArrayLiteral {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]

    var text: String {
        var closed = bytes
        closed.append(UInt8(ascii: "}"))
        return String(decoding: closed, as: UTF8.self)
    }

    private mutating func separate() {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
    }

    mutating func append(_ value: String?) {
        separate()
        guard let value else {
            bytes.append(contentsOf: "NULL".utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func appendNumber(_ value: Int64) {
        separate()
        appendDecimal(value, to: &bytes)
    }

    /// A `bytea` element in hex input form, `"\\x…"` (the backslash escaped for the array syntax).
    mutating func appendHash(_ digest: SHA256Digest) {
        separate()
        bytes.append(contentsOf: "\"\\\\x".utf8)
        let digits = Array("0123456789abcdef".utf8)
        for byte in digest.bytes {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// `value` in decimal, as PostgreSQL prints a bigint (the chunk's canonical texts and the verifier's).
func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    var digits:
        (
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
        ) = (
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        )
    var used = 0
    withUnsafeMutableBytes(of: &digits) { scratch in
        repeat {
            scratch[used] = UInt8(48 + magnitude % 10)
            magnitude /= 10
            used += 1
        } while magnitude > 0
        for index in stride(from: used - 1, through: 0, by: -1) { bytes.append(scratch[index]) }
    }
}
