import BenefitRules
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIHummingbird
import OpenAPIRuntime
import SantunanApp
import SantunanValues

/// Registers the generated operations on `router`, except the two whose bodies are case documents —
/// `POST /v1/claims/compute` and `POST /v1/claims` — which are Hummingbird routes served from the request's bytes.
///
/// The document declares those bodies as JSON objects, and the generated code decoded each case into an
/// `OpenAPIObjectContainer` with Foundation's JSONDecoder before the handler ran (and, for compute, encoded the result
/// back through the same container): 70 % of the server's CPU in a profile (docs/benchmarks.md, service). The rules
/// core reads the case itself (`Case.parse`, whose fast reader is the path of a well-formed case) and writes the
/// result itself (`ClaimResult.jsonBytes`), so the generated decoding only cost time.
///
/// They are plain Hummingbird routes, not generated handlers behind the OpenAPI transport (Session 7): the transport
/// wraps the request's body in an async sequence and writes a response body as a stream — the head, the body and
/// the end as three writes to the channel — where a `ByteBuffer` body goes out as one write. The contract is
/// unchanged — the same paths, media types, headers, statuses and bodies — and the routes still pass through
/// ``ServiceMiddleware`` (token, rate and body limits, problem+json, logs, metrics).
struct RawCaseBodies<Context: RequestContext>: ServerTransport {
    let router: Router<Context>
    let api: SantunanAPI

    func register(
        _ handler:
            @Sendable @escaping (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (
                HTTPResponse, HTTPBody?
            ),
        method: HTTPRequest.Method,
        path: String
    ) throws {
        let api = api
        switch (method, path) {
        case (.post, "/v1/claims/compute"):
            router.post(RouterPath(path)) { _, _ in try api.computeRaw() }
        case (.post, "/v1/claims"):
            router.post(RouterPath(path)) { request, _ in try await api.submitRaw(request.headers) }
        default:
            try Self.generated(on: router, handler, method: method, path: path)
        }
    }

    /// The generated handler, through the OpenAPI transport.
    private static func generated(
        on transport: some ServerTransport,
        _ handler:
            @Sendable @escaping (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (
                HTTPResponse, HTTPBody?
            ),
        method: HTTPRequest.Method,
        path: String
    ) throws {
        try transport.register(handler, method: method, path: path)
    }
}

extension SantunanAPI {
    static let jsonContentType = "application/json; charset=utf-8"

    /// `POST /v1/claims/compute` from the body's bytes: the claim as `claim compute --json` prints it.
    func computeRaw() throws -> Response {
        let bytes = try computedClaim(try scope.body)
        return Response(
            status: .ok, headers: [.contentType: Self.jsonContentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `POST /v1/claims` from the body's bytes: 202, the claim's Location, the receipt.
    func submitRaw(_ headers: HTTPFields) async throws -> Response {
        let key = headers[.idempotencyKey]
        if let key, !(1...200).contains(key.count) {
            throw AppError(.usage, field: "Idempotency-Key", reason: "must be 1 to 200 characters long")
        }
        let receipt = try await submission(try scope.body, key: key)
        let body =
            "{\"case_id\":\(JSONText.quote(receipt.caseID)),\"created\":\(receipt.created),"
            + "\"submission_id\":\(receipt.submissionID)}"
        var fields = HTTPFields()
        fields[.contentType] = Self.jsonContentType
        fields[.location] = "/v1/claims/\(receipt.submissionID)"
        return Response(status: .accepted, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
