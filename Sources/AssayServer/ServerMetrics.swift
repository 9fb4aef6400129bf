import AssayCore
import CoreMetrics
import Metrics
public import Prometheus

/// The service's Prometheus metrics, recorded through swift-metrics into one registry that
/// `/metrics` renders.
///
/// The registry belongs to the server instance (no global bootstrap), so two servers in one
/// process (tests) keep separate counts.
public struct ServerMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    /// Creates metrics backed by `registry`.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        self.factory = factory
    }

    /// Counts one answered HTTP request and its duration.
    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let dimensions = [("method", method), ("route", route), ("status", String(status))]
        Counter(label: "assay_http_requests_total", dimensions: dimensions, factory: factory).increment()
        Metrics.Timer(
            label: "assay_http_request_duration_seconds", dimensions: [("method", method), ("route", route)],
            factory: factory
        ).record(duration: duration)
    }

    /// Counts verdicts by domain, status and whether they came from the store.
    func recordVerdicts(domain: String, statuses: [Verdict.Status], cached: Int) {
        var counts: [Verdict.Status: Int] = [:]
        for status in statuses { counts[status, default: 0] += 1 }
        for (status, count) in counts {
            Counter(
                label: "assay_verdicts_total", dimensions: [("domain", domain), ("status", status.rawValue)],
                factory: factory
            ).increment(by: count)
        }
        if cached > 0 {
            Counter(label: "assay_verdicts_cached_total", dimensions: [("domain", domain)], factory: factory)
                .increment(by: cached)
        }
    }

    /// Records how long one item took to check.
    func recordCheck(domain: String, seconds: Double) {
        Metrics.Timer(label: "assay_check_duration_seconds", dimensions: [("domain", domain)], factory: factory)
            .record(duration: .nanoseconds(Int64(seconds * 1e9)))
    }

    /// Counts requests turned away by the queue.
    func recordRefusal(reason: String) {
        Counter(label: "assay_requests_refused_total", dimensions: [("reason", reason)], factory: factory).increment()
    }

    /// Sets the current queue load.
    func recordLoad(running: Int, waiting: Int) {
        Gauge(label: "assay_requests_running", factory: factory).record(running)
        Gauge(label: "assay_requests_waiting", factory: factory).record(waiting)
    }

    /// Counts job state changes.
    func recordJob(kind: String, state: String) {
        Counter(label: "assay_jobs_total", dimensions: [("kind", kind), ("state", state)], factory: factory).increment()
    }

    /// The registry's current contents in the Prometheus text format.
    func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}
