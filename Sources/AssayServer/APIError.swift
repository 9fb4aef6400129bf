import AssayCore
import HTTPTypes
import Hummingbird

/// An error answer of the API: an HTTP status, a stable `code`, and a message that says what
/// to change. Rendered as `{"error": {"code": ..., "message": ...}}`.
struct APIError: Error, HTTPResponseError, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var headers: HTTPFields = [:]

    /// The body is not JSON at all.
    static func malformedJSON(_ message: String) -> APIError {
        APIError(status: .badRequest, code: "malformed_json", message: message)
    }

    /// The body is JSON but not the shape the endpoint takes.
    static func invalid(_ message: String) -> APIError {
        APIError(status: .unprocessableContent, code: "invalid_request", message: message)
    }

    /// The server is too busy right now; try again after `seconds`.
    static func busy(_ message: String, retryAfter seconds: Int) -> APIError {
        APIError(
            status: .tooManyRequests, code: "queue_full", message: message,
            headers: [.retryAfter: String(seconds)])
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(
            status: status,
            .object(
                JSONObject([
                    ("error", .object(JSONObject([("code", .string(code)), ("message", .string(message))])))
                ])))
        response.headers.append(contentsOf: headers)
        return response
    }
}
