import Foundation

/// Where the files shipped with AssayKernels live: the static analyzer, the slim torch headers,
/// the full-path build script.
///
/// `ASSAY_KERNELS_RESOURCES` overrides the location (a directory holding `analyze.py`, `slim/`,
/// ...); otherwise the SwiftPM resource bundle next to the executable is used
/// (`assay_AssayKernels.resources/Resources`), so a binary copied to another machine must travel
/// with that directory. (SwiftPM's generated `Bundle.module` is not used: it stops the process
/// when the bundle is missing, instead of letting Assay say so.)
public enum KernelResources {
    /// The resource directory.
    public static func directory() throws(KernelResourceError) -> String {
        if let override = ProcessInfo.processInfo.environment["ASSAY_KERNELS_RESOURCES"], !override.isEmpty {
            return try checked(override)
        }
        let executableDirectory = Bundle.main.bundleURL.path
        return try checked(executableDirectory + "/assay_AssayKernels.resources/Resources")
    }

    /// The absolute path of one resource file.
    public static func path(_ relative: String) throws(KernelResourceError) -> String {
        let full = try directory() + "/" + relative
        guard FileManager.default.fileExists(atPath: full) else {
            throw KernelResourceError(message: "resource \(relative) is missing (looked in \(full))")
        }
        return full
    }

    private static func checked(_ directory: String) throws(KernelResourceError) -> String {
        guard FileManager.default.fileExists(atPath: directory + "/analyze.py") else {
            throw KernelResourceError(
                message: "no AssayKernels resources at \(directory) (set ASSAY_KERNELS_RESOURCES to the directory holding analyze.py)")
        }
        return directory
    }
}

/// A resource that should ship with AssayKernels could not be found.
public struct KernelResourceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is missing and where it was looked for.
    public var message: String
    public var description: String { message }
}
