import AssayCore
import AssayStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension AssayService {
    /// `/healthz`, `/metrics` and `/openapi.yaml`.
    func addHealthRoutes(to router: Router<BasicRequestContext>) {
        router.get(routes.add(.get, "/healthz")) { _, _ -> Response in
            var body = JSONObject()
            let storeOK: Bool
            do {
                try await self.store.ping()
                storeOK = true
            } catch {
                storeOK = false
            }
            let load = self.gate.load
            body["status"] = .string(storeOK ? "ok" : "degraded")
            body["version"] = .string(self.environment.assayVersion)
            body["store"] = .string(storeOK ? "ok" : "unavailable")
            body["domains"] = .array(self.domains.map(JSONValue.string))
            body["job_kinds"] = .array(self.jobHandlers.keys.sorted().map(JSONValue.string))
            body["queue"] = .object(
                JSONObject([
                    ("running", .number(Double(load.running))), ("waiting", .number(Double(load.waiting))),
                    ("workers", .number(Double(self.gate.workers))), ("depth", .number(Double(self.gate.queueDepth))),
                ]))
            return JSONResponse.make(status: storeOK ? .ok : .serviceUnavailable, .object(body))
        }
        router.get(routes.add(.get, "/metrics")) { _, _ -> Response in
            let load = self.gate.load
            self.metrics.recordLoad(running: load.running, waiting: load.waiting)
            let bytes = self.metrics.render()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get(routes.add(.get, "/openapi.yaml")) { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
        }
    }

    /// The domains this server checks synchronously.
    var domains: [String] { Domains.synchronous }
}
