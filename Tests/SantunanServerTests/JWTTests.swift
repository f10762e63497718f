import Checksum
import Foundation
import Logging
import Postgres
import SantunanApp
import SantunanServer
import Testing

/// Signed tokens from a configured issuer (issue 21): an EdDSA JWT whose `sub` is a user of `santunan user add` acts
/// as that user with that user's role; anything else about it wrong is 401.
@Suite("HTTP service: JWTs from a configured issuer", .serialized)
struct JWTTests {
    static let issuer = "https://sso.bpjsketenagakerjaan.example"
    static let audience = "santunan"

    /// A key pair as `santunan ledger keygen` writes it, and `config/service/jwt.yaml` naming its public half, in a
    /// scratch project root.
    static func configured() throws -> (verifier: JWTVerifier, key: Ed25519PrivateKey, root: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("santunan-jwt-\(UUID())")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("config/service"), withIntermediateDirectories: true)
        let keyPath = root.appendingPathComponent("issuer.key").path
        _ = try LedgerCheckpoints.generateKey(at: keyPath)
        try """
        # The online channels' single sign-on
        issuer: "\(issuer)"
        audience: \(audience)
        public_key_file: issuer.key.pub
        """.write(to: root.appendingPathComponent("config/service/jwt.yaml"), atomically: true, encoding: .utf8)
        let verifier = try #require(try JWTVerifier.load(paths: ProjectPaths(root: root)))
        return (verifier, try LedgerCheckpoints.readKey(keyPath, option: "key"), root)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func token(_ claims: [String: Any], key: Ed25519PrivateKey, alg: String = "EdDSA") throws -> String {
        let header = base64URL(Array(try JSONSerialization.data(withJSONObject: ["alg": alg, "typ": "JWT"])))
        let payload = base64URL(Array(try JSONSerialization.data(withJSONObject: claims)))
        let signature = try key.signature(for: Array("\(header).\(payload)".utf8))
        return "\(header).\(payload).\(base64URL(signature))"
    }

    static func claims(_ subject: String, expiresIn: TimeInterval = 300) -> [String: Any] {
        ["iss": issuer, "aud": audience, "sub": subject, "exp": Int(Date().timeIntervalSince1970 + expiresIn)]
    }

    @Test func aSignedTokenActsAsItsSubjectAndAnythingWrongIs401() async throws {
        let (verifier, key, root) = try Self.configured()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try await RunningServer.start(jwt: verifier)
        defer { Task { await server.stop() } }

        // The auditor's JWT reads the ledger; the officer's submits, recorded as the officer.
        let auditor = try Self.token(Self.claims("siti"), key: key)
        let verified = try await server.client.call("GET", "/v1/ledger/verify", token: auditor)
        #expect(verified.status == 200, "\(verified.text)")
        let officer = try Self.token(Self.claims("ani"), key: key)
        let submitted = try await server.client.call(
            "POST", "/v1/claims", token: officer, body: try server.caseBytes("seed-honorer-jkm-42jt-a.case.json"))
        #expect(submitted.status == 202, "\(submitted.text)")
        let claim = try await server.client.call("GET", try #require(submitted.header("Location")), token: auditor)
        #expect(claim.json["submitted_by"] as? String == "ani")
        // The role is the subject's: the officer's JWT is refused the auditor's routes.
        #expect(try await server.client.call("GET", "/v1/ledger/verify", token: officer).status == 403)

        let other = try Ed25519PrivateKey.generate()
        var wrongAudience = Self.claims("siti")
        wrongAudience["aud"] = "another-service"
        var wrongIssuer = Self.claims("siti")
        wrongIssuer["iss"] = "https://elsewhere.example"
        var noExpiry = Self.claims("siti")
        noExpiry.removeValue(forKey: "exp")
        let header = Self.base64URL(Array(#"{"alg":"none"}"#.utf8))
        let unsigned =
            "\(header).\(Self.base64URL(Array(try JSONSerialization.data(withJSONObject: Self.claims("siti"))))))."
        let refused: [(String, String)] = [
            ("expired", try Self.token(Self.claims("siti", expiresIn: -600), key: key)),
            ("another issuer's key", try Self.token(Self.claims("siti"), key: other)),
            ("wrong aud", try Self.token(wrongAudience, key: key)),
            ("wrong iss", try Self.token(wrongIssuer, key: key)),
            ("no exp", try Self.token(noExpiry, key: key)),
            ("alg none", unsigned),
            ("unknown user", try Self.token(Self.claims("nobody"), key: key)),
        ]
        for (label, token) in refused {
            let reply = try await server.client.call("GET", "/v1/ledger/verify", token: token)
            #expect(reply.status == 401, "\(label): \(reply.text)")
            #expect(reply.header("Content-Type") == "application/problem+json", "\(label)")
            #expect(reply.json["field"] as? String == "Authorization", "\(label)")
        }

        // Revoking the user refuses their JWTs too.
        let connection = try Connection(server.conninfo, logger: Logger(label: "revoke"))
        defer { connection.close() }
        try APIUsers.revoke(name: "siti", on: connection)
        #expect(try await server.client.call("GET", "/v1/ledger/verify", token: auditor).status == 401)
    }
}
