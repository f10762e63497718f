internal import CLibCrypto

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

/// SHA-256 from OpenSSL's libcrypto: `ledger verify` recomputes the chain with it independently of the database's
/// `sha256()`, and imports fingerprint their files with ``Hasher``.
///
/// A thin wrapper (docs/decisions/0013-identity-and-bounds.md): until issue 15 this was a hand-written FIPS 180-4
/// implementation; the library is reviewed, fuzzed and uses the CPU's SHA extensions. The digests are the same bytes,
/// so every stored chain hash and import fingerprint stays valid (the tests check the FIPS vectors and a chain built
/// by PostgreSQL's `sha256()`).
public enum SHA256 {
    /// The digest of `message`.
    public static func hash(_ message: UnsafeRawBufferPointer) -> SHA256Digest {
        let context = Context()
        return context.hash(message)
    }

    /// The digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> SHA256Digest {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// A digest context reused for many one-shot digests (the verifier hashes one record after another): saves the
    /// allocation of a context per record. Like a `Connection`, one context belongs to one thread.
    public final class Context {
        private let context: OpaquePointer

        public init() {
            libcrypto.start()
            guard let context = EVP_MD_CTX_new() else {
                fatalError("libcrypto: EVP_MD_CTX_new failed (out of memory)")
            }
            self.context = context
        }

        deinit {
            EVP_MD_CTX_free(context)
        }

        /// The digest of `message`.
        public func hash(_ message: UnsafeRawBufferPointer) -> SHA256Digest {
            start()
            feed(message)
            return finish()
        }

        func start() {
            // EVP_sha256() is the built-in implementation; it cannot fail but for lack of memory.
            guard EVP_DigestInit_ex(context, libcrypto.sha256, nil) == 1 else {
                fatalError("libcrypto: EVP_DigestInit_ex(sha256) failed")
            }
        }

        func feed(_ bytes: UnsafeRawBufferPointer) {
            guard !bytes.isEmpty else { return }
            guard EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1 else {
                fatalError("libcrypto: EVP_DigestUpdate failed")
            }
        }

        func finish() -> SHA256Digest {
            var out = [UInt8](repeating: 0, count: 32)
            var length: UInt32 = 0
            guard EVP_DigestFinal_ex(context, &out, &length) == 1, length == 32 else {
                fatalError("libcrypto: EVP_DigestFinal_ex failed")
            }
            return SHA256Digest(bytes: out)!
        }
    }
}

extension SHA256 {
    /// Incremental SHA-256: feed the bytes as they stream past (an imported file), then take the digest once.
    public struct Hasher {
        private let context = Context()
        private var started = false

        public init() {}

        /// Hashes `bytes` after everything fed before.
        public mutating func update(_ bytes: UnsafeRawBufferPointer) {
            if !started {
                context.start()
                started = true
            }
            context.feed(bytes)
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
            if !started {
                context.start()
                started = true
            }
            return context.finish()
        }
    }
}

/// libcrypto, started once per process.
///
/// OpenSSL registers an `atexit` handler that frees its global locks and tables. `exit(65)` after a refused import
/// ran that handler on the main thread while a Dispatch thread was still hashing the file (the importer fingerprints
/// it as it streams), and the hashing thread then crashed on a freed lock (SIGSEGV after the `error:` line).
/// `OPENSSL_INIT_NO_ATEXIT` leaves the tables to the operating system, which frees them with the process; and the
/// SHA-256 implementation is fetched once, instead of a locked look-up per digest.
struct LibCrypto: @unchecked Sendable {
    let sha256: OpaquePointer

    init() {
        // OPENSSL_INIT_NO_ATEXIT is 0x00080000 (openssl/crypto.h); a macro Swift does not import as a constant.
        OPENSSL_init_crypto(0x0008_0000, nil)
        guard let digest = EVP_MD_fetch(nil, "SHA256", nil) else {
            fatalError("libcrypto: the SHA-256 implementation cannot be fetched")
        }
        sha256 = digest
    }

    /// Touching the value starts libcrypto (Swift initialises a global once, thread-safely).
    func start() {}
}

let libcrypto = LibCrypto()
