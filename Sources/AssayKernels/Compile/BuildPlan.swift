import Foundation

/// The files and compiler commands of one build, derived the way load_inline derives them
/// (torch.utils.cpp_extension: `_write_ninja_file_to_build_library`, `_get_cuda_arch_flags`).
struct BuildPlan: Sendable {
    struct Command: Sendable {
        var executable: String
        var arguments: [String]
        /// What the command builds, for logs.
        var label: String
    }

    var path: ExtensionBuild.Path
    var name: String
    var functions: [String]
    var sources: [GeneratedSource]
    /// Commands that may run in parallel, then commands that run after them, in order.
    var parallel: [Command]
    var sequential: [Command]
    /// The built file's name.
    var library: String
    /// Extra files to write next to the sources (`plan.json` for raw kernels).
    var extraFiles: [String: String] = [:]
    /// The content address.
    var key: String

    /// The nvcc flags load_inline adds before the candidate's own: COMMON_NVCC_FLAGS of the
    /// installed torch (or of torch 2.13 when torch is absent).
    static func commonNvccFlags(_ toolchain: KernelToolchain) -> [String] {
        toolchain.torch?.commonNvccFlags ?? [
            "-D__CUDA_NO_HALF_OPERATORS__", "-D__CUDA_NO_HALF_CONVERSIONS__", "-D__CUDA_NO_BFLOAT16_CONVERSIONS__",
            "-D__CUDA_NO_HALF2_OPERATORS__", "--expt-relaxed-constexpr",
        ]
    }

    static func standard(_ toolchain: KernelToolchain) -> String { "-std=" + (toolchain.torch?.std ?? "c++20") }

    /// `_get_cuda_arch_flags`: none when a candidate flag mentions `arch`; else SASS and PTX for
    /// the target, sorted as torch sorts them.
    static func archFlags(_ options: CompileOptions, userFlags: [String]) -> [String] {
        if userFlags.contains(where: { $0.contains("arch") && !$0.contains("TORCH_EXTENSION_NAME") }) { return [] }
        guard let digits = options.archDigits else { return [] }
        return [
            "-gencode=arch=compute_\(digits),code=sm_\(digits)", "-gencode=arch=compute_\(digits),code=compute_\(digits)",
        ].sorted()
    }

    /// The slim path: the candidate's sources unchanged, the slim header in place of torch's,
    /// C entry points in place of the pybind11 module.
    /// `library` selects the standard-library headers the slim header includes (see
    /// ``SlimLibrarySelection``); the same flags go to both compilers.
    static func slim(
        _ ext: InlineExtension, toolchain: KernelToolchain, options: CompileOptions, slimInclude: String,
        slimHash: String, library: SlimLibrarySelection = .all
    ) -> BuildPlan {
        let name = ext.name ?? "extension"
        let binding =
            ["#include <assay/slim_binding.h>", "ASSAY_BINDINGS_BEGIN"]
            + ext.functions.enumerated().map { "ASSAY_BIND(\($0.offset), \($0.element))" }
            + ["ASSAY_BINDINGS_END", "ASSAY_DESCRIBE_BEGIN"] + ext.functions.map { "ASSAY_DESCRIBE(\($0))" }
            + ["ASSAY_DESCRIBE_END"]
        let main = GeneratedSource(
            fileName: "main.cpp", implicitHeaders: ext.noImplicitHeaders ? [] : ["#include <torch/extension.h>"],
            sources: ext.cppSources, section: "cpp_sources", trailer: binding)
        var sources = [main]
        let defines = ["-DTORCH_EXTENSION_NAME=\(name)", "-DTORCH_API_INCLUDE_EXTENSION_H"] + library.defines
        let includes = ["-I\(slimInclude)", "-isystem", toolchain.cudaInclude]
        let cxxFlags = defines + includes + ["-fPIC", standard(toolchain)] + ShellWords.split(ext.extraCflags)
        var parallel = [Command(
            executable: toolchain.hostCompiler, arguments: cxxFlags + ["-c", "main.cpp", "-o", "main.o"], label: "c++ main.cpp")]
        var objects = ["main.o"]
        var nvccFlags: [String] = []
        if !ext.cudaSources.isEmpty {
            let cuda = GeneratedSource(
                fileName: "cuda.cu",
                implicitHeaders: ext.noImplicitHeaders ? [] : ["#include <torch/types.h>", "#include <cuda.h>", "#include <cuda_runtime.h>"],
                sources: ext.cudaSources, section: "cuda_sources", trailer: [])
            sources.append(cuda)
            let user = ShellWords.split(ext.extraCudaCflags)
            nvccFlags = defines + includes + commonNvccFlags(toolchain) + archFlags(options, userFlags: ext.extraCudaCflags)
                + ["--compiler-options", "-fPIC"] + user
            if !nvccFlags.contains(where: { $0.hasPrefix("-std=") }) { nvccFlags.append(standard(toolchain)) }
            if let cc = ProcessInfo.processInfo.environment["CC"], !cc.isEmpty { nvccFlags = ["-ccbin", cc] + nvccFlags }
            parallel.append(Command(
                executable: toolchain.nvcc, arguments: nvccFlags + ["-c", "cuda.cu", "-o", "cuda.cuda.o"], label: "nvcc cuda.cu"))
            objects.append("cuda.cuda.o")
        }
        let library = "\(name).so"
        let link = Command(
            executable: toolchain.hostCompiler,
            arguments: objects + ["-shared"] + ShellWords.split(ext.extraLdflags)
                + ["-L\(toolchain.cudaLibraryDirectory)", toolchain.cudartLinkArgument,
                   "-Wl,-rpath,\(toolchain.cudaLibraryDirectory)", "-o", library],
            label: "link \(library)")
        var hash = SHA256Hasher()
        for field in [
            "assay-kernels-build/1", "slim", slimHash, toolchain.fingerprint, name, ext.functions.joined(separator: ","),
            cxxFlags.map(relative).joined(separator: " "), nvccFlags.map(relative).joined(separator: " "),
            ext.extraLdflags.joined(separator: " "), toolchain.cudartLinkArgument,
        ] { hash.update(field: field) }
        for source in sources { hash.update(field: source.fileName); hash.update(field: source.text) }
        return BuildPlan(
            path: .slim, name: name, functions: ext.functions, sources: sources, parallel: parallel, sequential: [link],
            library: library, key: hash.hexDigest())

        func relative(_ flag: String) -> String {
            flag.replacingOccurrences(of: slimInclude, with: "<slim>").replacingOccurrences(of: toolchain.cudaHome, with: "<cuda>")
        }
    }

