import FoundationEssentials
import Testing

@testable import AssaySandbox

#if canImport(Glibc)
import Glibc
#endif

/// Looks at the host from outside the sandbox: processes carrying a test's tag, files that
/// must not exist, a loopback listener the sandbox must not reach.
enum HostProbe {
    /// A fresh tag for one test; sandboxes started with it carry it on their command lines.
    static func tag(_ name: String) -> String {
        "assaytest-\(name)-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
    }

    /// The ids of live processes whose command line contains `tag`.
    static func processes(tagged tag: String) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let needle = Array(tag.utf8)
        var found: [Int32] = []
        for entry in entries {
            guard let pid = Int32(entry), pid != getpid() else { continue }
            guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !data.isEmpty else {
                continue
            }
            let bytes = [UInt8](data)
            if bytes.count >= needle.count,
                (0...(bytes.count - needle.count)).contains(where: { bytes[$0..<($0 + needle.count)].elementsEqual(needle) })
            {
                found.append(pid)
            }
        }
        return found
    }

    /// Waits (up to a generous bound, for loaded machines) until no process carries `tag`;
    /// records an issue naming the survivors if some remain, and kills them.
    static func expectNoProcesses(tagged tag: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        var survivors = processes(tagged: tag)
        for _ in 0..<200 where !survivors.isEmpty {
            try? await Task.sleep(for: .milliseconds(100))
            survivors = processes(tagged: tag)
        }
        #expect(survivors.isEmpty, "processes left behind by the sandbox: \(survivors)", sourceLocation: sourceLocation)
        for pid in survivors { kill(pid, SIGKILL) }
    }

    /// Whether a host path exists.
    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// The bytes of a host file (empty if unreadable).
    static func contents(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
    }
}

/// A TCP listener on the host's 127.0.0.1, to prove the sandbox's loopback is not the host's.
final class LoopbackListener {
    let port: UInt16
    private let descriptor: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ListenerError(message: "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw ListenerError(message: "bind/listen failed: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(descriptor) }

    struct ListenerError: Error { var message: String }
}
