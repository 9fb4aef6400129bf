import Foundation
import Testing
@testable import AssayKernels

/// ``ProcessRunner``'s niceness: a command (and what it starts) runs that much nicer than this process.
@Suite struct ProcessRunnerTests {
    static func niceness(of request: ProcessRequest) async throws -> Int {
        let outcome = try await ProcessRunner.run(request)
        #expect(outcome.succeeded, "\(outcome.standardError)")
        return try #require(Int(outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func aNicerCommandAndItsChildrenRunAtTheRaisedNiceness() async throws {
        try #require(ProcessRunner.nice != nil, "coreutils nice is missing")
        // `sh -c nice`: the shell's child prints the niceness it inherited
        var request = ProcessRequest(executable: "/bin/sh", arguments: ["-c", "nice"], timeout: .seconds(30))
        let base = try await Self.niceness(of: request)
        request.niceness = 7
        #expect(try await Self.niceness(of: request) == min(19, base + 7))
    }

    @Test func theCompileOptionsClampNiceness() {
        #expect(CompileOptions(cacheDirectory: "/tmp/x", niceness: 40).niceness == 19)
        #expect(CompileOptions(cacheDirectory: "/tmp/x", niceness: -3).niceness == 0)
        #expect(CompileOptions(cacheDirectory: "/tmp/x").niceness == 0)
    }
}
