import Hummingbird

/// The domains wired into this build: their synchronous checkers and their job kinds.
///
/// Each domain lands with its checker; a domain whose library is not in the build has no
/// routes, and `/healthz` lists what is there.
enum Domains {
    static func checkers(configuration: ServerConfiguration) -> [any Checker] {
        []
    }

    static func jobHandlers(configuration: ServerConfiguration) -> [any JobHandler] {
        []
    }
}

extension AssayService {
    /// The synchronous domain endpoints (`/v1/math/grade`, `/v1/groups`, `/get_reward`, ...).
    func addDomainRoutes(to router: Router<BasicRequestContext>) {}
}
