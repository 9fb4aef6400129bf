import Foundation

/// Finds executables the way a shell does, by searching `PATH`.
enum ExecutableLookup {
    /// The absolute path of `name` in `PATH` (or `name` itself when it already contains a slash
    /// and is executable), or `nil`.
    static func find(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        if name.contains("/") {
            return FileManager.default.isExecutableFile(atPath: name) ? name : nil
        }
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The Python interpreter Assay runs its helper scripts with: `ASSAY_PYTHON`, else `python3`
    /// from `PATH`.
    static func python() -> String? {
        if let override = ProcessInfo.processInfo.environment["ASSAY_PYTHON"], !override.isEmpty {
            return find(override)
        }
        return find("python3")
    }
}
