import Foundation
import Logging
import Postgres
import SantunanApp
import SantunanServer
import SantunanTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// `santunan serve` as a process under signals (issue 21): SIGKILL under load loses no submission and stores none
/// twice when the clients retry with their Idempotency-Keys; SIGTERM finishes the requests in flight and exits 0.
@Suite("HTTP service: the process under signals", .serialized)
struct ServeProcessTests {
    static let template = String(
        decoding: try! Data(
            contentsOf: CLIRunner.repository.appendingPathComponent("cases/seed-honorer-jkm-42jt-a.case.json")),
        as: UTF8.self)

    /// A copy of the seed case with its own case_id and KPJ (one case per KPJ and event is stored).
    static func variant(_ index: Int) -> (caseID: String, body: Data) {
        let caseID = "KILL-\(index)"
        let body = template.replacingOccurrences(of: "PMS-2022-0001", with: caseID)
            .replacingOccurrences(of: "21038812001", with: String(format: "7%010d", index))
        return (caseID, Data(body.utf8))
    }

    /// A migrated fresh database and an officer's token.
    static func database() throws -> (conninfo: String, token: String) {
        let logger = Logger(label: "santunan.serve-process-test")
        let conninfo = try TestDatabase.shared.freshDatabase()
        let paths = ProjectPaths(root: CLIRunner.repository)
        let connection = try DatabaseTarget.resolve(explicitURL: conninfo, paths: paths, logger: logger)
            .openMigrated(paths: paths, logger: logger)
        defer { connection.close() }
        return (conninfo, try APIUsers.add(name: "ani", role: .officer, on: connection).token)
    }

    static func count(_ conninfo: String, _ sql: SQL) throws -> Int64 {
        let connection = try Connection(conninfo, logger: Logger(label: "check"))
        defer { connection.close() }
        return try connection.execute(sql)[0, 0]
    }

