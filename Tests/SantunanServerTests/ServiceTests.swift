import Foundation
import Logging
import Payouts
import Postgres
import SantunanApp
import SantunanServer
import SantunanTestSupport
import SantunanValues
import ServiceLifecycle
import Testing

/// A `santunan serve` on a free loopback port over a fresh test database, with one user per role.
final class RunningServer: @unchecked Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let conninfo: String
    let paths: ProjectPaths
    let target: DatabaseTarget
    let environment: ServiceEnvironment
    let group: ServiceGroup
    let client: HTTPClient
    /// Tokens: officer `ani`, approvers `budi` and `citra`, auditor `siti`.
    var tokens: [String: String] = [:]
    private let task: Task<Void, any Error>

    private init(
        conninfo: String, paths: ProjectPaths, target: DatabaseTarget, environment: ServiceEnvironment,
        group: ServiceGroup, port: Int, task: Task<Void, any Error>
    ) {
        self.conninfo = conninfo
        self.paths = paths
        self.target = target
        self.environment = environment
        self.group = group
        self.client = HTTPClient(port: port)
        self.task = task
    }

    /// `requestsPerSecond`: the per-token rate limit (default the service's); `tokenCacheTTL`: how long a token's
    /// look-up is kept (0: every request asks the database); `logger`: the server's (a recording one shows what
    /// reaches the log); `benchRoutes`: `santunan-bench`'s two routes.
    static func start(
        maxBodyBytes: Int = 1 << 20, jwt: JWTVerifier? = nil, requestsPerSecond: Int? = nil,
        tokenCacheTTL: Duration = .zero, logger: Logger = Logger(label: "santunan.server-test"),
        benchRoutes: Bool = false, idleTimeout: Duration? = nil
    ) async throws -> RunningServer {
        let conninfo = try TestDatabase.shared.freshDatabase()
        let paths = ProjectPaths(root: repository)
        let target = DatabaseTarget.resolve(explicitURL: conninfo, paths: paths, logger: logger)
        var limits = ServerLimits()
        limits.maxBodyBytes = maxBodyBytes
        limits.tokenCacheTTL = tokenCacheTTL
        if let requestsPerSecond { limits.requestsPerSecond = requestsPerSecond }
        if let idleTimeout { limits.idleTimeout = idleTimeout }
        // Payouts fall due and are approved on this day (the seed cases' lines are due in 2022 and early 2023).
        let clock = PayoutClock.fixed(WIBDateTime(iso: "2023-03-01T10:00:00")!)
        var environment = try ServiceEnvironment.open(
            target: target, paths: paths, poolSize: 4, limits: limits, clock: clock, logger: logger)
        environment.jwt = jwt
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = try SantunanHTTPServer.application(
            environment: environment, host: "127.0.0.1", port: 0, benchRoutes: benchRoutes
        ) { port in
            continuation.yield(port)
        }
        let group = ServiceGroup(services: [application], logger: logger)
        let task = Task { try await group.run() }
        var port = 0
        for await value in ports {
            port = value
            break
        }
        let server = RunningServer(
            conninfo: conninfo, paths: paths, target: target, environment: environment, group: group, port: port,
            task: task)
        let connection = try Connection(conninfo, logger: logger)
        defer { connection.close() }
        for (name, role) in [("ani", APIRole.officer), ("budi", .approver), ("citra", .approver), ("siti", .auditor)] {
            server.tokens[name] = try APIUsers.add(name: name, role: role, on: connection).token
        }
        return server
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
        environment.pool.close()
    }

    /// Works the queue to the end, as `santunan worker run --until-empty` does.
    func drainQueue() async throws {
        let target = self.target
        let paths = self.paths
        let outcome: Result<Int, AppError> = await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(
                    returning: Result { () throws(AppError) -> Int in
                        try WorkerService.drain(target: target, paths: paths, logger: Logger(label: "drain")).completed
                    })
            }.start()
        }
        _ = try outcome.get()
    }

    func caseBytes(_ name: String) throws -> Data {
        try Data(contentsOf: Self.repository.appendingPathComponent("cases/\(name)"))
    }
}

/// Issue 21: the HTTP service over real HTTP on loopback against a real database.
@Suite("HTTP service", .serialized)
struct ServiceTests {
    static let seeds = [
        "seed-honorer-jkm-42jt-a", "seed-honorer-jkm-42jt-b", "seed-labusel-bpu-a-accident",
        "seed-labusel-bpu-b-death-under-3-months", "seed-labusel-bpu-c-after-window", "seed-sttc-composite-384jt",
    ]

