import BenefitRules
import HTTPTypes
import OpenAPIRuntime
import SantunanApp

/// Registers the generated operations on `base`, except the two whose bodies are case documents —
/// `POST /v1/claims/compute` and `POST /v1/claims` — which are served from the request's bytes.
///
/// The document declares those bodies as JSON objects, and the generated code decoded each case into an
/// `OpenAPIObjectContainer` with Foundation's JSONDecoder before the handler ran (and, for compute, encoded the result
/// back through the same container): 70 % of the server's CPU in a profile (docs/benchmarks.md, service). The rules
/// core reads the case itself (`Case.parse`, whose fast reader is the path of a well-formed case) and writes the
/// result itself (`ClaimResult.jsonBytes`), so the generated decoding only cost time. The contract is unchanged —
/// the same paths, media types, headers, statuses and bodies — and the routes still pass through
/// ``ServiceMiddleware`` (token, rate and body limits, problem+json, logs, metrics).
struct RawCaseBodies<Base: ServerTransport>: ServerTransport {
    let base: Base
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
            try base.register({ _, _, _ in try await api.computeRaw() }, method: method, path: path)
        case (.post, "/v1/claims"):
            try base.register({ request, _, _ in try await api.submitRaw(request) }, method: method, path: path)
        default:
            try base.register(handler, method: method, path: path)
        }
    }
}

extension SantunanAPI {
    static let jsonContentType = "application/json; charset=utf-8"

    /// `POST /v1/claims/compute` from the body's bytes: the claim as `claim compute --json` prints it.
    func computeRaw() async throws -> (HTTPResponse, HTTPBody?) {
        let bytes = try computedClaim(try scope.body)
        return (HTTPResponse(status: .ok, headerFields: [.contentType: Self.jsonContentType]), HTTPBody(bytes))
    }

    /// `POST /v1/claims` from the body's bytes: 202, the claim's Location, the receipt.
    func submitRaw(_ request: HTTPRequest) async throws -> (HTTPResponse, HTTPBody?) {
        let key = request.headerFields[HTTPField.Name("Idempotency-Key")!]
        if let key, !(1...200).contains(key.count) {
            throw AppError(.usage, field: "Idempotency-Key", reason: "must be 1 to 200 characters long")
        }
        let receipt = try await submission(try scope.body, key: key)
        let body =
            "{\"case_id\":\(JSONString.quote(receipt.caseID)),\"created\":\(receipt.created),"
            + "\"submission_id\":\(receipt.submissionID)}"
        var fields = HTTPFields()
        fields[.contentType] = Self.jsonContentType
        fields[.location] = "/v1/claims/\(receipt.submissionID)"
        return (HTTPResponse(status: .accepted, headerFields: fields), HTTPBody(body))
    }
}