    /// Clients submit new cases concurrently, each retrying its case with the same Idempotency-Key until it gets
    /// 202, while the server (with its queue workers) is SIGKILLed at random moments three times and restarted.
    /// Afterwards every case the clients sent is stored exactly once, under one key, with one job, and its claim
    /// computed once.
    @Test func sigkillUnderLoadLosesNothingAndStoresNothingTwice() async throws {
        let (conninfo, token) = try Self.database()
        let server = ServeProcess(conninfo: conninfo, extra: ["--with-workers", "2", "--connections", "4"])
        try server.start()
        let client = HTTPClient(port: server.port)
        let killer = Killer()
        let clients = 6
        let sent = try await withThrowingTaskGroup(of: [String].self) { group in
            for number in 0..<clients {
                group.addTask {
                    var cases: [String] = []
                    var index = number
                    // Keep the load on until the third restart, then finish the case in hand.
                    while !killer.done {
                        let (caseID, body) = Self.variant(index)
                        cases.append(caseID)
                        var attempts = 0
                        while true {
                            attempts += 1
                            let reply = try? await client.call(
                                "POST", "/v1/claims", token: token, body: body,
                                headers: ["Idempotency-Key": "key-\(caseID)"])
                            if let reply, reply.status == 202 { break }
                            if let reply, reply.status != 503 {
                                Issue.record("\(caseID): \(reply.status) \(reply.text)")
                                break
                            }
                            if attempts > 2000 { throw ServeProcess.Failure(description: "\(caseID): no 202") }
                            killer.retried()
                            try await Task.sleep(for: .milliseconds(20))
                        }
                        index += clients
                    }
                    return cases
                }
            }
            group.addTask {
                for _ in 0..<3 {
                    try await Task.sleep(for: .milliseconds(Int.random(in: 300...900)))
                    server.signal(SIGKILL)
                    #expect(server.wait() == 128 + SIGKILL)
                    try server.start()
                }
                try await Task.sleep(for: .milliseconds(300))
                killer.finish()
                return []
            }
            var all: [String] = []
            for try await cases in group { all += cases }
            return all
        }
        print("SIGKILL under load: \(sent.count) cases sent by \(clients) clients, \(killer.retries) retries, 3 kills")
        #expect(sent.count >= 10, "too little load: \(sent.count) cases")
        #expect(killer.retries > 0, "no request was cut off by a kill")
        #expect(Set(sent).count == sent.count)

        // The workers in the restarted server compute what is left (a job held by a killed worker waits out its
        // 30 s lease).
        let deadline = Date().addingTimeInterval(120)
        while try Self.count(conninfo, "SELECT count(*) FROM heir_jobs WHERE state <> 'completed'") > 0,
            Date() < deadline
        {
            try await Task.sleep(for: .milliseconds(250))
        }
        server.signal(SIGTERM)
        #expect(server.wait() == 0)

        let connection = try Connection(conninfo, logger: Logger(label: "check"))
        defer { connection.close() }
        let stored = try connection.execute("SELECT case_id FROM submissions ORDER BY case_id")
        let storedIDs = try (0..<stored.rowCount).map { try stored[$0].decode(String.self, column: 0) }
        #expect(storedIDs == sent.sorted(), "every case sent is stored, once")
        let n = Int64(sent.count)
        #expect(try Self.count(conninfo, "SELECT count(*) FROM api_idempotency_keys") == n)
        #expect(try Self.count(conninfo, "SELECT count(DISTINCT submission_id) FROM heir_jobs") == n)
        #expect(try Self.count(conninfo, "SELECT count(*) FROM heir_jobs") == n, "one job per submission")
        #expect(try Self.count(conninfo, "SELECT count(*) FROM heir_jobs WHERE state = 'completed'") == n)
        #expect(try Self.count(conninfo, "SELECT count(*) FROM claims") == n)
        #expect(
            try Self.count(
                conninfo,
                """
                SELECT count(*) FROM (SELECT claim_id FROM claim_status_history
                WHERE status IN ('payable', 'incomplete', 'rejected') GROUP BY claim_id HAVING count(*) <> 1) x
                """) == 0, "each claim computed once")
        #expect(
            try Self.count(
                conninfo,
                "SELECT count(*) FROM claim_status_history WHERE status IN ('payable', 'incomplete', 'rejected')")
                == n)
    }

    /// An operator whose shell is Indonesian (`SANTUNAN_LANG=id`) reads the server's own lines in Indonesian, while
    /// each answer keeps its request's language: English without Accept-Language, Indonesian with `id`. The use cases
    /// render their reasons with the process catalog, so serve keeps it English and translates per request.
    @Test func anIndonesianOperatorLeavesEachAnswerInItsRequestsLanguage() async throws {
        let (conninfo, token) = try Self.database()
        let server = ServeProcess(conninfo: conninfo, environment: ["SANTUNAN_LANG": "id"])
        try server.start()
        defer {
            server.signal(SIGTERM)
            server.wait()
        }
        #expect(server.output.contains("santunan serve: mendengarkan di 127.0.0.1:"))
        let client = HTTPClient(port: server.port)
        let (_, body) = Self.variant(1)
        #expect(try await client.call("POST", "/v1/claims", token: token, body: body).status == 202)
        // The same case_id with another claim date: `claims.error.resubmitted-differs`, an application message.
        let changed = Data(
            String(decoding: body, as: UTF8.self)
                .replacingOccurrences(of: "\"claim_date\": \"2022-02-08\"", with: "\"claim_date\": \"2022-02-09\"")
                .utf8)
        let english = try await client.call("POST", "/v1/claims", token: token, body: changed)
        #expect(english.status == 422, "\(english.text)")
        #expect((english.json["reason"] as? String)?.hasPrefix("differs from the case stored as submission") == true)
        #expect(english.json["title"] as? String == "Unprocessable Content")
        let indonesian = try await client.call(
            "POST", "/v1/claims", token: token, body: changed, headers: ["Accept-Language": "id"])
        #expect((indonesian.json["reason"] as? String)?.hasPrefix("berbeda dengan kasus yang tersimpan") == true)
        #expect(indonesian.json["title"] as? String == "Data Tidak Dapat Diproses")
    }

    /// SIGTERM with requests in flight: the submissions held by a table lock when the signal arrives all answer
    /// 202 once the lock is released, a new connection after the signal is refused, and the process exits 0.
    @Test func sigtermFinishesTheRequestsInFlightAndExitsZero() async throws {
        let (conninfo, token) = try Self.database()
        let server = ServeProcess(conninfo: conninfo, extra: ["--connections", "8"])
        try server.start()
        let port = server.port
        // Hold the submissions table: every submission stops at its insert, in flight.
        let blocker = try Connection(conninfo, logger: Logger(label: "blocker"))
        defer { blocker.close() }
        _ = try blocker.execute("BEGIN")
        _ = try blocker.execute("LOCK TABLE submissions IN SHARE ROW EXCLUSIVE MODE")

        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        let session = URLSession(configuration: configuration)
        let inFlight = 4
        let replies = Task {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<inFlight {
                    group.addTask {
                        let (caseID, body) = Self.variant(1000 + index)
                        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/claims")!)
                        request.httpMethod = "POST"
                        request.httpBody = body
                        request.timeoutInterval = 60
                        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                        request.setValue("key-\(caseID)", forHTTPHeaderField: "Idempotency-Key")
                        let (_, response) = try await session.data(for: request)
                        return (response as! HTTPURLResponse).statusCode
                    }
                }
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
        }
        // Wait until the first waits on the lock in the database (submissions arriving together are stored
        // together, so fewer backends than requests may wait), and give the others, sent at the same moment, a
        // second to be read by the server.
        let deadline = Date().addingTimeInterval(30)
        while try Self.count(
            conninfo,
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
            < 1, Date() < deadline
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .seconds(1))
        server.signal(SIGTERM)
        try await Task.sleep(for: .milliseconds(500))
        // The listener is closed: a new connection is refused while the requests in flight still wait.
        #expect(Self.connects(port: port) == false, "a new connection after SIGTERM was accepted")
        _ = try blocker.execute("COMMIT")
        let statuses = try await replies.value
        #expect(statuses == Array(repeating: 202, count: inFlight))
        #expect(server.wait() == 0, "\(server.output)")
        #expect(try Self.count(conninfo, "SELECT count(*) FROM submissions") == Int64(inFlight))
    }

    /// Whether a TCP connection to the loopback port is accepted.
    static func connects(port: Int) -> Bool {
        LoopbackSocket(port: port) != nil
    }
}

/// The kill loop's end, read by the clients.
final class Killer: @unchecked Sendable {
    private let lock = NSLock()
    private var finished = false
    private var retryCount = 0
    var done: Bool { lock.withLock { finished } }
    var retries: Int { lock.withLock { retryCount } }
    func finish() { lock.withLock { finished = true } }
    func retried() { lock.withLock { retryCount += 1 } }
}