    /// The seed cases submitted through the API (twice: the second is the same submission), worked by the queue
    /// and tracked: each claim's status and total are the expected ones; the actor recorded is the token's user.
    @Test func seedCasesAreSubmittedWorkedAndTracked() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let officer = server.tokens["ani"]!
        var locations: [String: String] = [:]
        for seed in Self.seeds {
            let body = try server.caseBytes("\(seed).case.json")
            let first = try await server.client.call(
                "POST", "/v1/claims", token: officer, body: body, headers: ["Idempotency-Key": "k-\(seed)"])
            #expect(first.status == 202, "\(seed): \(first.text)")
            #expect(first.json["created"] as? Bool == true)
            let location = try #require(first.header("Location"))
            locations[seed] = location
            // A retry with the same key, and the same case without a key, are the same submission.
            let retry = try await server.client.call(
                "POST", "/v1/claims", token: officer, body: body, headers: ["Idempotency-Key": "k-\(seed)"])
            #expect(retry.status == 202)
            #expect(retry.header("Location") == location)
            #expect(retry.json["created"] as? Bool == false)
            let again = try await server.client.call("POST", "/v1/claims", token: officer, body: body)
            #expect(again.header("Location") == location)
        }
        // The same key with another case is refused.
        let reused = try await server.client.call(
            "POST", "/v1/claims", token: officer, body: try server.caseBytes("seed-honorer-jkm-42jt-b.case.json"),
            headers: ["Idempotency-Key": "k-seed-honorer-jkm-42jt-a"])
        #expect(reused.status == 409)
        #expect(reused.header("Content-Type") == "application/problem+json")

        let pending = try await server.client.call("GET", locations[Self.seeds[0]]!, token: officer)
        #expect(pending.status == 200)
        #expect(pending.json["status"] == nil)

