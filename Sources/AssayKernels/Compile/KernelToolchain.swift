import Foundation

/// The compilers and libraries the compile service builds with, found once per process.
///
/// nvcc is looked for in this order: `ASSAY_NVCC`, `$CUDA_HOME/bin` (or `$CUDA_PATH`), `PATH`,
/// `/usr/local/cuda/bin`, then the PyPI package `nvidia-cuda-nvcc` installed for the Python
/// interpreter Assay uses (`ASSAY_PYTHON` or `python3`). The CUDA headers and `libcudart` come
/// from the same installation. torch is optional: without it the slim path still builds, and
/// the full path (load_inline itself) is unavailable.
public struct KernelToolchain: Sendable, Hashable {
    /// Where nvcc was found.
    public enum Origin: String, Sendable, Hashable, Codable {
        case environment = "ASSAY_NVCC"
        case cudaHome = "CUDA_HOME"
        case path = "PATH"
        case defaultInstall = "/usr/local/cuda"
        case pythonPackage = "nvidia-cuda-nvcc"
    }

    /// torch as installed for Assay's Python interpreter (read from its files, not imported).
    public struct Torch: Sendable, Hashable, Decodable {
        /// `torch.__version__`, such as `2.11.0+cu130`.
        public var version: String?
        /// The CUDA version torch was built with (`nil` for CPU builds).
        public var cuda: String?
        /// The torch package directory.
        public var directory: String
        /// Whether torch's CUDA libraries are present, so load_inline can build CUDA extensions.
        public var cudaLibraries: Bool
        /// `COMMON_NVCC_FLAGS` of torch.utils.cpp_extension.
        public var commonNvccFlags: [String]?
        /// The C++ standard load_inline compiles with (`c++17`, `c++20`).
        public var std: String?
        /// Whether `ninja` (which load_inline needs) is on `PATH`.
        public var ninja: Bool
    }

    /// The nvcc executable.
    public var nvcc: String
    public var origin: Origin
    /// The CUDA root (with `include/` and `lib/` or `lib64/`).
    public var cudaHome: String
    /// `nvcc --version`'s release, such as `13.0.88`.
    public var nvccVersion: String
    /// The host C++ compiler (`CXX`, else `c++`).
    public var hostCompiler: String
    /// `c++ -dumpfullversion`.
    public var hostCompilerVersion: String
    /// The Python interpreter for helper scripts (the full-path build, the probes).
    public var python: String
    /// torch, when installed for that interpreter.
    public var torch: Torch?

    /// `include/` of the CUDA root.
    public var cudaInclude: String { cudaHome + "/include" }

    /// The directory holding `libcudart.so*` (`lib64/` or `lib/`).
    public var cudaLibraryDirectory: String {
        let lib64 = cudaHome + "/lib64"
        return FileManager.default.fileExists(atPath: lib64) ? lib64 : cudaHome + "/lib"
    }

    /// The linker argument for the CUDA runtime: `-lcudart`, or `-l:libcudart.so.N` where only a
    /// versioned library exists (the PyPI package ships only `libcudart.so.13`).
    public var cudartLinkArgument: String {
        let directory = cudaLibraryDirectory
        if FileManager.default.fileExists(atPath: directory + "/libcudart.so") { return "-lcudart" }
        let versioned = (try? FileManager.default.contentsOfDirectory(atPath: directory))?
            .filter { $0.hasPrefix("libcudart.so.") }.sorted().first
        return versioned.map { "-l:" + $0 } ?? "-lcudart"
    }

    /// Whether the full path (load_inline in a subprocess) can run here.
    public var fullPathAvailable: Bool {
        guard let torch else { return false }
        return torch.cudaLibraries && torch.ninja
    }

    /// The toolchain's identity for cache keys: versions of nvcc, the host compiler and torch.
    public var fingerprint: String {
        "nvcc \(nvccVersion); \(hostCompiler) \(hostCompilerVersion); torch \(torch?.version ?? "none")"
    }

