public import AssayStore
public import Hummingbird
public import Logging
import ServiceLifecycle

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
            configuration: configuration, store: store, metrics: metrics, environment: environment, logger: logger)
        let router = makeRouter(service: service)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "assay"),
            services: services(service, store: store, logger: logger),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// The background services. Graceful shutdown runs in reverse order: the job runner
    /// stops first (storing its chunk), then the WAL checkpoints, then the GPU workers.
    static func services(_ service: AssayService, store: VerdictStore, logger: Logger) -> [any Service] {
        var services: [any Service] = []
        if let kernels = service.kernels { services.append(kernels) }
        if store.backgroundCheckpoints { services.append(StoreCheckpoints(store: store, logger: logger)) }
        services.append(service.jobs)
        return services
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
