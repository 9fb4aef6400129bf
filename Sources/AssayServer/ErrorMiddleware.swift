import AssayCore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Turns every error into a JSON error answer, so clients never see a bare 500 for their own
/// mistakes: Hummingbird's errors keep their status, bodies that are too large become 413, and
/// only genuine server faults become 500 (and are logged).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch is NIOTooManyBytesError {
            return try APIError(
                status: .contentTooLarge, code: "body_too_large", message: "the request body is too large"
            ).response(from: request, context: context)
        } catch let error as HTTPError where error.status == .notFound && !routes.methods(for: request.uri.path).isEmpty {
            let allowed = routes.methods(for: request.uri.path).map(\.rawValue)
            return try APIError(
                status: .methodNotAllowed, code: "method_not_allowed",
                message: "\(request.method) is not allowed on \(request.uri.path); allowed: \(allowed.joined(separator: ", "))",
                headers: [.allow: allowed.joined(separator: ", ")]
            ).response(from: request, context: context)
        } catch let error as HTTPError {
            let code: String =
                switch error.status {
                case .notFound: "not_found"
                case .methodNotAllowed: "method_not_allowed"
                case .unauthorized: "unauthorized"
                case .contentTooLarge: "body_too_large"
                default: "http_\(error.status.code)"
                }
            return try APIError(
                status: error.status, code: code,
                message: error.body ?? "\(error.status.code) \(error.status.reasonPhrase): \(request.method) \(request.uri.path)",
                headers: error.headers
            ).response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try error.response(from: request, context: context)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return try APIError(status: .internalServerError, code: "internal_error", message: "internal error: \(error)")
                .response(from: request, context: context)
        }
    }
}
