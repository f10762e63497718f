import BenefitRules
import Foundation
import Logging
import Postgres
import SantunanApp
import SantunanServer
import SantunanTestSupport
import Testing

/// What the middleware in front of every route does, checked over HTTP on loopback: request ids in the responses and
/// in the access log, no personal data in any log line, the per-token rate limit, the token cache's lifetime, the
/// metrics' counts, and compute served as a plain route. Session 7 made that path cheaper (issue 21: compute
/// ≥ 20 000 requests/s) — the request's logger is made only when a handler logs, the metrics' collectors are kept,
/// tokens are cached by digest — and these tests hold it to what it did before.
@Suite("HTTP middleware", .serialized)
struct MiddlewareTests {
    static let seed = "seed-honorer-jkm-42jt-a.case.json"

    /// Compute answers 200 with the claim exactly as the rules core writes it, as JSON, with the client's request id.
    @Test func computeAnswersTheClaimAsTheRulesCoreWritesIt() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let bytes = try server.caseBytes(Self.seed)
        let reply = try await server.client.call(
            "POST", "/v1/claims/compute", token: server.tokens["ani"]!, body: bytes,
            headers: ["X-Request-Id": "check-compute-1"])
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.header("Content-Type") == "application/json; charset=utf-8")
        #expect(reply.header("X-Request-Id") == "check-compute-1")
        let claim = try ClaimFiles.parseCase(Array(bytes), today: ClaimFiles.today(server.environment.clock))
        let expected = try ClaimFiles.compute(claim, with: server.environment.calculator).jsonBytes()
        #expect(Array(reply.body) == expected)
        #expect(reply.header("Content-Length") == String(expected.count))
    }

    /// Every request has one access line carrying its id — the client's when acceptable, else a new one, the same
    /// as the response's `X-Request-Id` — its route template, status and user; no line anywhere in the log holds the
    /// participant's NIK or KPJ, though both were in bodies and one in a path.
    @Test func everyRequestIsLoggedWithItsIDAndNoPersonalData() async throws {
        let (logger, store) = RecordingLogHandler.logger(label: "santunan.server-test")
        let server = try await RunningServer.start(logger: logger)
        defer { Task { await server.stop() } }
        let officer = server.tokens["ani"]!
        let bytes = try server.caseBytes(Self.seed)
        let document = try JSONSerialization.jsonObject(with: bytes) as! [String: Any]
        let participant = document["participant"] as! [String: Any]
        let nik = try #require(participant["nik"] as? String)
        let kpj = try #require((participant["memberships"] as? [[String: Any]])?.first?["kpj"] as? String)
        var bad = document
        bad["claim_date"] = "2022-13-45"

        let given = try await server.client.call(
            "POST", "/v1/claims/compute", token: officer, body: bytes, headers: ["X-Request-Id": "client-id-7"])
        let generated = try await server.client.call("POST", "/v1/claims/compute", token: officer, body: bytes)
        let refusedID = try await server.client.call(
            "POST", "/v1/claims/compute", token: officer, body: bytes, headers: ["X-Request-Id": "has a space"])
        let unauthenticated = try await server.client.call("POST", "/v1/claims/compute", body: bytes)
        let invalid = try await server.client.call(
            "POST", "/v1/claims/compute", token: officer, body: try JSONSerialization.data(withJSONObject: bad))
        let byNIK = try await server.client.call("GET", "/v1/participants/\(nik)", token: officer)
        let statement = try await server.client.call(
            "GET", "/v1/ledger/statements/\(kpj)", token: server.tokens["siti"]!)

        #expect(given.header("X-Request-Id") == "client-id-7")
        let generatedID = try #require(generated.header("X-Request-Id"))
        let replacedID = try #require(refusedID.header("X-Request-Id"))
        #expect(!generatedID.isEmpty && generatedID != "client-id-7")
        #expect(replacedID != "has a space" && replacedID != generatedID)

        let lines = store.entries.filter { $0.message == "request" }
        func line(_ reply: HTTPClient.Reply) throws -> RecordingLogHandler.Entry {
            let id = try #require(reply.header("X-Request-Id"))
            let found = lines.filter { $0.metadata["request_id"] == Logger.MetadataValue.string(id) }
            #expect(found.count == 1, "request \(id): \(found.count) access lines")
            return try #require(found.first)
        }
        for (reply, status, user) in [
            (given, "200", "ani"), (generated, "200", "ani"), (refusedID, "200", "ani"),
            (unauthenticated, "401", "-"), (invalid, "422", "ani"),
        ] {
            #expect(reply.status == Int(status))
            let entry = try line(reply)
            #expect(entry.metadata["route"] == "/v1/claims/compute")
            #expect(entry.metadata["method"] == "POST")
            #expect(entry.metadata["status"] == Logger.MetadataValue.string(status))
            #expect(entry.metadata["user"] == Logger.MetadataValue.string(user))
        }
        let participantLine = try line(byNIK)
        #expect(participantLine.metadata["route"] == "/v1/participants/{participant}")
        #expect(participantLine.metadata["status"] == Logger.MetadataValue.string(String(byNIK.status)))
        // A KPJ deeper in the path: before Session 8 it was logged as `/v1/ledger/{id}/<KPJ>`.
        #expect(try line(statement).metadata["route"] == "/v1/ledger/statements/{participant}")

        for entry in store.entries {
            let text = ([entry.message] + entry.metadata.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
            #expect(!text.contains(nik), "a log line holds the NIK: \(entry.message)")
            #expect(!text.contains(kpj), "a log line holds the KPJ: \(entry.message)")
        }
    }

    /// A token over its rate gets 429 (problem+json, the CLI's exit status 75: retry later); another user's token,
    /// with a bucket of its own, is still served.
    @Test func aTokenOverItsRateGets429() async throws {
        let server = try await RunningServer.start(requestsPerSecond: 1)
        defer { Task { await server.stop() } }
        var limited: HTTPClient.Reply?
        // A burst of two, refilled at one a second: a few quick requests exhaust it, however slow the machine.
        for _ in 0..<50 {
            let reply = try await server.client.call("GET", "/v1/batches", token: server.tokens["budi"]!)
            if reply.status == 429 {
                limited = reply
                break
            }
            #expect(reply.status == 200, "\(reply.text)")
        }
        let reply = try #require(limited)
        #expect(reply.header("Content-Type") == "application/problem+json")
        #expect(reply.json["field"] as? String == "Authorization")
        #expect(reply.json["exit_status"] as? Int == 75)
        #expect(
            reply.json["reason"] as? String == "more than 1 requests per second for user budi; retry later")
        #expect(reply.header("X-Request-Id") != nil)
        let other = try await server.client.call("GET", "/v1/batches", token: server.tokens["citra"]!)
        #expect(other.status == 200)
    }

    /// With a token cache, a revoked token still works until its look-up's time is up, and is refused after.
    @Test func aCachedTokenIsRefusedOnceItsTimeIsUp() async throws {
        let ttl = 5.0
        let server = try await RunningServer.start(tokenCacheTTL: .seconds(ttl))
        defer { Task { await server.stop() } }
        let token = server.tokens["ani"]!
        let cachedAt = Date()
        #expect(try await server.client.call("GET", "/v1/batches", token: token).status == 200)
        let connection = try Connection(server.conninfo, logger: Logger(label: "revoke"))
        defer { connection.close() }
        try APIUsers.revoke(name: "ani", on: connection)
        let cached = try await server.client.call("GET", "/v1/batches", token: token)
        // Only meaningful while the look-up is still fresh (a very slow machine may already be past it).
        if Date().timeIntervalSince(cachedAt) < ttl - 0.5 {
            #expect(cached.status == 200)
        }
        let wait = ttl + 0.5 - Date().timeIntervalSince(cachedAt)
        if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
        let refused = try await server.client.call("GET", "/v1/batches", token: token)
        #expect(refused.status == 401)
        #expect(refused.json["reason"] as? String == "the token is unknown or revoked")
    }

    /// `/metrics` counts each request once under its route template, method and status, and times it per route.
    @Test func metricsCountEveryRequestByRouteMethodAndStatus() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let bytes = try server.caseBytes(Self.seed)
        for _ in 0..<2 {
            let reply = try await server.client.call(
                "POST", "/v1/claims/compute", token: server.tokens["ani"]!, body: bytes)
            #expect(reply.status == 200)
        }
        #expect(try await server.client.call("POST", "/v1/claims/compute", body: bytes).status == 401)
        #expect(try await server.client.call("GET", "/v1/claims/41", token: server.tokens["ani"]!).status == 404)
        let text = try await server.client.call("GET", "/metrics").text

        /// The value of the one sample of `name` whose labels include all of `labels`.
        func sample(_ name: String, _ labels: [String]) -> Double? {
            let found = text.split(separator: "\n").filter { line in
                line.hasPrefix(name + "{") && labels.allSatisfy { line.contains($0) }
            }
            guard found.count == 1, let value = found[0].split(separator: " ").last else { return nil }
            return Double(value)
        }
        let compute = "route=\"/v1/claims/compute\""
        #expect(sample("santunan_http_requests_total", [compute, "method=\"POST\"", "status=\"200\""]) == 2)
        #expect(sample("santunan_http_requests_total", [compute, "method=\"POST\"", "status=\"401\""]) == 1)
        #expect(
            sample(
                "santunan_http_requests_total",
                ["route=\"/v1/claims/{reference}\"", "method=\"GET\"", "status=\"404\""])
                == 1)
        #expect(sample("santunan_http_request_duration_seconds_count", [compute]) == 3)
    }

    /// The routes the logs and metrics name are the document's paths as the router registered them: a request to
    /// each path of openapi/santunan.yaml, its values filled in with a NIK, is counted under its own template, and no
    /// label holds the NIK — nor does a path of no route leave one.
    @Test func routeLabelsAreTheDocumentsPathsAndHoldNoValue() async throws {
        let document = try String(
            contentsOf: RunningServer.repository.appendingPathComponent("openapi/santunan.yaml"), encoding: .utf8)
        let lines = document.split(separator: "\n")
        // Each path with its first operation's method (the line after the path).
        var operations: [(path: String, method: String)] = []
        for (index, line) in lines.enumerated() where line.hasPrefix("  /") && line.hasSuffix(":") {
            let method = lines[index + 1].trimmingCharacters(in: .whitespaces).dropLast().uppercased()
            operations.append((String(line.dropFirst(2).dropLast()), method))
        }
        #expect(operations.count >= 18)
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let nik = "1272030206880011"
        for (path, method) in operations {
            let filled = path.split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.first == "{" ? nik : String($0) }.joined(separator: "/")
            _ = try await server.client.call(
                method, filled, token: server.tokens["siti"]!, body: method == "GET" ? nil : Data("{}".utf8))
        }
        for unknown in ["/v1/ledger/\(nik)", "/\(nik)", "/v1/claims/\(nik)/\(nik)"] {
            #expect(try await server.client.call("GET", unknown, token: server.tokens["siti"]!).status == 404)
        }
        let metrics = try await server.client.call("GET", "/metrics").text
        for (path, method) in operations {
            #expect(
                metrics.contains("route=\"\(path)\"") && metrics.contains("method=\"\(method)\""),
                "\(method) \(path) is not counted under its template")
        }
        #expect(!metrics.contains(nik), "a metric's label holds the NIK")
    }

    /// `santunan-bench`'s routes exist only when asked for: `/bench/floor` before the middleware (no token, no
    /// request id), `/bench/chain` behind it (a token needed, a request id given); without them both are 404.
    @Test func theBenchRoutesAreThereOnlyWhenAsked() async throws {
        let plain = try await RunningServer.start()
        let token = plain.tokens["ani"]!
        #expect(try await plain.client.call("POST", "/bench/floor", token: token, body: Data("{}".utf8)).status == 404)
        #expect(try await plain.client.call("POST", "/bench/chain", token: token, body: Data("{}".utf8)).status == 404)
        await plain.stop()

        let bench = try await RunningServer.start(benchRoutes: true)
        defer { Task { await bench.stop() } }
        let floor = try await bench.client.call("POST", "/bench/floor", body: Data("{}".utf8))
        #expect(floor.status == 200)
        #expect(floor.body.count == 2048)
        #expect(floor.header("X-Request-Id") == nil)
        #expect(try await bench.client.call("POST", "/bench/chain", body: Data("{}".utf8)).status == 401)
        let chain = try await bench.client.call(
            "POST", "/bench/chain", token: bench.tokens["ani"]!, body: Data("{}".utf8))
        #expect(chain.status == 200)
        #expect(chain.body.count == 2048)
        #expect(chain.header("X-Request-Id") != nil)
    }
}
