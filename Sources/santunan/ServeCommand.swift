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
        abstract: "Serve the HTTP API (openapi/santunan.yaml) for the online channels, branches and the bank.",
        discussion: """
            Every /v1 request carries a bearer token from `santunan user add NAME --role officer|approver|auditor`
            and acts as that user: the request runs as the role's database group role, with the user as the acting
            user, so maker–checker and the roles hold as on the command line. Errors are application/problem+json
            with the CLI's field and reason. SIGTERM (or SIGINT) stops accepting connections and finishes the
            requests in flight (and, with --with-workers, the batches in hand).

            Examples:
              santunan serve
              santunan serve --host 0.0.0.0 --port 8080 --with-workers 2
            """)

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed).")
    var port = 8080

    @Option(help: "Database connections for requests (at most this many requests touch the database at once).")
    var connections = 8

    @Option(help: "Run this many queue workers in the same process (0: run `santunan worker run` apart).")
    var withWorkers = 0

    @Option(help: "Largest request body in bytes (larger: 413).")
    var maxBodyBytes = 1 << 20

    @Option(help: "Requests per second per token, bursts of twice that (0: no limit; over it: 429).")
    var rateLimit = 2000

    @Option(help: "Seconds a token look-up is remembered (a revoked token works at most this long; 0: never).")
    var tokenCacheSeconds = 2

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535") }
        guard (1...256).contains(connections) else { throw ValidationError("--connections must be 1-256") }
        guard (0...64).contains(withWorkers) else { throw ValidationError("--with-workers must be 0-64") }
        guard maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be at least 1024") }
        guard rateLimit >= 0, tokenCacheSeconds >= 0 else {
            throw ValidationError("--rate-limit and --token-cache-seconds must not be negative")
        }
    }

    func run() throws {
        let paths = try ProjectPaths.discover()
        var logger = Logger(label: "santunan.serve")
        logger.logLevel = ProcessInfo.processInfo.environment["SANTUNAN_LOG_LEVEL"].flatMap {
            Logger.Level(rawValue: $0)
        } ?? .info
        let target = DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
        var limits = ServerLimits()
        limits.maxBodyBytes = maxBodyBytes
        limits.requestsPerSecond = rateLimit
        limits.tokenCacheTTL = .seconds(tokenCacheSeconds)
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
                    environment: environment, host: host, port: port, services: services
                ) { port in
                    FileHandle.standardError.write(Data("santunan serve: listening on \(host):\(port)\n".utf8))
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