        try await server.drainQueue()
        for seed in Self.seeds {
            let expected = try JSONSerialization.jsonObject(
                with: try server.caseBytes("\(seed).expected.json")) as! [String: Any]
            let claim = try await server.client.call("GET", locations[seed]!, token: server.tokens["siti"]!)
            #expect(claim.status == 200, "\(seed): \(claim.text)")
            #expect(claim.json["status"] as? String == expected["status"] as? String, "\(seed)")
            #expect((claim.json["total"] as? NSNumber)?.int64Value == (expected["total"] as? NSNumber)?.int64Value)
            #expect(claim.json["submitted_by"] as? String == "ani")
            #expect((claim.json["result"] as? [String: Any])?["case_id"] as? String == expected["case_id"] as? String)
        }
        let connection = try Connection(server.conninfo, logger: Logger(label: "check"))
        defer { connection.close() }
        let count: Int64 = try connection.execute("SELECT count(*) FROM submissions")[0, 0]
        #expect(count == Int64(Self.seeds.count))
        let keys: Int64 = try connection.execute("SELECT count(*) FROM api_idempotency_keys")[0, 0]
        #expect(keys == Int64(Self.seeds.count))
    }

    /// Maker–checker through the API: budi prepares, budi's approval is refused with 403 (the CLI's exit 77 and
    /// error), citra approves. An officer cannot prepare at all (the role's rights, through SET ROLE).
    @Test func aMakerApprovingTheirOwnBatchGets403() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let body = try server.caseBytes("seed-honorer-jkm-42jt-a.case.json")
        let submitted = try await server.client.call("POST", "/v1/claims", token: server.tokens["ani"]!, body: body)
        #expect(submitted.status == 202)
        try await server.drainQueue()

        let officerPrepares = try await server.client.call(
            "POST", "/v1/batches", token: server.tokens["ani"]!, json: [:])
        #expect(officerPrepares.status == 403, "\(officerPrepares.text)")

        let due = try await server.client.call(
            "POST", "/v1/payouts/due", token: server.tokens["budi"]!, json: ["on": "2023-03-01"])
        #expect(due.status == 200, "\(due.text)")
        #expect((due.json["created"] as? Int ?? 0) > 0)
        let prepared = try await server.client.call("POST", "/v1/batches", token: server.tokens["budi"]!, json: [:])
        #expect(prepared.status == 201, "\(prepared.text)")
        let batchID = try #require(prepared.json["id"] as? String)
        #expect(prepared.json["prepared_by"] as? String == "budi")

        let own = try await server.client.call(
            "POST", "/v1/batches/\(batchID)/approve", token: server.tokens["budi"]!)
        #expect(own.status == 403)
        #expect(own.header("Content-Type") == "application/problem+json")
        #expect(own.json["exit_status"] as? Int == 77)

        let other = try await server.client.call(
            "POST", "/v1/batches/\(batchID)/approve", token: server.tokens["citra"]!)
        #expect(other.status == 200, "\(other.text)")
        #expect(other.json["state"] as? String == "approved")
        #expect(other.json["decided_by"] as? String == "citra")

        // The bank file: the first pain.001 download marks the batch exported, as `batch export` does.
        let pain001 = try await server.client.call(
            "GET", "/v1/batches/\(batchID)/files/pain001", token: server.tokens["citra"]!)
        #expect(pain001.status == 200)
        #expect(pain001.text.contains("pain.001.001.03"))
        let csv = try await server.client.call("GET", "/v1/batches/\(batchID)/files/csv", token: server.tokens["siti"]!)
        // The CSV changes nothing: an auditor's role reads the payout tables, so it may have it, as on the CLI.
        #expect(csv.status == 200)
        #expect(csv.header("Content-Type")?.hasPrefix("text/csv") == true)
        let officerApproves = try await server.client.call(
            "POST", "/v1/batches/\(batchID)/approve", token: server.tokens["ani"]!)
        #expect(officerApproves.status == 403)
        let exported = try await server.client.call("GET", "/v1/batches/\(batchID)", token: server.tokens["siti"]!)
        #expect(exported.json["state"] as? String == "exported")
    }

    /// No token, an unknown token and a revoked token get 401; a revoked user's next request is refused.
    @Test func aRevokedTokenGets401() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let token = server.tokens["ani"]!
        #expect(try await server.client.call("GET", "/v1/batches", token: token).status == 200)
        #expect(try await server.client.call("GET", "/v1/batches").status == 401)
        #expect(try await server.client.call("GET", "/v1/batches", token: String(repeating: "0", count: 64)).status == 401)
        let connection = try Connection(server.conninfo, logger: Logger(label: "revoke"))
        defer { connection.close() }
        try APIUsers.revoke(name: "ani", on: connection)
        let revoked = try await server.client.call("GET", "/v1/batches", token: token)
        #expect(revoked.status == 401)
        #expect(revoked.header("Content-Type") == "application/problem+json")
        #expect(revoked.json["field"] as? String == "Authorization")
        // Only the hash is stored.
        let stored: Int64 = try connection.execute(
            "SELECT count(*) FROM api_users WHERE token_sha256 = \(token) OR name = \(token)")[0, 0]
        #expect(stored == 0)
    }

    /// A body over the limit gets 413, whether it announces its length or not; the health checks need no token.
    @Test func anOversizeBodyGets413() async throws {
        let server = try await RunningServer.start(maxBodyBytes: 64 * 1024)
        defer { Task { await server.stop() } }
        let big = Data(repeating: UInt8(ascii: " "), count: 64 * 1024 + 1)
        let reply = try await server.client.call("POST", "/v1/claims/compute", token: server.tokens["ani"]!, body: big)
        #expect(reply.status == 413)
        #expect(reply.json["field"] as? String == "body")
        #expect(try await server.client.call("GET", "/healthz").status == 200)
        let ready = try await server.client.call("GET", "/readyz")
        #expect(ready.status == 200, "\(ready.text)")
        let metrics = try await server.client.call("GET", "/metrics")
        #expect(metrics.text.contains("santunan_http_requests_total"))
    }

    /// A connection that stays silent is closed after the idle time: one whose request head never ends (slowloris)
    /// and one kept alive after its answer; a request answered within the time is answered.
    @Test func aSilentConnectionIsClosedAfterTheIdleTime() async throws {
        let server = try await RunningServer.start(idleTimeout: .seconds(1))
        defer { Task { await server.stop() } }
        let port = server.client.port
        let outcome = await withCheckedContinuation { continuation in
            Thread {
                let unfinished = LoopbackSocket(port: port)
                _ = unfinished?.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                let started = Date()
                let stalled = unfinished?.read(forAtMost: 10)
                let stalledAfter = Date().timeIntervalSince(started)

                let kept = LoopbackSocket(port: port)
                _ = kept?.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let answered = kept?.read(forAtMost: 0.5)
                let closedLater = kept?.read(forAtMost: 10)
                continuation.resume(returning: (stalled, stalledAfter, answered, closedLater))
            }.start()
        }
        let (stalled, stalledAfter, answered, closedLater) = outcome
        #expect(stalled?.closed == true)
        #expect(stalled?.text == "")
        #expect(stalledAfter >= 0.9 && stalledAfter < 9)
        #expect(answered?.closed == false)
        #expect(answered?.text.hasPrefix("HTTP/1.1 200") == true)
        #expect(closedLater?.closed == true)
    }

    /// The problem+json of a bad case carries the CLI's field and reason: `detail` is the CLI's error line.
    @Test func theProblemMatchesTheCLIError() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        var document = try JSONSerialization.jsonObject(
            with: try server.caseBytes("seed-honorer-jkm-42jt-a.case.json")) as! [String: Any]
        document["claim_date"] = "2022-13-45"
        let bad = try JSONSerialization.data(withJSONObject: document)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("santunan-bad-\(UUID()).json")
        try bad.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let reply = try await server.client.call("POST", "/v1/claims/compute", token: server.tokens["ani"]!, body: bad)
        #expect(reply.status == 422)
        #expect(reply.header("Content-Type") == "application/problem+json")
        let detail = try #require(reply.json["detail"] as? String)
        #expect(reply.json["exit_status"] as? Int == 65)

        let cli = try runCLI(["claim", "compute", file.path])
        #expect(cli.status == 65)
        #expect(cli.stderr == "error: \(detail)\n")
        let field = try #require(reply.json["field"] as? String)
        let reason = try #require(reply.json["reason"] as? String)
        #expect(detail == "\(field): \(reason)")

        // The same through submission: refused, nothing stored.
        let submit = try await server.client.call("POST", "/v1/claims", token: server.tokens["ani"]!, body: bad)
        #expect(submit.status == 422)
        #expect(submit.json["detail"] as? String == detail)
        #expect(submit.header("Content-Language") == "en")

        // In Indonesian when the request prefers it: the CLI's `--lang id` line, field and exit status unchanged.
        let indonesian = try await server.client.call(
            "POST", "/v1/claims/compute", token: server.tokens["ani"]!, body: bad,
            headers: ["Accept-Language": "fr;q=1, id-ID;q=0.9, en;q=0.5"])
        #expect(indonesian.status == 422)
        #expect(indonesian.header("Content-Language") == "id")
        #expect(indonesian.json["title"] as? String == "Data Tidak Dapat Diproses")
        #expect(indonesian.json["field"] as? String == field)
        #expect(indonesian.json["exit_status"] as? Int == 65)
        let indonesianDetail = try #require(indonesian.json["detail"] as? String)
        #expect(indonesianDetail != detail)
        let cliIndonesian = try runCLI(["claim", "compute", file.path, "--lang", "id"])
        #expect(cliIndonesian.status == 65)
        #expect(cliIndonesian.stderr == "error: \(indonesianDetail)\n")
    }

    /// A reason the application renders from its own messages (not a lower module's `errors.` pattern) reaches an
    /// Indonesian request in Indonesian too: a changed case resubmitted under its case_id, as `claim submit --lang id`
    /// refuses it.
    @Test func anApplicationMessageReachesAnIndonesianRequestInIndonesian() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let token = server.tokens["ani"]!
        let original = try server.caseBytes("seed-honorer-jkm-42jt-a.case.json")
        #expect(try await server.client.call("POST", "/v1/claims", token: token, body: original).status == 202)
        let changed = Data(
            String(decoding: original, as: UTF8.self)
                .replacingOccurrences(of: "\"claim_date\": \"2022-02-08\"", with: "\"claim_date\": \"2022-02-09\"")
                .utf8)
        #expect(changed != original)
        let english = try await server.client.call("POST", "/v1/claims", token: token, body: changed)
        let indonesian = try await server.client.call(
            "POST", "/v1/claims", token: token, body: changed, headers: ["Accept-Language": "id"])
        #expect(english.status == indonesian.status)
        let englishReason = try #require(english.json["reason"] as? String)
        let reason = try #require(indonesian.json["reason"] as? String)
        #expect(englishReason.hasPrefix("differs from the case stored as submission"))
        #expect(reason != englishReason)

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("santunan-changed-\(UUID()).json")
        try changed.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let cli = try CLIRunner().run(
            ["claim", "submit", file.path, "--as", "ani", "--database-url", server.conninfo, "--lang", "id"])
        #expect(cli.stderr == "error: \(indonesian.json["detail"] as? String ?? "?")\n")
    }

    /// The HTTP layer's own refusals follow Accept-Language too: a missing token in Indonesian, in English without
    /// the header or when English weighs more.
    @Test func theHTTPLayersProblemsFollowAcceptLanguage() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let english = try await server.client.call("GET", "/v1/batches")
        #expect(english.status == 401)
        #expect(english.json["title"] as? String == "Unauthorized")
        #expect(
            english.json["detail"] as? String
                == "Authorization: a bearer token is required (santunan user add NAME --role ROLE prints one)")
        let indonesian = try await server.client.call("GET", "/v1/batches", headers: ["Accept-Language": "id"])
        #expect(indonesian.status == 401)
        #expect(indonesian.header("Content-Language") == "id")
        #expect(indonesian.json["title"] as? String == "Tidak Terautentikasi")
        #expect(
            indonesian.json["detail"] as? String
                == "Authorization: token bearer wajib ada (santunan user add NAMA --role PERAN mencetaknya)")
        let preferEnglish = try await server.client.call(
            "GET", "/v1/batches", headers: ["Accept-Language": "id;q=0.3, en-GB;q=0.7"])
        #expect(preferEnglish.json["title"] as? String == "Unauthorized")
    }

    func runCLI(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let outcome = try CLIRunner().run(arguments)
        return (outcome.status, outcome.stderr)
    }
}
