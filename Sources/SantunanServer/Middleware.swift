import Checksum
import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore
import OpenAPIRuntime
import SantunanApp
import SantunanValues

/// What a request carries down to the handlers: its id, its user, its raw body and its logger.
///
/// A task-local, because the generated OpenAPI handlers see neither Hummingbird's request nor its context.
struct RequestScope: Sendable {
    var id: String
    var user: APIUser?
    /// The body as received (already bounded): a case is stored byte for byte as sent, as `claim submit` stores
    /// the file's bytes.
    var body: [UInt8]
    /// The service's logger, without this request's metadata (``logger`` adds it).
    var serviceLogger: Logger

    /// The logger for this request's lines: its id and its user as metadata. Made when a handler logs, not for
    /// every request: setting metadata on swift-log's stream handler formats the handler's whole metadata each
    /// time, a cost every request paid while nothing was logged.
    var logger: Logger {
        var logger = Self.requestLogger(serviceLogger, id: id)
        if let user { logger[metadataKey: "user"] = .string(user.name) }
        return logger
    }

    /// `base` with a request's id as metadata, for the lines logged about that request.
    static func requestLogger(_ base: Logger, id: String) -> Logger {
        var logger = base
        logger[metadataKey: "request_id"] = .string(id)
        return logger
    }

    @TaskLocal static var current: RequestScope?
}

/// Per-token request rate: a token bucket per user, refilled at `perSecond`, holding at most `burst` requests.
final class RateLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, at: ContinuousClock.Instant)] = [:]
    let perSecond: Double
    let burst: Double

    init(perSecond: Int, burst: Int) {
        self.perSecond = Double(perSecond)
        self.burst = Double(max(burst, 1))
    }

    /// True when `user` may make one more request now (always, when the limit is off).
    func admit(_ user: String) -> Bool {
        guard perSecond > 0 else { return true }
        let now = ContinuousClock.now
        lock.lock()
        defer { lock.unlock() }
        var bucket = buckets[user] ?? (burst, now)
        let elapsed = now - bucket.at
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        bucket.tokens = min(burst, bucket.tokens + seconds * perSecond)
        bucket.at = now
        guard bucket.tokens >= 1 else {
            buckets[user] = bucket
            return false
        }
        bucket.tokens -= 1
        buckets[user] = bucket
        return true
    }
}

/// Token → user, remembered for a short time so that a busy client does not cost a database round trip per
/// request; a revoked token is refused at the latest `ttl` after `santunan user revoke` (0: every request asks).
/// Keyed by the token's SHA-256, as `api_users` stores it: the tokens themselves are not kept.
final class TokenCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [SHA256Digest: (user: APIUser, until: ContinuousClock.Instant)] = [:]
    let ttl: Duration

    init(ttl: Duration) { self.ttl = ttl }

    func user(_ digest: SHA256Digest) -> APIUser? {
        guard ttl > .zero else { return nil }
        let now = ContinuousClock.now
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[digest], entry.until > now else { return nil }
        return entry.user
    }

    func remember(_ digest: SHA256Digest, _ user: APIUser) {
        guard ttl > .zero else { return }
        let until = ContinuousClock.now + ttl
        lock.lock()
        defer { lock.unlock() }
        if entries.count > 10_000 { entries.removeAll() }
        entries[digest] = (user, until)
    }
}

/// The one middleware in front of every route: request id, access log and metrics, authentication, rate limit,
/// body limit, and the translation of every failure into problem+json.
///
/// The access log names the method, the route and the status, never the path's values or the body: a case_id or
/// a NIK in a path, an account number in a body, stays out of the logs.
struct ServiceMiddleware<Context: RequestContext>: RouterMiddleware {
    let pool: DatabasePool
    let limits: ServerLimits
    let rateLimiter: RateLimiter
    let tokens: TokenCache
    let metrics: ServiceMetrics
    let logger: Logger
    /// Signed tokens of a configured issuer, besides the users' own bearer tokens (nil: bearer tokens only).
    var jwt: JWTVerifier? = nil
    /// The catalogs a problem is written from, in the request's `Accept-Language`.
    let languages: ProblemLanguages

