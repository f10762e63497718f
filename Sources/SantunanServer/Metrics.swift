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

    /// One request's series: its route, method and status.
    struct SeriesKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private let lock = NSLock()
    /// The collectors of the series seen so far. The registry validates the name and every label and builds a key
    /// on each `make…` call — two calls a request, under its lock — so the collectors it returned the first time
    /// are kept here (the registry returns those same objects for the same labels, so counts are unchanged).
    private var series: [SeriesKey: (requests: Counter, duration: DurationHistogram)] = [:]
    /// Beyond this many series (paths a scanner invents), the registry is asked each time, as before.
    static let maxCachedSeries = 1_000

    public init() {}

    func record(route: String, method: String, status: Int, elapsed: Duration) {
        let key = SeriesKey(route: route, method: method, status: status)
        lock.lock()
        let cached = series[key]
        lock.unlock()
        let collectors = cached ?? register(key)
        collectors.requests.increment()
        collectors.duration.record(elapsed)
    }

    private func register(_ key: SeriesKey) -> (requests: Counter, duration: DurationHistogram) {
        let collectors = (
            requests: registry.makeCounter(
                name: "santunan_http_requests_total",
                labels: [("route", key.route), ("method", key.method), ("status", String(key.status))]),
            duration: registry.makeDurationHistogram(
                name: "santunan_http_request_duration_seconds", labels: [("route", key.route)],
                buckets: Self.buckets)
        )
        lock.lock()
        defer { lock.unlock() }
        if series.count < Self.maxCachedSeries { series[key] = collectors }
        return collectors
    }

    /// The exposition text.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
