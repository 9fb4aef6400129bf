import AssayCore
import HTTPTypes
import Hummingbird

extension AssayService {
    /// `POST /v1/kernels/eval`: a batch of kernel candidates as a `kernels.eval` job (202).
    func addKernelRoutes(to router: Router<BasicRequestContext>) {
        router.post(routes.add(.post, "/v1/kernels/eval")) { request, _ -> Response in
            guard let handler = self.jobHandlers["kernels.eval"] else {
                throw APIError(
                    status: .serviceUnavailable, code: "kernels_unavailable",
                    message: """
                        kernel evaluation is not enabled on this server: start assay serve with --kernel-gpus \
                        (it needs nvcc, torch and a GPU)
                        """,
                    headers: [.retryAfter: "3600"])
            }
            let body = try await RequestJSON.object(request, limit: self.configuration.maxBodyBytes)
            return try await self.submit(body, handler: handler, request: request)
        }
    }
}
