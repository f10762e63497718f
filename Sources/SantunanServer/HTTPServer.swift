public import BenefitRules
import Foundation
public import Hummingbird
public import Logging
import NIOCore
import NIOPosix
import OpenAPIHummingbird
import Payouts
import Postgres
public import SantunanApp
public import ServiceLifecycle
import UnixSignals

/// What every request shares: the connections, the rules, the payout configuration, the limits, the metrics.
public struct ServiceEnvironment: Sendable {
    public var pool: DatabasePool
    public var calculator: ClaimCalculator
    /// The rule parameters the calculator was built from (a participant's JHT balance today reads them).
    public var parameters: ParameterSet
    public var paths: ProjectPaths
    public var payoutConfig: PayoutConfig
    public var clock: PayoutClock
    public var limits: ServerLimits
    public var metrics: ServiceMetrics
    public var logger: Logger
    /// Stores concurrent submissions together (one commit for a group).
    let submissions: SubmissionBatcher
    /// Signed tokens of a configured issuer (`config/service/jwt.yaml`); nil: the users' bearer tokens only.
    public var jwt: JWTVerifier?
    /// The catalogs the problem+json bodies are written from, in each request's `Accept-Language`.
    let languages: ProblemLanguages

    public init(
        pool: DatabasePool, calculator: ClaimCalculator, parameters: ParameterSet, paths: ProjectPaths,
        payoutConfig: PayoutConfig, clock: PayoutClock, limits: ServerLimits, metrics: ServiceMetrics, logger: Logger,
        jwt: JWTVerifier? = nil
    ) {
        self.pool = pool
        self.calculator = calculator
        self.parameters = parameters
        self.paths = paths
        self.payoutConfig = payoutConfig
        self.clock = clock
        self.limits = limits
        self.metrics = metrics
        self.logger = logger
        self.jwt = jwt
        submissions = SubmissionBatcher(pool: pool, runners: min(pool.size, limits.submissionGroups))
        languages = ProblemLanguages.shipped(root: paths.root)
    }

    /// Opens `poolSize` connections to `target` (migrating it) and loads the rules and the payout configuration,
    /// as the CLI's commands do.
    public static func open(
        target: DatabaseTarget, paths: ProjectPaths, poolSize: Int, limits: ServerLimits, clock: PayoutClock,
        logger: Logger
    ) throws(AppError) -> ServiceEnvironment {
        let parameters = try RuleConfig.load(from: paths.config)
        let calculator = try ClaimFiles.calculator(parameters: parameters, paths: paths)
        let config = try PayoutConfig.load(paths: paths, on: clock.now.date)
        let pool = try DatabasePool(size: poolSize, logger: logger) { () throws(AppError) -> Connection in
            try target.openMigrated(paths: paths, logger: logger)
        }
        return ServiceEnvironment(
            pool: pool, calculator: calculator, parameters: parameters, paths: paths, payoutConfig: config,
            clock: clock, limits: limits, metrics: ServiceMetrics(), logger: logger,
            jwt: try JWTVerifier.load(paths: paths))
    }
}

/// `santunan serve`: the Hummingbird application.
public enum SantunanHTTPServer {
    /// Runs Swift concurrency's jobs on the event loops' threads (NIO's singleton group, one loop per core) instead
    /// of a cooperative pool of their own; true when done. Call it once, on the main thread, before any task starts.
    ///
    /// Every request is a task: with two pools its body hopped from the event loop that read it to a cooperative
    /// thread and its response back, two thread switches and four threads contending for this machine's two cores
    /// (docs/decisions/0016-http-service.md, Session 7). Blocking work stays off the loops as before: libpq runs on
    /// ``DatabasePool``'s Dispatch queue, the queue's workers on threads of their own. `SANTUNAN_EXECUTOR=swift`
    /// keeps the two pools (a way back, and the benchmark's comparison).
    public static func runConcurrencyOnEventLoops(environment: [String: String]? = nil) -> Bool {
        guard (environment ?? ProcessInfo.processInfo.environment)["SANTUNAN_EXECUTOR"] != "swift" else {
            return false
        }
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// The application on `host`:`port` (0: any free port, reported to `onRunning`).
    ///
    /// `benchRoutes` adds two routes for `santunan-bench service` (`SANTUNAN_BENCH_ROUTES=1`), each answering a POST
    /// with a fixed body of about the size of a computed claim: `/bench/floor` before the middleware — the server
    /// alone: HTTP parsing, routing, writing — and `/bench/chain` behind it — the middleware's cost (token, rate
    /// limit, request id, body, metrics, access log) on a handler that does nothing.
    public static func application(
        environment: ServiceEnvironment, host: String, port: Int, services: [any Service] = [],
        benchRoutes: Bool = false, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        // Hummingbird applies a router's middleware to the routes added after it.
        if benchRoutes {
            router.post("/bench/floor") { _, _ in SantunanHTTPServer.benchReply() }
        }
        router.middlewares.add(
            ServiceMiddleware<BasicRequestContext>(
                pool: environment.pool, limits: environment.limits,
                rateLimiter: RateLimiter(
                    perSecond: environment.limits.requestsPerSecond, burst: environment.limits.requestsPerSecond * 2),
                tokens: TokenCache(ttl: environment.limits.tokenCacheTTL), metrics: environment.metrics,
                logger: environment.logger, jwt: environment.jwt, languages: environment.languages))
        if benchRoutes {
            router.post("/bench/chain") { _, _ in SantunanHTTPServer.benchReply() }
        }
        router.get("/metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: environment.metrics.exposition())))
        }
        let api = SantunanAPI(environment: environment)
        try api.registerHandlers(on: RawCaseBodies(router: router, api: api))
        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: TimeAmount(environment.limits.idleTimeout))),
            configuration: .init(address: .hostname(host, port: port), serverName: "santunan"),
            services: services,
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: environment.logger)
    }

    /// The bench routes' answer: a JSON object of 2 KiB, about a computed claim's size.
    static func benchReply() -> Response {
        Response(
            status: .ok, headers: [.contentType: SantunanAPI.jsonContentType],
            body: ResponseBody(byteBuffer: benchBody))
    }

    static let benchBody = ByteBuffer(string: "{\"pad\":\"" + String(repeating: "x", count: 2048 - 10) + "\"}")

    /// Runs the application until SIGTERM or SIGINT, then shuts down gracefully: no new connections, the requests in
    /// flight (and `services`, such as the worker pool) finished.
    public static func run(
        environment: ServiceEnvironment, host: String, port: Int, services: [any Service] = [],
        benchRoutes: Bool = false, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let app = try application(
            environment: environment, host: host, port: port, services: services, benchRoutes: benchRoutes,
            onRunning: onRunning)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
