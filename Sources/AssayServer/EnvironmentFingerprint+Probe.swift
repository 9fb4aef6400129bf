public import AssayStore
import Foundation

extension EnvironmentFingerprint {
    /// Assay's version, as recorded in fingerprints.
    public static let currentAssayVersion = "0.1.0"

    /// The fingerprint of this process's machine: toolchain, OS, CPU model and count.
    ///
    /// Reads `/proc/cpuinfo` on Linux; torch and the GPU are left unset (they are probed by
    /// the kernel evaluator, which needs them).
    public static func probeHost() -> EnvironmentFingerprint {
        EnvironmentFingerprint(
            assayVersion: currentAssayVersion, toolchain: toolchain,
            os: ProcessInfo.processInfo.operatingSystemVersionString, cpu: cpuModel(),
            cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    static var toolchain: String {
        #if compiler(>=6.4)
            "swift 6.4 or later"
        #elseif compiler(>=6.3)
            "swift 6.3"
        #elseif compiler(>=6.2)
            "swift 6.2"
        #else
            "swift before 6.2"
        #endif
    }

    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown"
    }
}
