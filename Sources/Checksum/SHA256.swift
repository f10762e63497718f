/// A SHA-256 digest as eight big-endian 32-bit words: compared and copied without allocating.
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    /// The eight words, most significant first: read and written in place by the ledger's verifier.
    public var words: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    /// The genesis value of every chain lane: 32 zero bytes.
    public static let zero = SHA256Digest(words: (0, 0, 0, 0, 0, 0, 0, 0))

    public init(words: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)) {
        self.words = words
    }

    /// The digest of 32 bytes, nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        var digest = SHA256Digest.zero
        withUnsafeMutableBytes(of: &digest.words) { raw in
            let words = raw.bindMemory(to: UInt32.self)
            for index in 0..<8 {
                var word: UInt32 = 0
                for byte in bytes[(index * 4)..<(index * 4 + 4)] {
                    word = word << 8 | UInt32(byte)
                }
                words[index] = word
            }
        }
        self = digest
    }

    /// The 32 bytes, most significant first.
    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        withUnsafeBytes(of: words) { raw in
            for word in raw.bindMemory(to: UInt32.self) {
                bytes.append(UInt8(truncatingIfNeeded: word >> 24))
                bytes.append(UInt8(truncatingIfNeeded: word >> 16))
                bytes.append(UInt8(truncatingIfNeeded: word >> 8))
                bytes.append(UInt8(truncatingIfNeeded: word))
            }
        }
        return bytes
    }

    /// Lower-case hex, as `encode(hash, 'hex')` prints it.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { hex }

    public static func == (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3 && lhs.words.4 == rhs.words.4 && lhs.words.5 == rhs.words.5
            && lhs.words.6 == rhs.words.6 && lhs.words.7 == rhs.words.7
    }

    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes(of: words) { hasher.combine(bytes: $0) }
    }
}

/// SHA-256 (FIPS 180-4), small and allocation-free: `ledger verify` recomputes the chain with it independently of
/// the database's `sha256()`, and imports fingerprint their files with ``Hasher``.
///
/// Written out here because Foundation on Linux has no digest API and the package takes no crypto dependency for
/// one hash; tests check it against PostgreSQL's `sha256()`.
public enum SHA256 {
    typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    static let initialState: State = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )

    /// The digest of `message`.
    public static func hash(_ message: UnsafeRawBufferPointer) -> SHA256Digest {
        var state = initialState
        let count = message.count
        let fullBlocks = count / 64
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            for block in 0..<fullBlocks {
                compress(&state, UnsafeRawBufferPointer(rebasing: message[(block * 64)..<(block * 64 + 64)]), schedule)
            }
            // The tail, the 0x80 marker and the bit length, in one or two final blocks.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
                let rest = count - fullBlocks * 64
                for index in 0..<rest {
                    tail[index] = message[fullBlocks * 64 + index]
                }
                tail[rest] = 0x80
                let total = rest + 9 <= 64 ? 64 : 128
                for index in (rest + 1)..<total {
                    tail[index] = 0
                }
                let bits = UInt64(count) &* 8
                for index in 0..<8 {
                    tail[total - 1 - index] = UInt8(truncatingIfNeeded: bits >> (8 * UInt64(index)))
                }
                let raw = UnsafeRawBufferPointer(tail)
                compress(&state, UnsafeRawBufferPointer(rebasing: raw[0..<64]), schedule)
                if total == 128 {
                    compress(&state, UnsafeRawBufferPointer(rebasing: raw[64..<128]), schedule)
                }
            }
        }
        return SHA256Digest(words: state)
    }

    /// The digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> SHA256Digest {
        bytes.withUnsafeBytes { hash($0) }
    }

    @inline(__always)
    private static func rotr(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value >> count) | (value << (32 - count))
    }

    static func compress(
        _ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
        _ block: UnsafeRawBufferPointer,
        _ w: UnsafeMutableBufferPointer<UInt32>
    ) {
        // Raw pointers: one unaligned big-endian load per word, no per-byte loads or index checks.
        let bytes = block.baseAddress!
        let w = w.baseAddress!
        for index in 0..<16 {
            w[index] = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self))
        }
        for index in 16..<64 {
            let w15 = w[index &- 15]
            let w2 = w[index &- 2]
            let s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3)
            let s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10)
            w[index] = w[index &- 16] &+ s0 &+ w[index &- 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = state
        roundConstants.withUnsafeBufferPointer { constants in
            let k = constants.baseAddress!
            for index in 0..<64 {
                let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                let choice = g ^ (e & (f ^ g))
                let t1 = h &+ s1 &+ choice &+ k[index] &+ w[index]
                let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                let majority = (a & b) | (c & (a | b))
                let t2 = s0 &+ majority
                h = g
                g = f
                f = e
                e = d &+ t1
                d = c
                c = b
                b = a
                a = t1 &+ t2
            }
        }
        state = (
            state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f, state.6 &+ g,
            state.7 &+ h
        )
    }

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}

extension SHA256 {
    /// Incremental SHA-256: feed the bytes as they stream past (an imported file), then take the digest once.
    public struct Hasher {
        private var state = SHA256.initialState
        /// Bytes of an incomplete block, fewer than 64.
        private var pending: [UInt8] = []
        private var length: UInt64 = 0

        public init() {
            pending.reserveCapacity(64)
        }

        /// Hashes `bytes` after everything fed before.
        public mutating func update(_ bytes: UnsafeRawBufferPointer) {
            length &+= UInt64(bytes.count)
            var index = 0
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
                if !pending.isEmpty {
                    let take = min(64 - pending.count, bytes.count)
                    pending.append(contentsOf: bytes[0..<take])
                    index = take
                    guard pending.count == 64 else { return }
                    pending.withUnsafeBytes { SHA256.compress(&state, $0, schedule) }
                    pending.removeAll(keepingCapacity: true)
                }
                while bytes.count - index >= 64 {
                    SHA256.compress(&state, UnsafeRawBufferPointer(rebasing: bytes[index..<(index + 64)]), schedule)
                    index += 64
                }
                pending.append(contentsOf: bytes[index...])
            }
        }

        /// Hashes `bytes` after everything fed before.
        public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
            update(UnsafeRawBufferPointer(bytes))
        }

        /// Hashes `bytes` after everything fed before.
        public mutating func update(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { update($0) }
        }

        /// The digest of everything fed; the hasher is spent afterwards.
        public mutating func finalize() -> SHA256Digest {
            let bits = length &* 8
            var tail = pending
            tail.append(0x80)
            while tail.count % 64 != 56 { tail.append(0) }
            for shift in stride(from: 56, through: 0, by: -8) {
                tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
            }
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
                tail.withUnsafeBytes { raw in
                    for start in stride(from: 0, to: raw.count, by: 64) {
                        SHA256.compress(&state, UnsafeRawBufferPointer(rebasing: raw[start..<(start + 64)]), schedule)
                    }
                }
            }
            return SHA256Digest(words: state)
        }
    }
}
