import Hummingbird

/// The domains wired into this build: their synchronous checkers and their job kinds.
///
/// Each domain lands with its checker; `/healthz` lists what is there.
enum Domains {
    /// The domains `/healthz` reports as checked synchronously.
    static let synchronous = ["math", "python"]

    static func jobHandlers(configuration: ServerConfiguration, kernels: KernelBackend?) -> [any JobHandler] {
        var handlers: [any JobHandler] = [MathJobHandler(defaultTimeout: configuration.mathPairTimeout)]
        if let kernels { handlers.append(KernelJobHandler(backend: kernels)) }
        return handlers
    }
}

extension AssayService {
    /// The synchronous domain endpoints.
    func addDomainRoutes(to router: Router<BasicRequestContext>) {
        addMathRoutes(to: router)
        addGroupRoutes(to: router)
        addOpenRLHFRoutes(to: router)
        addPythonRoutes(to: router)
        addKernelRoutes(to: router)
    }
}
