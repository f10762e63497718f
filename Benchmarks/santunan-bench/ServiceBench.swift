import ArgumentParser
import BenefitRules
import EmbeddedPostgres
import Foundation
import Logging
import Postgres
import SantunanApp

/// `santunan-bench service`: the HTTP service under load from wrk on loopback — stateless compute and stored
/// submissions at 1, 8, 32 and 128 concurrent clients — with the in-process compute and the CLI's `claim submit`
/// as references in the same run.
///
/// The server is the release `santunan serve` beside this binary, on a throwaway PostgreSQL cluster (default
/// settings, fsync on); wrk runs 2 threads. On this 2-core machine client, server and database share the cores.
///
/// Compute is measured against the server's own floor in the same run (`SANTUNAN_BENCH_ROUTES=1`): the same
/// request to `/bench/floor` (before the middleware: Hummingbird alone) and to `/bench/chain` (behind it: token,
/// rate limit, request id, body, metrics, access log, then nothing), client count by client count, so the ratio
/// says how much of the floor our code leaves. Each executor of `--executors` is a server of its own: `nio` runs
/// Swift concurrency on the event loops (the default of `serve`), `swift` keeps the two pools.
struct ServiceBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "HTTP service throughput and latency (wrk on loopback), with in-process and CLI references.",
        discussion: """
            Needs wrk (Debian package `wrk`) and the release `santunan` binary (swift build -c release).

            Example:
              swift build -c release && swift run -c release santunan-bench service --seconds 5
            """)

    @Option(help: "Seconds per wrk run.")
    var seconds = 5

    @Option(help: "Concurrent clients, comma-separated.")
    var clients = "1,8,32,128"

    @Option(help: "Server database connections.")
    var connections = 8

    @Option(help: "The server's groups of submissions in the database at once (serve --submission-groups).")
    var submissionGroups = 4  // serve's default (ServerLimits.submissionGroups)

    @Flag(help: "Measure submissions only (no floor, chain or compute runs).")
    var submitOnly = false

    @Option(help: "CLI `claim submit` runs for the reference.")
    var cliSubmits = 20

    @Option(help: "The case file sent.")
    var caseFile = "cases/seed-honorer-jkm-42jt-a.case.json"

    @Option(help: "Servers to measure compute on, comma-separated: nio (concurrency on the event loops), swift.")
    var executors = "nio,swift"

    @Option(help: "The server's event loops (NIO_SINGLETON_GROUP_LOOP_COUNT; 0: one per core).")
    var eventLoops = 0

    @Option(help: "The server's per-token rate limit (0: off; the default keeps the limiter in the path).")
    var rateLimit = 1_000_000

    @Option(help: "Also measure floor and compute with this many requests pipelined per connection (0: not).")
    var pipeline = 0

    @Option(help: "Seconds per submissions' floor run (their rows written straight, in groups of the same size).")
    var floorSeconds = 3

    func run() throws {
        let logger = Logger(label: "santunan.bench.service")
        let paths = try ProjectPaths.discover()
        print("machine: \(machineDescription()) (shared with other builds while measured: figures are indicative)")
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("santunan").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ValidationError("\(binary) not found: swift build -c release --product santunan")
        }
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile)
        else { throw ValidationError("wrk not found: apt-get install wrk") }

        let bench = try BenchCluster(label: "service", logger: logger)
        defer { bench.tearDown() }
        let scratch = bench.scratch
        let conninfo = try bench.createDatabase("bench_service")

        // References: the in-process compute (no HTTP) and the CLI's claim submit (a process per case).
        let bytes = Array(try Data(contentsOf: paths.root.appendingPathComponent(caseFile)))
        let calculator = try ClaimFiles.calculator(paths: paths)
        let claim = try ClaimFiles.parseCase(bytes)
        var computed = 0
        let computeStart = monotonicSeconds()
        while monotonicSeconds() - computeStart < 2 {
            for _ in 0..<100 {
                _ = try ClaimFiles.compute(try ClaimFiles.parseCase(bytes), with: calculator).jsonBytes()
                computed += 1
            }
        }
        _ = claim
        let inProcess = Double(computed) / (monotonicSeconds() - computeStart)
        print(String(format: "reference: in-process parse+compute+JSON, 1 thread: %.0f cases/s", inProcess))

        let token = try Self.capture(
            binary, ["user", "add", "bench", "--role", "officer", "--database-url", conninfo], in: paths.root)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let template = String(decoding: bytes, as: UTF8.self)
        var cliTimes: [Double] = []
        for index in 0..<cliSubmits {
            let file = scratch.appendingPathComponent("cli-\(index).json")
            try Data(Self.unique(template, prefix: 9, counter: index).utf8).write(to: file)
            let start = monotonicSeconds()
            _ = try Self.capture(
                binary, ["claim", "submit", file.path, "--as", "bench", "--database-url", conninfo], in: paths.root)
            cliTimes.append(monotonicSeconds() - start)
        }
        print(
            String(
                format: "reference: CLI claim submit, sequential: %.1f submissions/s (median %.1f ms a process)",
                Double(cliTimes.count) / cliTimes.reduce(0, +), median(cliTimes) * 1000))

        let answer = try ClaimFiles.compute(try ClaimFiles.parseCase(bytes), with: calculator).jsonBytes().count
        print("compute answers \(answer) bytes; the bench routes answer 2048 bytes to the same request")
        let computeScript = scratch.appendingPathComponent("compute.lua")
        try Self.computeScript(token: token, body: template).write(to: computeScript, atomically: true, encoding: .utf8)
        let counts = clients.split(separator: ",").compactMap { Int($0) }

        for (index, executor) in executors.split(separator: ",").map(String.init).enumerated() {
            let port = 18_000 + Int(getpid() % 1000) * 4 + index
            let server = try startServer(
                binary: binary, port: port, conninfo: conninfo, root: paths.root, executor: executor)
            defer {
                server.terminate()
                server.waitUntilExit()
            }
            try Self.waitForHealth(port: port)
            print(
                "server (pid \(server.processIdentifier)): executor \(executor), "
                    + "event loops \(eventLoops == 0 ? "one per core" : String(eventLoops)), "
                    + "rate limit \(rateLimit)/s, log level warning; load \(Self.loadAverage())")
            print("endpoint   clients   requests/s   p50 ms   p99 ms   non-2xx   target")
            fflush(nil)  // all streams: `stdout` itself is not concurrency-safe to name
            for count in submitOnly ? [] : counts {
                var rates: [String: Double] = [:]
                let routes = [("floor", "/bench/floor"), ("chain", "/bench/chain"), ("compute", "/v1/claims/compute")]
                for (name, path) in routes {
                    let result = try Self.wrk(
                        wrk, script: computeScript.path, url: "http://127.0.0.1:\(port)\(path)", clients: count,
                        seconds: seconds)
                    rates[name] = result.rate
                    print(
                        name == "compute"
                            ? result.line(name, clients: count, target: "≥ 20000/s", met: result.rate >= 20_000)
                            : result.line(name, clients: count, target: "-", met: true))
                }
                let floor = max(rates["floor"] ?? 0, 1)
                print(
                    String(
                        format: "  ratios at %d clients: chain ÷ floor %.2f, compute ÷ floor %.2f", count,
                        (rates["chain"] ?? 0) / floor, (rates["compute"] ?? 0) / floor))
            }
            if pipeline > 1, index == 0 {
                // HTTP/1.1 pipelining: each connection sends `pipeline` requests before reading the answers, so the
                // reads, writes and wake-ups of one round serve that many requests.
                for count in counts {
                    for (name, path) in [("floor", "/bench/floor"), ("compute", "/v1/claims/compute")] {
                        let script = scratch.appendingPathComponent("pipeline-\(name).lua")
                        try Self.pipelineScript(token: token, body: template, path: path, depth: pipeline)
                            .write(to: script, atomically: true, encoding: .utf8)
                        let result = try Self.wrk(
                            wrk, script: script.path, url: "http://127.0.0.1:\(port)\(path)", clients: count,
                            seconds: seconds)
                        print(
                            result.line(
                                "\(name)/p\(pipeline)", clients: count, target: name == "compute" ? "≥ 20000/s" : "-",
                                met: result.rate >= 20_000))
                    }
                }
            }
            print(
                "server threads after the compute runs: \(Self.threadCount(server.processIdentifier)); "
                    + "load \(Self.loadAverage())")
            guard index == 0 else { continue }
            for (run, count) in counts.enumerated() {
                let submitScript = scratch.appendingPathComponent("submit-\(run).lua")
                try Self.submitScript(token: token, body: template, run: run)
                    .write(to: submitScript, atomically: true, encoding: .utf8)
                let before = try Self.stored(conninfo, after: 0)
                let result = try Self.wrk(
                    wrk, script: submitScript.path, url: "http://127.0.0.1:\(port)/v1/claims", clients: count,
                    seconds: seconds)
                let stored = try Self.stored(conninfo, after: before.lastID)
                print(
                    result.line(
                        "submit", clients: count, target: count == 32 ? "≥ 3000/s, p99 ≤ 100 ms" : "-",
                        met: count != 32 || (result.rate >= 3000 && result.p99 <= 100))
                        + "  (stored \(stored.rows) of \(result.requests - result.non2xx) answered 202, in "
                        + "\(stored.transactions) transactions; load \(Self.loadAverage()))")
                // The submissions' floor in the same run: the rows those submissions wrote (submission, history
                // row, job, key), in groups of the same mean size on as many connections as the server's groups, each group one INSERT
                // statement per table in one transaction, with nothing else: what PostgreSQL alone takes to store
                // them durably here.
                let groupSize = max(1, Int((Double(stored.rows) / Double(max(1, stored.transactions))).rounded()))
                let rowsFloor = try Self.floorRate(
                    conninfo: conninfo, document: template, claim: claim, groupSize: groupSize,
                    connections: submissionGroups, seconds: Double(floorSeconds), run: run)
                print(
                    String(
                        format: "db floor   %7d   %10.0f   (groups of %d on %d connections; submit ÷ db floor %.2f)",
                        count, rowsFloor, groupSize, submissionGroups, result.rate / rowsFloor))
            }
        }
    }

    /// `santunan serve` on `port` with the bench routes, the executor and event loops asked for, logging warnings
    /// only (an access line per request at `info` would measure the log's formatting and the pipe).
    func startServer(binary: String, port: Int, conninfo: String, root: URL, executor: String) throws -> Process {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: binary)
        server.arguments = [
            "serve", "--port", String(port), "--database-url", conninfo, "--rate-limit", String(rateLimit),
            "--connections", String(connections), "--submission-groups", String(submissionGroups),
        ]
        server.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment
        environment["SANTUNAN_LOG_LEVEL"] = "warning"
        environment["SANTUNAN_BENCH_ROUTES"] = "1"
        environment["SANTUNAN_EXECUTOR"] = executor
        if eventLoops > 0 { environment["NIO_SINGLETON_GROUP_LOOP_COUNT"] = String(eventLoops) }
        server.environment = environment
        server.standardError = FileHandle.nullDevice
        try server.run()
        return server
    }

    /// The 1-, 5- and 15-minute load averages, as `uptime` prints them.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// The threads of process `pid` (`Threads:` of /proc/PID/status).
    static func threadCount(_ pid: Int32) -> String {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").first { $0.hasPrefix("Threads:") }
            .map { $0.dropFirst(8).trimmingCharacters(in: .whitespaces) } ?? "?"
    }

    struct WrkResult {
        var rate: Double
        var p50: Double
        var p99: Double
        var non2xx: Int
        /// Responses in the run (wrk's "N requests in …").
        var requests: Int

        func line(_ name: String, clients: Int, target: String, met: Bool) -> String {
            String(
                format: "%-9@  %7d   %10.0f   %6.2f   %6.2f   %7d   %@ %@", name as NSString, clients, rate, p50, p99,
                non2xx, target as NSString, (target == "-" ? "" : verdict(met)) as NSString)
        }
    }

    /// A copy of the case with a unique case_id and KPJ (a second case for one KPJ and event is refused).
    static func unique(_ template: String, prefix: Int, counter: Int) -> String {
        template.replacingOccurrences(of: "PMS-2022-0001", with: "CLI-\(prefix)-\(counter)")
            .replacingOccurrences(of: "21038812001", with: String(format: "%d%010d", prefix, counter))
    }

    static func luaString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    static func computeScript(token: String, body: String) -> String {
        """
        wrk.method = "POST"
        wrk.body = \(luaString(body))
        wrk.headers["Content-Type"] = "application/json"
        wrk.headers["Authorization"] = "Bearer \(token)"
        """
    }

    /// The compute request `depth` times over in one write (wrk's pipelining: its own example, pipeline.lua).
    static func pipelineScript(token: String, body: String, path: String, depth: Int) -> String {
        """
        wrk.method = "POST"
        wrk.body = \(luaString(body))
        wrk.headers["Content-Type"] = "application/json"
        wrk.headers["Authorization"] = "Bearer \(token)"
        init = function(args)
            local requests = {}
            for i = 1, \(depth) do requests[i] = wrk.format(nil, "\(path)") end
            pipelined = table.concat(requests)
        end
        request = function()
            return pipelined
        end
        """
    }

    /// Each request a new case: the 11-digit tag (the KPJ, and in the case_id and the Idempotency-Key) is the run's
    /// number, the wrk thread's and the thread's counter, so no two requests of a benchmark share it. (The first
    /// script kept the thread number in a chunk-level `local`, which `thread:set` does not reach: both threads sent
    /// the same tags, and half the "submissions" were idempotent replays of the other thread's.)
    static func submitScript(token: String, body: String, run: Int) -> String {
        """
        local template = \(luaString(body))
        local counter = 0
        threadID = 0
        local nextID = 1
        setup = function(thread)
            thread:set("threadID", nextID)
            nextID = nextID + 1
        end
        request = function()
            counter = counter + 1
            local tag = string.format("%d%d%09d", \(run % 9 + 1), threadID % 10, counter)
            local body = template:gsub("PMS%-2022%-0001", "WRK-" .. tag):gsub("21038812001", tag)
            return wrk.format("POST", "/v1/claims", {
                ["Content-Type"] = "application/json", ["Authorization"] = "Bearer \(token)",
                ["Idempotency-Key"] = tag }, body)
        end
        """
    }

    static func wrk(_ wrk: String, script: String, url: String, clients: Int, seconds: Int) throws -> WrkResult {
        let output = try capture(
            wrk, ["-t", String(min(2, clients)), "-c", String(clients), "-d", "\(seconds)s", "--latency", "-s", script, url],
            in: URL(fileURLWithPath: "/"))
        func value(after prefix: String) -> String? {
            output.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) }
                .map { $0.trimmingCharacters(in: .whitespaces).dropFirst(prefix.count).trimmingCharacters(in: .whitespaces) }
        }
        func milliseconds(_ text: String?) -> Double {
            guard let text else { return .nan }
            let number = Double(text.prefix { $0.isNumber || $0 == "." }) ?? .nan
            if text.hasSuffix("us") { return number / 1000 }
            if text.hasSuffix("ms") { return number }
            if text.hasSuffix("s") { return number * 1000 }
            return number
        }
        return WrkResult(
            rate: Double(value(after: "Requests/sec:") ?? "") ?? 0,
            p50: milliseconds(value(after: "50%")), p99: milliseconds(value(after: "99%")),
            non2xx: Int(value(after: "Non-2xx or 3xx responses:") ?? "0") ?? 0,
            requests: output.split(separator: "\n").first { $0.contains(" requests in ") }
                .flatMap { Int($0.trimmingCharacters(in: .whitespaces).prefix { $0.isNumber }) } ?? 0)
    }

    /// Rows per second that `connections` threads write, each in a loop of one statement per group of `groupSize`
    /// submissions with their history rows, jobs and keys (autocommit: one transaction and one WAL flush a group).
    static func floorRate(
        conninfo: String, document: String, claim: Case, groupSize: Int, connections: Int, seconds: Double, run: Int
    ) throws -> Double {
        let nik = claim.participant.nik
        let eventType = claim.event.type.rawValue
        let eventDate = claim.event.date.description
        let claimDate = claim.claimDate.description
        let written = RowCounter()
        let failures = FailureBox()
        let group = DispatchGroup()
        let start = monotonicSeconds()
        for thread in 0..<connections {
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    let connection = try Connection(conninfo, logger: Logger(label: "santunan.bench.floor"))
                    defer { connection.close() }
                    var statement = 0
                    var rows = 0
                    while monotonicSeconds() - start < seconds {
                        let prefix = "FLOOR-\(run)-\(thread)-\(statement)-"
                        let result = try connection.execute(
                            """
                            WITH s AS (
                                INSERT INTO submissions (case_id, case_document, participant_nik, kpj, event_type,
                                    event_date, claim_date, submitted_by)
                                SELECT \(prefix)::text || n, \(document)::json, \(nik), \(prefix)::text || n,
                                    \(eventType), \(eventDate)::date, \(claimDate)::date, 'bench'
                                FROM generate_series(1, \(groupSize)::integer) AS n
                                RETURNING id),
                            h AS (INSERT INTO claim_status_history (claim_id, status, changed_by)
                                SELECT id, 'submitted', 'bench' FROM s),
                            j AS (INSERT INTO heir_jobs (kind, submission_id, max_attempts, scheduled_at)
                                SELECT 'heir_submission', id, 20, now() FROM s),
                            k AS (INSERT INTO api_idempotency_keys (user_name, key, request_sha256, submission_id)
                                SELECT 'bench', 'floor-' || id, repeat('0', 64), id FROM s)
                            SELECT count(*) FROM s
                            """)
                        rows += Int(try result[0].decode(Int64.self, column: 0))
                        statement += 1
                    }
                    written.add(rows)
                } catch {
                    failures.record(error)
                }
            }.start()
        }
        group.wait()
        let elapsed = monotonicSeconds() - start
        if let error = failures.first { throw error }
        return Double(written.total) / elapsed
    }

    /// A sum the floor's threads add to.
    final class RowCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var sum = 0

        func add(_ rows: Int) {
            lock.lock()
            sum += rows
            lock.unlock()
        }

        var total: Int {
            lock.lock()
            defer { lock.unlock() }
            return sum
        }
    }

    /// The submissions stored after id `after`: how many, in how many transactions (now(), their submitted_at, is
    /// the transaction's start), and the last id.
    static func stored(_ conninfo: String, after: Int64) throws -> (rows: Int64, transactions: Int64, lastID: Int64) {
        let connection = try Connection(conninfo, logger: Logger(label: "bench"))
        defer { connection.close() }
        let row = try connection.execute(
            """
            SELECT count(*), count(DISTINCT submitted_at), coalesce(max(id), \(after))
            FROM submissions WHERE id > \(after) AND case_id NOT LIKE 'FLOOR-%'
            """)[0]
        return (
            try row.decode(Int64.self, column: 0), try row.decode(Int64.self, column: 1),
            try row.decode(Int64.self, column: 2)
        )
    }

    static func waitForHealth(port: Int) throws {
        for _ in 0..<300 {
            if let reply = try? capture(
                "/usr/bin/curl", ["-sf", "http://127.0.0.1:\(port)/healthz"], in: URL(fileURLWithPath: "/")),
                reply.contains("up")
            {
                return
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw ValidationError("the server did not answer /healthz within 30 s")
    }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    static func capture(_ executable: String, _ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(description: "\(executable) \(arguments.first ?? ""): exit \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
