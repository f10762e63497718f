import Foundation
import Prometheus

/// The service's metrics in the Prometheus text format (`GET /metrics`): requests by route, method and status,
/// and their latency, per route. Routes are templates (`/v1/claims/{id}`), never values.
public final class ServiceMetrics: @unchecked Sendable {
    let registry = PrometheusCollectorRegistry()
    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    public init() {}

    func record(route: String, method: String, status: Int, elapsed: Duration) {
        registry.makeCounter(
            name: "santunan_http_requests_total",
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            name: "santunan_http_request_duration_seconds", labels: [("route", route)], buckets: Self.buckets
        ).record(elapsed)
    }

    /// The exposition text.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
