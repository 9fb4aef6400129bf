import HTTPTypes
import Hummingbird

/// Requires `Authorization: Bearer <key>` on every path except the open ones (health, metrics,
/// the API description), when a key is configured.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let key: String?
    static var openPaths: Set<String> { ["/healthz", "/metrics", "/openapi.yaml"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let key, !Self.openPaths.contains(request.uri.path) else {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else {
            throw Self.unauthorized("missing Authorization header: send `Authorization: Bearer <ASSAY_API_KEY>`")
        }
        let prefix = "Bearer "
        guard header.hasPrefix(prefix), Self.constantTimeEqual(Array(header.utf8.dropFirst(prefix.utf8.count)), Array(key.utf8))
        else { throw Self.unauthorized("the bearer token is not the server's API key") }
        return try await next(request, context)
    }

    static func unauthorized(_ message: String) -> APIError {
        APIError(status: .unauthorized, code: "unauthorized", message: message, headers: [.wwwAuthenticate: "Bearer"])
    }

    /// Compares without an early exit, so response time does not leak how much of a guess
    /// was right.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