    /// Finds the toolchain.
    public static func discover() async -> Result<KernelToolchain, ToolchainError> {
        let env = ProcessInfo.processInfo.environment
        guard let python = ExecutableLookup.python() else {
            return .failure(ToolchainError(message: "python3 not found (set ASSAY_PYTHON)"))
        }
        let probe: Probe
        do {
            probe = try await runProbe(python: python)
        } catch {
            return .failure(error)
        }
        var found: (String, Origin)?
        if let explicit = env["ASSAY_NVCC"], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                return .failure(ToolchainError(message: "ASSAY_NVCC=\(explicit) is not an executable"))
            }
            found = (explicit, .environment)
        }
        for key in ["CUDA_HOME", "CUDA_PATH"] where found == nil {
            if let home = env[key], !home.isEmpty, FileManager.default.isExecutableFile(atPath: home + "/bin/nvcc") {
                found = (home + "/bin/nvcc", .cudaHome)
            }
        }
        if found == nil, let onPath = ExecutableLookup.find("nvcc") { found = (onPath, .path) }
        if found == nil, FileManager.default.isExecutableFile(atPath: "/usr/local/cuda/bin/nvcc") {
            found = ("/usr/local/cuda/bin/nvcc", .defaultInstall)
        }
        if found == nil {
            for directory in probe.nvidiaDirs {
                for sub in ["cu13", "cu12", "cuda_nvcc"] where found == nil {
                    let candidate = "\(directory)/\(sub)/bin/nvcc"
                    if FileManager.default.isExecutableFile(atPath: candidate) { found = (candidate, .pythonPackage) }
                }
            }
        }
        guard let (nvcc, origin) = found else {
            return .failure(ToolchainError(
                message: "nvcc not found: set CUDA_HOME, put nvcc on PATH, or pip install nvidia-cuda-nvcc==13.0.88 nvidia-cuda-runtime==13.0.96 nvidia-nvvm==13.0.88 nvidia-cuda-crt==13.0.88 nvidia-cuda-cccl==13.0.85 (all from one CUDA release)"))
        }
        let resolved = URL(fileURLWithPath: nvcc).resolvingSymlinksInPath().path
        let home = URL(fileURLWithPath: resolved).deletingLastPathComponent().deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: home + "/include/cuda_runtime.h") else {
            return .failure(ToolchainError(
                message: "\(nvcc) has no CUDA runtime headers next to it (\(home)/include/cuda_runtime.h); pip install nvidia-cuda-runtime"))
        }
        let hostCompiler = env["CXX"].flatMap { ExecutableLookup.find($0) } ?? ExecutableLookup.find("c++")
            ?? ExecutableLookup.find("g++")
        guard let hostCompiler else {
            return .failure(ToolchainError(message: "no C++ compiler (c++ or g++) on PATH"))
        }
        do {
            let nvccVersion = try await version(of: nvcc, arguments: ["--version"]) { text in
                text.range(of: #"V(\d+\.\d+\.\d+)"#, options: .regularExpression).map { String(text[$0].dropFirst()) }
            }
            let hostVersion = try await version(of: hostCompiler, arguments: ["-dumpfullversion"]) { text in
                let line = text.split(separator: "\n").first.map(String.init) ?? ""
                return line.isEmpty ? nil : line
            }
            return .success(KernelToolchain(
                nvcc: nvcc, origin: origin, cudaHome: home, nvccVersion: nvccVersion, hostCompiler: hostCompiler,
                hostCompilerVersion: hostVersion, python: python, torch: probe.torch))
        } catch {
            return .failure(error)
        }
    }

    struct Probe: Decodable {
        var nvidiaDirs: [String]
        var torch: Torch?
    }

    private static func runProbe(python: String) async throws(ToolchainError) -> Probe {
        let script: String
        do {
            script = try KernelResources.path("toolchain_probe.py")
        } catch {
            throw ToolchainError(message: error.message)
        }
        let outcome: ProcessOutcome
        do {
            outcome = try await ProcessRunner.run(ProcessRequest(
                executable: python, arguments: ["-I", script], timeout: .seconds(30), output: .collect(limit: 1 << 20)))
        } catch {
            throw ToolchainError(message: error.message)
        }
        guard outcome.succeeded else {
            throw ToolchainError(message: "the toolchain probe failed: \(outcome.standardError.suffix(1000))")
        }
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(Probe.self, from: Data(outcome.standardOutput.utf8))
        } catch {
            throw ToolchainError(message: "the toolchain probe's output is unreadable: \(error)")
        }
    }

    private static func version(
        of executable: String, arguments: [String], parse: (String) -> String?
    ) async throws(ToolchainError) -> String {
        let outcome: ProcessOutcome
        do {
            outcome = try await ProcessRunner.run(ProcessRequest(
                executable: executable, arguments: arguments, timeout: .seconds(30), output: .collect(limit: 1 << 20)))
        } catch {
            throw ToolchainError(message: error.message)
        }
        guard outcome.succeeded, let version = parse(outcome.standardOutput + outcome.standardError) else {
            throw ToolchainError(message: "cannot read the version of \(executable): \(outcome.standardError.suffix(500))")
        }
        return version
    }
}

/// No usable CUDA toolchain was found; the message says what to install or set.
public struct ToolchainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is missing.
    public var message: String
    public var description: String { message }
}
