import ArgumentParser
import Dispatch
import Foundation
import Logging
import SantunanApp
import SantunanServer
import ServiceLifecycle

/// `santunan serve`: the HTTP API (openapi/santunan.yaml) over the same use cases as this command line.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: t("ops.serve.abstract"),
        discussion: helpDiscussion(
            ["ops.serve.discussion.auth", "ops.serve.discussion.shutdown"],
            examples: ["santunan serve", "santunan serve --host 0.0.0.0 --port 8080 --with-workers 2"]))

    @Option(help: ArgumentHelp(t("ops.serve.help.host")))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp(t("ops.serve.help.port")))
    var port = 8080

    @Option(help: ArgumentHelp(t("ops.serve.help.connections")))
    var connections = 8

    @Option(help: ArgumentHelp(t("ops.serve.help.submission-groups")))
    var submissionGroups = ServerLimits().submissionGroups

    @Option(help: ArgumentHelp(t("ops.serve.help.with-workers")))
    var withWorkers = 0

    @Option(help: ArgumentHelp(t("ops.serve.help.max-body-bytes")))
    var maxBodyBytes = 1 << 20

    @Option(help: ArgumentHelp(t("ops.serve.help.rate-limit")))
    var rateLimit = 2000

    @Option(help: ArgumentHelp(t("ops.serve.help.token-cache-seconds")))
    var tokenCacheSeconds = 2

    @Option(help: ArgumentHelp(t("ops.serve.help.idle-seconds")))
    var idleSeconds = 60

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        func range(_ option: String, _ low: Int, _ high: Int) -> AppError {
            AppError(.usage, field: option, reason: t("ops.serve.error.range", ["low": .text(String(low)), "high": .text(String(high))]))
        }
        guard (0...65535).contains(port) else { throw range("--port", 0, 65535) }
        guard (1...256).contains(connections) else { throw range("--connections", 1, 256) }
        guard (1...connections).contains(submissionGroups) else {
            throw range("--submission-groups", 1, connections)
        }
        guard (0...64).contains(withWorkers) else { throw range("--with-workers", 0, 64) }
        guard maxBodyBytes >= 1024 else {
            throw AppError(.usage, field: "--max-body-bytes", reason: t("ops.serve.error.body-size"))
        }
        guard rateLimit >= 0 else {
            throw AppError(.usage, field: "--rate-limit", reason: t("ops.serve.error.negative"))
        }
        guard (1...3600).contains(idleSeconds) else { throw range("--idle-seconds", 1, 3600) }
        guard tokenCacheSeconds >= 0 else {
            throw AppError(.usage, field: "--token-cache-seconds", reason: t("ops.serve.error.negative"))
        }
    }

    func run() throws {
        // First, before any task: requests run on the event loops' threads (SantunanHTTPServer's doc comment).
        let onEventLoops = SantunanHTTPServer.runConcurrencyOnEventLoops()
        let paths = try ProjectPaths.discover()
        // Each response is written in its request's Accept-Language (English without it), from English texts: the
        // use cases render their reasons with the process catalog, so it is English for the server whatever the
        // operator's --lang or locale; the operator's own lines keep the operator's language.
        let operatorCatalog = Texts.catalog
        try? Texts.install(.english, root: paths.root)
        var logger = Logger(label: "santunan.serve")
        logger.logLevel = ProcessInfo.processInfo.environment["SANTUNAN_LOG_LEVEL"].flatMap {
            Logger.Level(rawValue: $0)
        } ?? .info
        logger.info("concurrency", metadata: ["on_event_loops": "\(onEventLoops)"])
        let target = DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
        var limits = ServerLimits()
        limits.maxBodyBytes = maxBodyBytes
        limits.requestsPerSecond = rateLimit
        limits.tokenCacheTTL = .seconds(tokenCacheSeconds)
        limits.submissionGroups = submissionGroups
        limits.idleTimeout = .seconds(idleSeconds)
        let environment = try ServiceEnvironment.open(
            target: target, paths: paths, poolSize: connections, limits: limits,
            clock: try PayoutClock.fromEnvironment(), logger: logger)
        defer { environment.pool.close() }
        let services: [any Service] =
            withWorkers > 0
            ? [WorkerService(target: target, paths: paths, workers: withWorkers, logger: logger)] : []
        // The root command is synchronous; the server runs on Swift concurrency's threads while this one waits.
        let finished = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do {
                try await SantunanHTTPServer.run(
                    environment: environment, host: host, port: port, services: services,
                    benchRoutes: ProcessInfo.processInfo.environment["SANTUNAN_BENCH_ROUTES"] == "1"
                ) { port in
                    FileHandle.standardError.write(
                        Data(
                            (operatorCatalog.render(
                                "ops.serve.listening", ["host": .text(host), "port": .text(String(port))]) + "\n")
                                .utf8))
                }
            } catch {
                failure.error = error
            }
            finished.signal()
        }
        finished.wait()
        if let error = failure.error {
            throw AppError(.internalError, field: "serve", reason: "\(error)")
        }
    }
}

/// The server task's failure, read once the task has finished.
private final class FailureBox: @unchecked Sendable {
    var error: (any Error)?
}
