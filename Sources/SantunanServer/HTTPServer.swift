public import BenefitRules
import Foundation
public import Hummingbird
public import Logging
import NIOCore
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
        submissions = SubmissionBatcher(pool: pool, runners: pool.size)
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
    /// The application on `host`:`port` (0: any free port, reported to `onRunning`).
    public static func application(
        environment: ServiceEnvironment, host: String, port: Int, services: [any Service] = [],
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(
            ServiceMiddleware<BasicRequestContext>(
                pool: environment.pool, limits: environment.limits,
                rateLimiter: RateLimiter(
                    perSecond: environment.limits.requestsPerSecond, burst: environment.limits.requestsPerSecond * 2),
                tokens: TokenCache(ttl: environment.limits.tokenCacheTTL), metrics: environment.metrics,
                logger: environment.logger, jwt: environment.jwt))
        router.get("/metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: environment.metrics.exposition())))
        }
        let api = SantunanAPI(environment: environment)
        try api.registerHandlers(on: RawCaseBodies(base: router, api: api))
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "santunan"),
            services: services,
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: environment.logger)
    }

    /// Runs the application until SIGTERM or SIGINT, then shuts down gracefully: no new connections, the requests in
    /// flight (and `services`, such as the worker pool) finished.
    public static func run(
        environment: ServiceEnvironment, host: String, port: Int, services: [any Service] = [],
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let app = try application(
            environment: environment, host: host, port: port, services: services, onRunning: onRunning)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
