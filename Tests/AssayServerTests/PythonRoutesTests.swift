import AssayCore
import AssaySandbox
import AssayServer
import AssayStore
import HTTPTypes
import HummingbirdTesting
import Testing

/// `/v1/python/run` with real bubblewrap sandboxes.
@Suite struct PythonRoutesTests {
    @Test func aPlainRunReturnsWhatHappenedAndStoresNothing() async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await client.send(.post, "/v1/python/run", json: #"{"code": "print(int(input()) * 2)", "stdin": "21"}"#)
            #expect(response.status == .ok, "\(response.text)")
            let result = try #require(try response.object()["result"]?.objectValue)
            #expect(result["stdout"] == .string("42\n"))
            #expect(result["exit_code"] == .number(0))
            #expect(result["isolated"] == .bool(true))
            #expect(try response.object()["verdict"] == nil)
        }
        #expect(try server.store.verdictCount() == 0)
    }

    @Test(arguments: [
        ("print(int(input()) * 2)", "correct", true),
        ("print(int(input()) * 3)", "wrong_output", false),
        ("raise SystemExit(3)", "runtime_error", false),
        ("import time\ntime.sleep(60)", "timeout", false),
    ])
    func expectedOutputGivesAStoredVerdict(code: String, status: String, passed: Bool) async throws {
        let server = try TestServer()
        let body = JSONValue.object(
            JSONObject([
                ("code", .string(code)), ("stdin", .string("21")), ("expected_stdout", .string("42\n")),
                // Generous: the tests start many sandboxes at once on a small machine.
                ("timeout_ms", .number(8000)), ("id", .string("double")), ("run", .string("py")),
            ])
        ).jsonText
        try await server.test { client in
            let response = try await client.send(.post, "/v1/python/run", json: body)
            #expect(response.status == .ok, "\(response.text)")
            let verdict = try #require(try response.object()["verdict"]?.objectValue)
            #expect(verdict["status"] == .string(status))
            #expect(verdict["passed"] == .bool(passed))
            #expect(verdict["id"] == .string("double"))
            #expect(verdict["cached"] == .bool(false))
            // The same program on the same test is answered from the store.
            let again = try await client.send(.post, "/v1/python/run", json: body)
            #expect(try again.object()["verdict"]?.objectValue?["cached"] == .bool(true))
            #expect(try again.object()["verdict"]?.objectValue?["status"] == .string(status))
        }
        #expect(try server.store.verdictCount(run: "py") == 1)
    }

    @Test func otherLimitsAreAnotherProblem() async throws {
        let server = try TestServer()
        try await server.test { client in
            for timeout in [500, 600] {
                let body = #"{"code": "print(1)", "expected_stdout": "1", "timeout_ms": \#(timeout)}"#
                let response = try await client.send(.post, "/v1/python/run", json: body)
                #expect(try response.object()["verdict"]?.objectValue?["cached"] == .bool(false))
            }
        }
        #expect(try server.store.verdictCount() == 2)
    }

    @Test func aBrokenSandboxIs503AndStoresNothing() async throws {
        let server = try TestServer { $0.sandbox = Sandbox(pythonPath: "/usr/bin/no-such-python") }
        try await server.test { client in
            let plain = try await client.send(.post, "/v1/python/run", json: #"{"code": "print(1)"}"#)
            #expect(plain.status == .serviceUnavailable, "\(plain.text)")
            #expect(try plain.error().code == "sandbox_unavailable")
            let checked = try await client.send(.post, "/v1/python/run", json: #"{"code": "print(1)", "expected_stdout": "1"}"#)
            #expect(checked.status == .serviceUnavailable, "\(checked.text)")
            #expect(try checked.error().code == "checker_failed")
        }
        #expect(try server.store.verdictCount() == 0)
    }

    @Test(arguments: [
        (#"{"stdin": "1"}"#, "missing field \"code\""),
        (#"{"code": "print(1)", "timeout_ms": 99}"#, "field \"timeout_ms\" must be in 100...60000"),
        (#"{"code": "print(1)", "memory_mb": 1}"#, "field \"memory_mb\" must be in 32...8192"),
        (#"{"code": 5}"#, "field \"code\" must be a string"),
    ])
    func invalidRunsSayWhatIsWrong(body: String, message: String) async throws {
        try await TestServer().test { client in
            let response = try await client.send(.post, "/v1/python/run", json: body)
            #expect(response.status == .unprocessableContent)
            let actual = try response.error().message
            #expect(actual.hasPrefix(message), "\(actual)")
        }
    }
}
