import Checksum
import Testing

/// One SHA-256 serves the imports' file fingerprints (streamed) and the ledger's chain (one-shot).
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
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
}
