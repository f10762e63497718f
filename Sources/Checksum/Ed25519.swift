internal import CLibCrypto

/// Why a key could not be made or read, or a signature not computed. Carries no key material.
public struct SignatureError: Error, Sendable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}

/// An Ed25519 signing key (RFC 8032), from OpenSSL's libcrypto: signs the ledger's checkpoints. The key lives in a
/// file outside the database (`santunan ledger keygen`), so a database superuser cannot forge a checkpoint.
public struct Ed25519PrivateKey: Sendable {
    /// The 32-byte seed.
    public let rawRepresentation: [UInt8]

    /// A key from a 32-byte seed.
    public init(rawRepresentation: [UInt8]) throws(SignatureError) {
        guard rawRepresentation.count == 32 else {
            throw SignatureError("an Ed25519 private key is 32 bytes, this one \(rawRepresentation.count)")
        }
        self.rawRepresentation = rawRepresentation
        _ = try publicKey
    }

    /// A new key from the operating system's random source (through libcrypto's `RAND_bytes`).
    public static func generate() throws(SignatureError) -> Ed25519PrivateKey {
        var seed = [UInt8](repeating: 0, count: 32)
        libcrypto.start()
        guard RAND_bytes(&seed, 32) == 1 else {
            throw SignatureError("the random source failed (RAND_bytes)")
        }
        return try Ed25519PrivateKey(rawRepresentation: seed)
    }

    /// The matching public key.
    public var publicKey: Ed25519PublicKey {
        get throws(SignatureError) {
            let key = try EVPKey(privateSeed: rawRepresentation)
            var raw = [UInt8](repeating: 0, count: 32)
            var length = 32
            guard EVP_PKEY_get_raw_public_key(key.pointer, &raw, &length) == 1, length == 32 else {
                throw SignatureError("cannot derive the public key")
            }
            return try Ed25519PublicKey(rawRepresentation: raw)
        }
    }

    /// The 64-byte signature of `message`.
    public func signature(for message: [UInt8]) throws(SignatureError) -> [UInt8] {
        let key = try EVPKey(privateSeed: rawRepresentation)
        guard let context = EVP_MD_CTX_new() else { throw SignatureError("out of memory") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, nil, nil, key.pointer) == 1 else {
            throw SignatureError("cannot start signing (EVP_DigestSignInit)")
        }
        var signature = [UInt8](repeating: 0, count: 64)
        var length = 64
        let status = message.withUnsafeBufferPointer { bytes in
            EVP_DigestSign(context, &signature, &length, bytes.baseAddress, bytes.count)
        }
        guard status == 1, length == 64 else { throw SignatureError("signing failed (EVP_DigestSign)") }
        return signature
    }
}

/// An Ed25519 public key: checks a checkpoint's signature.
public struct Ed25519PublicKey: Hashable, Sendable {
    /// The 32-byte encoded point.
    public let rawRepresentation: [UInt8]

    public init(rawRepresentation: [UInt8]) throws(SignatureError) {
        guard rawRepresentation.count == 32 else {
            throw SignatureError("an Ed25519 public key is 32 bytes, this one \(rawRepresentation.count)")
        }
        self.rawRepresentation = rawRepresentation
    }

    /// Whether `signature` is this key's signature of `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64, let key = try? EVPKey(publicKey: rawRepresentation),
            let context = EVP_MD_CTX_new()
        else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, nil, nil, key.pointer) == 1 else { return false }
        let status = signature.withUnsafeBufferPointer { signatureBytes in
            message.withUnsafeBufferPointer { messageBytes in
                EVP_DigestVerify(
                    context, signatureBytes.baseAddress, signatureBytes.count, messageBytes.baseAddress,
                    messageBytes.count)
            }
        }
        return status == 1
    }
}

/// An `EVP_PKEY` owned for the length of one operation.
private final class EVPKey {
    let pointer: OpaquePointer

    init(privateSeed: [UInt8]) throws(SignatureError) {
        libcrypto.start()
        guard let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, privateSeed, privateSeed.count) else {
            throw SignatureError("not a valid Ed25519 private key")
        }
        pointer = key
    }

    init(publicKey: [UInt8]) throws(SignatureError) {
        libcrypto.start()
        guard let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, publicKey, publicKey.count) else {
            throw SignatureError("not a valid Ed25519 public key")
        }
        pointer = key
    }

    deinit {
        EVP_PKEY_free(pointer)
    }
}

/// Lower-case hexadecimal text of bytes, and back.
public enum Hex {
    public static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of `text` (upper or lower case), nil unless it is an even number of hex digits.
    public static func decode(_ text: Substring) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    public static func decode(_ text: String) -> [UInt8]? { decode(Substring(text)) }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 97...102: byte - 87
        case 65...70: byte - 55
        default: nil
        }
    }
}