    /// Routes served without a token. (A `switch`, not a set: a generic type has no stored statics, and a computed
    /// set was built anew for every request.)
    static func isOpen(_ path: String) -> Bool {
        switch path {
        case "/healthz", "/readyz", "/metrics": true
        default: false
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let started = ContinuousClock.now
        let id = request.headers[.requestID].flatMap { Self.acceptable($0) } ?? Self.newID()
        let path = request.uri.path
        var response: Response
        var user: APIUser?
        do {
            var request = request
            if !Self.isOpen(path) {
                let found = try await authenticate(request)
                user = found
                guard rateLimiter.admit(found.name) else {
                    throw Problem(
                        status: 429, field: "Authorization",
                        reason: "more than \(Int(rateLimiter.perSecond)) requests per second for user \(found.name); "
                            + "retry later", exitStatus: .temporaryFailure)
                }
            }
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limits.maxBodyBytes {
                throw Self.tooLarge(limits.maxBodyBytes)
            }
            let body: [UInt8]
            do {
                let buffer = try await request.collectBody(upTo: limits.maxBodyBytes)
                body = Array(buffer.readableBytesView)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                throw Self.tooLarge(limits.maxBodyBytes)
            }
            let scope = RequestScope(id: id, user: user, body: body, serviceLogger: logger)
            let forwarded = request
            response = try await RequestScope.$current.withValue(scope) {
                try await next(forwarded, context)
            }
        } catch {
            let language = ProblemLanguages.preferred(request.headers[.acceptLanguage])
            response = Self.problemResponse(
                languages.localized(
                    Self.problem(for: error, logger: RequestScope.requestLogger(logger, id: id)), in: language),
                language: language)
        }
        response.headers[.requestID] = id
        // The generated code percent-encodes header values as URI components ("%2Fv1%2Fclaims%2F7"); a Location
        // is a URI reference already.
        if let location = response.headers[.location], location.contains("%") {
            response.headers[.location] = location.removingPercentEncoding ?? location
        }
        let elapsed = ContinuousClock.now - started
        // The route as registered (`/v1/ledger/statements/{participant}`, the document's path), which the router
        // set on the context when it matched the path: no value of the path — a case_id, a KPJ or a NIK, a batch
        // id — reaches a log line or a metric's label, and the labels are as few as the routes. (Before Session 8 a
        // template was rebuilt from the path by replacing its third segment, and `/v1/ledger/statements/<KPJ>` was
        // logged and counted as `/v1/ledger/{id}/<KPJ>`.) A path of no route never reaches this middleware.
        let route = context.endpointPath ?? "other"
        metrics.record(route: route, method: request.method.rawValue, status: response.status.code, elapsed: elapsed)
        // The request id goes with this line's metadata rather than into a copy of the logger: the line printed is
        // the same, and a request whose line is below the log level costs nothing here.
        logger.info(
            "request",
            metadata: [
                "request_id": .string(id), "method": .string(request.method.rawValue), "route": .string(route),
                "status": "\(response.status.code)", "user": .string(user?.name ?? "-"),
                "ms": "\(Double(elapsed.components.attoseconds / 1_000_000_000_000) / 1000 + Double(elapsed.components.seconds) * 1000)",
            ])
        return response
    }

    /// The bearer token's user: 401 without a token, with an unknown or a revoked one.
    func authenticate(_ request: Request) async throws -> APIUser {
        guard let header = request.headers[.authorization], let token = Self.bearerToken(header) else {
            throw Problem(
                status: 401, field: "Authorization",
                reason: "a bearer token is required (santunan user add NAME --role ROLE prints one)",
                exitStatus: .permissionDenied)
        }
        let digest = SHA256.hash(Array(token.utf8))
        if let user = tokens.user(digest) { return user }
        let found: APIUser?
        if let jwt, JWTVerifier.looksLikeJWT(token) {
            // A signed token: its sub is a user of `santunan user add`, active (a revoked user's JWTs fail too).
            let name = try jwt.subject(of: token)
            found = try await pool.withConnection { connection throws(AppError) in
                try APIUsers.user(name: name, on: connection)
            }
        } else {
            found = try await pool.withConnection { connection throws(AppError) in
                try APIUsers.user(token: token, on: connection)
            }
        }
        guard let user = found else {
            throw Problem(
                status: 401, field: "Authorization", reason: "the token is unknown or revoked",
                exitStatus: .permissionDenied)
        }
        tokens.remember(digest, user)
        return user
    }

    /// The token of an `Authorization` value `Bearer <token>` (the scheme in any case, blanks around the token
    /// ignored); nil when the value is another scheme, the token is empty or longer than 4096 bytes.
    static func bearerToken(_ header: String) -> String? {
        guard header.utf8.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        var token = header.dropFirst(7)
        while let first = token.first, first.isWhitespace { token = token.dropFirst() }
        while let last = token.last, last.isWhitespace { token = token.dropLast() }
        guard !token.isEmpty, token.utf8.count <= 4096 else { return nil }
        return String(token)
    }

    static func tooLarge(_ limit: Int) -> Problem {
        Problem(
            status: 413, field: "body", reason: "the request body is larger than \(limit) bytes",
            exitStatus: .invalidData)
    }

    /// Any failure as a problem: ours as they are, the CLI's errors by their exit status, the generated code's
    /// decoding failures as 400 naming the body, anything else as 500 with no internals beyond the log.
    /// `logger` is made only when the failure is logged (an internal error).
    static func problem(for error: any Error, logger: @autoclosure () -> Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as AppError:
            return Problem(error)
        case let error as ServerError:
            if let underlying = error.underlyingError as? Problem { return problem(for: underlying, logger: logger()) }
            if let underlying = error.underlyingError as? AppError { return Problem(underlying) }
            return Problem(
                status: 400, field: "request",
                reason: "does not match the API document: \(OneLine.text("\(error.underlyingError)"))",
                exitStatus: .usage)
        case let error as HTTPError:
            let status = Int(error.status.code)
            return Problem(
                status: status, field: "request", reason: error.body ?? error.status.reasonPhrase,
                exitStatus: status == 404 ? .inputMissing : .usage)
        default:
            logger().error("internal error", metadata: ["error": "\(error)"])
            return Problem(status: 500, field: "server", reason: "internal error", exitStatus: .internalError)
        }
    }

