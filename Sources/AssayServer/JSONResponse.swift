import AssayCore
import HTTPTypes
import Hummingbird
import NIOCore

/// Builds JSON responses from ordered ``JSONValue``s.
enum JSONResponse {
    static func make(status: HTTPResponse.Status = .ok, _ value: JSONValue) -> Response {
        let text = value.jsonText
        var buffer = ByteBuffer()
        buffer.writeString(text)
        buffer.writeString("\n")
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(buffer.readableBytes)],
            body: ResponseBody(byteBuffer: buffer))
    }
}
