import Checksum
import Postgres
import SantunanTestSupport
import Testing

/// One SHA-256 serves the imports' file fingerprints (streamed) and the ledger's chain (one-shot); since issue 15
/// it is libcrypto's, and must give the digests the hand-written one gave (FIPS 180-4 vectors) and PostgreSQL's
/// `sha256()`, which wrote every stored chain hash.
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (String(repeating: "a", count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ])
    func knownDigestsAreReproduced(message: String, hex: String) {
        #expect(SHA256.hash(Array(message.utf8)).hex == hex)
        var hasher = SHA256.Hasher()
        hasher.update(Array(message.utf8))
        #expect(hasher.finalize().hex == hex)
    }

    @Test func streamingInChunksOfAnySizeGivesTheOneShotDigest() {
        let message = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let expected = SHA256.hash(message)
        for chunk in [1, 3, 55, 56, 63, 64, 65, 127, 1_000] {
            var hasher = SHA256.Hasher()
            var start = 0
            while start < message.count {
                let end = min(start + chunk, message.count)
                hasher.update(Array(message[start..<end]))
                start = end
            }
            #expect(hasher.finalize() == expected, "chunks of \(chunk) bytes")
        }
    }

    @Test func aChainBuiltByPostgreSQLsSha256IsReproducedRecordForRecord() throws {
        // The ledger's chain step, hash = sha256(previous ‖ text), over texts of every length around the block
        // boundaries and with multi-byte characters, in the database and here.
        let connection = try Connection(try TestDatabase.shared.freshDatabase(), logger: TestLogging.logger("sha"))
        defer { connection.close() }
        let result = try connection.execute(
            """
            WITH RECURSIVE chain(n, hash) AS (
                SELECT 0, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
                UNION ALL
                SELECT n + 1, sha256(hash || convert_to(repeat('ß|', n) || n, 'UTF8')) FROM chain WHERE n < 150
            ) SELECT encode(hash, 'hex') FROM chain ORDER BY n
            """)
        var previous = SHA256Digest.zero
        for n in 0...150 {
            if n > 0 {
                previous = SHA256.hash(
                    previous.bytes + Array((String(repeating: "ß|", count: n - 1) + "\(n - 1)").utf8))
            }
            #expect(previous.hex == (try result[n, 0] as String), "record \(n)")
        }
    }
}

/// Ed25519 from libcrypto signs the ledger's checkpoints.
@Suite struct Ed25519Tests {
    @Test func rfc8032TestVectorOneIsReproduced() throws {
        let key = try Ed25519PrivateKey(
            rawRepresentation: Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")!)
        #expect(
            Hex.encode(try key.publicKey.rawRepresentation)
                == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let signature = try key.signature(for: [])
        #expect(
            Hex.encode(signature)
                == "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065"
                + "224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
        #expect(try key.publicKey.isValidSignature(signature, for: []))
    }

    @Test func aChangedMessageOrSignatureOrAnotherKeyDoesNotVerify() throws {
        let key = try Ed25519PrivateKey.generate()
        let message = Array("lane 3 57 ab".utf8)
        var signature = try key.signature(for: message)
        #expect(try key.publicKey.isValidSignature(signature, for: message))
        #expect(try !key.publicKey.isValidSignature(signature, for: Array("lane 3 54 ab".utf8)))
        #expect(try !Ed25519PrivateKey.generate().publicKey.isValidSignature(signature, for: message))
        signature[10] ^= 1
        #expect(try !key.publicKey.isValidSignature(signature, for: message))
    }
}