    static func problemResponse(_ problem: Problem, language: Language) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        headers[.contentLanguage] = language.rawValue
        headers[.vary] = "Accept-Language"
        if problem.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        return Response(
            status: .init(code: problem.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: problem.json)))
    }

    /// A client's request id, when it is short and printable; else ours.
    static func acceptable(_ text: String) -> String? {
        guard (1...64).contains(text.count),
            text.unicodeScalars.allSatisfy({ $0.isASCII && !PrintableText.isControl($0) && $0 != " " })
        else { return nil }
        return text
    }

    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(UInt64.random(in: 0...UInt64.max, using: &generator), radix: 36)
    }
}

extension HTTPField.Name {
    /// A request's id: the client's when acceptable, else ours; echoed on the response and in every log line.
    static let requestID = HTTPField.Name("X-Request-Id")!
    /// A submission's idempotency key (`POST /v1/claims`).
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}

/// The service's limits (docs/decisions/0016-http-service.md).
public struct ServerLimits: Sendable {
    /// The largest request body; a larger one gets 413 before it is read whole.
    public var maxBodyBytes: Int = 1 << 20
    /// Requests per second per token (0: no limit), with bursts of twice that.
    public var requestsPerSecond: Int = 2000
    /// How long a token's look-up is remembered (a revoked token works at most this long).
    public var tokenCacheTTL: Duration = .seconds(2)
    /// Groups of submissions in the database at once, at most (and at most the connections). Each group is one
    /// commit and so one flush of the WAL; the submissions that arrive during a flush wait to be the next group, so
    /// fewer groups in flight make larger groups and fewer flushes. A second group starts beside the first only when
    /// half a group's worth waits (``SubmissionBatcher``): at 32 clients one group of ~16 at a time gave 5 598
    /// submissions/s; a group started for each arrival (the rule before Session 8, with 8 connections) gave 2 485/s
    /// in groups of 3 (docs/benchmarks.md, service, Session 8).
    public var submissionGroups: Int = 4
    /// How long a connection may stay silent — between requests, or before a request's head is complete — before
    /// the server closes it: a client that opens connections and never finishes a request (slowloris) holds none
    /// for long. A request being answered is never cut (Hummingbird's idle handler waits for the response).
    public var idleTimeout: Duration = .seconds(60)

    public init() {}
}
