public import AssayStore
public import Hummingbird
public import Logging

/// The reward service (`assay serve`): builds the Hummingbird application over a verdict
/// store, with every endpoint, limit and metric wired in.
///
/// ```swift
/// let store = try VerdictStore(path: "assay.sqlite")
/// try await RewardServer.run(configuration: ServerConfiguration(), store: store)
/// ```
public enum RewardServer {
    /// Builds the application (tests drive it with HummingbirdTesting).
    ///
    /// - Throws: ``ServerConfigurationError`` for settings that cannot work.
    public static func makeApplication(
        configuration: ServerConfiguration,
        store: VerdictStore,
        metrics: ServerMetrics = ServerMetrics(),
        environment: EnvironmentFingerprint = .probeHost(),
        logger: Logger = Logger(label: "assay.serve"),
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) throws(ServerConfigurationError) -> some ApplicationProtocol {
        try configuration.validate()
        let service = AssayService(
            configuration: configuration, store: store, metrics: metrics, environment: environment,
            jobHandlers: Domains.jobHandlers(configuration: configuration), logger: logger)
        let router = makeRouter(service: service)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "assay"),
            services: store.backgroundCheckpoints
                ? [service.jobs, StoreCheckpoints(store: store, logger: logger)] : [service.jobs],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// The router with every middleware and route, in the order that matters: metrics see
    /// the final status, errors become JSON before metrics, and authentication runs before
    /// any route.
    static func makeRouter(service: AssayService) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RequestMetricsMiddleware(metrics: service.metrics))
        router.add(middleware: ErrorMiddleware(routes: service.routes))
        router.add(middleware: BearerAuthMiddleware(key: service.configuration.apiKey))
        service.addHealthRoutes(to: router)
        service.addJobRoutes(to: router)
        service.addDomainRoutes(to: router)
        return router
    }

    /// Builds the application and runs it until SIGINT or SIGTERM, then shuts down
    /// gracefully: in-flight requests finish, the job runner stores its chunk in hand.
    public static func run(
        configuration: ServerConfiguration, store: VerdictStore, metrics: ServerMetrics = ServerMetrics(),
        logger: Logger = Logger(label: "assay.serve"),
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) async throws {
        let app = try makeApplication(
            configuration: configuration, store: store, metrics: metrics, logger: logger,
            onServerRunning: onServerRunning)
        try await app.runService()
    }
}
