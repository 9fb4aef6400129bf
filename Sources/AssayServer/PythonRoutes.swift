import AssayCore
import AssaySandbox
import AssayStore
import HTTPTypes
import Hummingbird

extension AssayService {
    /// `POST /v1/python/run`: run a program in the sandbox; with `expected_stdout`, also a
    /// stored verdict.
    func addPythonRoutes(to router: Router<BasicRequestContext>) {
        router.post(routes.add(.post, "/v1/python/run")) { request, _ -> Response in
            let body = try await RequestJSON.object(request, limit: self.configuration.maxBodyBytes)
            try body.rejectUnknown(["code", "stdin", "timeout_ms", "memory_mb", "expected_stdout", "id", "run", "step"])
            let code = try body.string("code")
            let stdin = try body.optionalString("stdin") ?? ""
            let timeout = try body.optionalInteger("timeout_ms", in: 100...60_000) ?? 10_000
            let memory = try body.optionalInteger("memory_mb", in: 32...8192) ?? 1024
            let expected = try body.optionalString("expected_stdout")
            let target = try RunTarget.resolve(body: body, request: request, defaultRun: self.configuration.defaultRun)
            var sandbox = self.configuration.sandbox
            sandbox.limits.timeout = .milliseconds(timeout)
            sandbox.limits.memoryBytes = memory << 20
            let checker = PythonChecker(sandbox: sandbox)

            guard let expected else {
                // A plain run: not a verdict, so nothing is stored.
                let result = try await self.admitted { _ throws(APIError) in
                    do {
                        return try await sandbox.run(code: code, stdin: Array(stdin.utf8))
                    } catch let error as SandboxError {
                        throw Self.sandboxFailure(error)
                    } catch {
                        throw Self.sandboxFailure(SandboxError(.sandboxFailed, "\(error)"))
                    }
                }
                return JSONResponse.make(.object(JSONObject([("result", .object(result.json))])))
            }
            let item = CheckItem(
                problem: PythonChecker.problem(
                    stdin: stdin, expected: expected, limits: sandbox.limits, label: body.value("id").map(Self.label)),
                candidate: code)
            let results = try await self.admitted { deadline throws(APIError) in
                try await self.pipeline.run([item], checker: checker, target: target, deadline: deadline)
            }
            var object = JSONObject()
            if let details = results[0].outcome.details { object["result"] = .object(details) }
            object["verdict"] = results[0].json(id: body.value("id"))
            return JSONResponse.make(.object(object))
        }
    }

    /// The request's fields are validated before the sandbox sees them, so a sandbox error is
    /// the server's (a missing interpreter, no bubblewrap): 503, never the client's fault.
    static func sandboxFailure(_ error: SandboxError) -> APIError {
        APIError(
            status: .serviceUnavailable, code: "sandbox_unavailable",
            message: "the sandbox could not run the code (\(error.code)): \(error.message)", headers: [.retryAfter: "5"])
    }
}
