public import Checksum
public import Foundation
public import SantunanApp

/// Signed tokens from a configured issuer (issue 21): a JWT (RFC 7519) signed with Ed25519 (`alg: EdDSA`,
/// RFC 8037) whose `sub` names a user of `santunan user add`; the request then acts as that user with that user's
/// role, exactly as with the user's own bearer token, and `santunan user revoke` refuses the user's JWTs too.
///
/// Only EdDSA is accepted (no `none`, no HMAC with a public key as its secret: the algorithm is fixed here, never
/// taken from the token). `iss` and `aud` must be the configured ones, `exp` is required, `nbf` is honoured, each
/// with `leeway` for clock skew. The key pair is made with `santunan ledger keygen` (the issuer keeps the private key;
/// `config/service/jwt.yaml` names the public one).
public struct JWTVerifier: Sendable {
    public var issuer: String
    public var audience: String
    public var publicKey: Ed25519PublicKey
    public var leeway: TimeInterval = 60

    public init(issuer: String, audience: String, publicKey: Ed25519PublicKey) {
        self.issuer = issuer
        self.audience = audience
        self.publicKey = publicKey
    }

    /// `config/service/jwt.yaml` when it exists (`issuer:`, `audience:`, `public_key_file:` — a `KEY.pub` of
    /// `ledger keygen`, relative to the project root or absolute), else nil: bearer tokens only.
    public static func load(paths: ProjectPaths) throws(AppError) -> JWTVerifier? {
        let file = paths.config.appendingPathComponent("service/jwt.yaml")
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw AppError(.inputMissing, field: "config/service/jwt.yaml", reason: "cannot read this file")
        }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard let colon = content.firstIndex(of: ":") else { continue }
            let name = content[..<colon].trimmingCharacters(in: .whitespaces)
            var value = content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.first == "\"" || value.first == "'", value.last == value.first {
                value = String(value.dropFirst().dropLast())
            }
            values[name] = value
        }
        var missing: [String] = []
        for name in ["issuer", "audience", "public_key_file"] where (values[name] ?? "").isEmpty {
            missing.append(name)
        }
        guard missing.isEmpty, let issuer = values["issuer"], let audience = values["audience"],
            let keyFile = values["public_key_file"]
        else {
            throw AppError(
                .internalError, field: "config/service/jwt.yaml",
                reason: "\(missing.joined(separator: ", ")) missing")
        }
        let path = keyFile.hasPrefix("/") ? keyFile : paths.root.appendingPathComponent(keyFile).path
        let key = try LedgerCheckpoints.readPublicKey(path, option: "config/service/jwt.yaml: public_key_file")
        return JWTVerifier(issuer: issuer, audience: audience, publicKey: key)
    }

    /// Whether `token` has a JWT's shape (three dot-separated parts); an opaque bearer token has none.
    public static func looksLikeJWT(_ token: String) -> Bool {
        token.utf8.lazy.filter { $0 == UInt8(ascii: ".") }.count == 2
    }

    /// The user name (`sub`) of a valid token at `now`; a problem (401) naming what is wrong otherwise.
    public func subject(of token: String, now: Date = Date()) throws(Problem) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Self.base64URL(parts[0]), let payloadBytes = Self.base64URL(parts[1]),
            let signature = Self.base64URL(parts[2])
        else { throw Self.refused("is not a JWT (three base64url parts)") }
        guard let header = (try? JSONSerialization.jsonObject(with: headerBytes)) as? [String: Any],
            header["alg"] as? String == "EdDSA"
        else { throw Self.refused("its alg is not EdDSA") }
        guard publicKey.isValidSignature(Array(signature), for: Array("\(parts[0]).\(parts[1])".utf8)) else {
            throw Self.refused("its signature is not the configured issuer's")
        }
        guard let claims = (try? JSONSerialization.jsonObject(with: payloadBytes)) as? [String: Any] else {
            throw Self.refused("its payload is not a JSON object")
        }
        guard claims["iss"] as? String == issuer else { throw Self.refused("its iss is not \(issuer)") }
        let audiences = (claims["aud"] as? [String]) ?? (claims["aud"] as? String).map { [$0] } ?? []
        guard audiences.contains(audience) else { throw Self.refused("its aud does not name \(audience)") }
        guard let expiry = (claims["exp"] as? NSNumber)?.doubleValue else { throw Self.refused("it has no exp") }
        let seconds = now.timeIntervalSince1970
        guard seconds < expiry + leeway else { throw Self.refused("it has expired") }
        if let notBefore = (claims["nbf"] as? NSNumber)?.doubleValue, seconds + leeway < notBefore {
            throw Self.refused("it is not valid yet (nbf)")
        }
        guard let subject = claims["sub"] as? String, !subject.isEmpty, subject.utf8.count <= 200 else {
            throw Self.refused("it has no sub")
        }
        return subject
    }

    static func refused(_ reason: String) -> Problem {
        Problem(
            status: 401, field: "Authorization", reason: "the token is refused: \(reason)",
            exitStatus: .permissionDenied)
    }

    static func base64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