    /// A raw-kernel candidate: the kernel source alone, to a cubin for exactly `arch`.
    static func raw(
        source: String, plan: RawKernelPlan, toolchain: KernelToolchain, options: CompileOptions
    ) throws -> BuildPlan {
        let kernel = GeneratedSource(
            fileName: "kernel.cu", implicitHeaders: [],
            sources: [[InlineExtension.SourcePiece(text: source, line: 1, exact: true)]], section: "kernel source",
            trailer: [])
        let flags = ["-cubin", "-arch=\(options.arch)", "--expt-relaxed-constexpr", standard(toolchain)]
            + ShellWords.split(plan.nvccFlags)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let planJSON = String(decoding: try encoder.encode(plan), as: UTF8.self)
        var hash = SHA256Hasher()
        for field in ["assay-kernels-build/1", "raw", toolchain.fingerprint, flags.joined(separator: " "), source, planJSON] {
            hash.update(field: field)
        }
        return BuildPlan(
            path: .raw, name: "raw_kernel", functions: plan.launches.map(\.kernel), sources: [kernel],
            parallel: [Command(executable: toolchain.nvcc, arguments: flags + ["kernel.cu", "-o", "kernel.cubin"], label: "nvcc kernel.cu")],
            sequential: [], library: "kernel.cubin", extraFiles: ["plan.json": planJSON], key: hash.hexDigest())
    }

    /// The key of a full-path build of `ext` (load_inline decides the commands itself).
    static func fullKey(_ ext: InlineExtension, toolchain: KernelToolchain, options: CompileOptions) -> String {
        var hash = SHA256Hasher()
        for field in [
            "assay-kernels-build/1", "full", toolchain.fingerprint, options.torchArchList ?? options.arch, ext.name ?? "",
            ext.functions.joined(separator: ","), ext.extraCflags.joined(separator: " "),
            ext.extraCudaCflags.joined(separator: " "), ext.extraLdflags.joined(separator: " "),
            "\(ext.withCuda.map(String.init) ?? "nil") \(ext.noImplicitHeaders) \(ext.withPytorchErrorHandling)",
        ] { hash.update(field: field) }
        for source in ext.cppSourceTexts { hash.update(field: source) }
        hash.update(field: "--cuda--")
        for source in ext.cudaSourceTexts { hash.update(field: source) }
        return hash.hexDigest()
    }
}
