public import AssayCore

/// Builds the worker's `evaluate` request for a compiled candidate (worker/README.md,
/// protocol 1): the problem, the candidate's Python, and the artifact map that hands each
/// prebuilt extension to the candidate's `load_inline` call.
public enum EvaluationRequest {
    /// The artifact kind of a build, as the worker's `artifacts.LOADERS` names it: a full build
    /// is the pybind11 module load_inline itself builds (`pybind_so`); a slim build is loaded by
    /// `assay_slim` (worker/assay_kernels/slim_loader.py); a raw build (cubin + launch plan) by
    /// `assay_raw` (worker/assay_kernels/raw_launcher.py, wrapped by the worker in a `ModelNew`).
    public static func artifactKind(_ path: ExtensionBuild.Path) -> String? {
        switch path {
        case .full: "pybind_so"
        case .slim: "assay_slim"
        case .raw: "assay_raw"
        }
    }

    /// The artifact name of a raw candidate's build (worker `artifacts.RAW_ARTIFACT_NAME`).
    public static let rawArtifactName = "raw_kernel"

    /// A built request, or why none could be built.
    public enum Built: Sendable, Hashable {
        /// The `evaluate` request (its `id` is set by the pool).
        case request(JSONObject)
        /// A reason with code `unsupported_artifact` (the worker cannot load one of the builds)
        /// or `not_compiled`.
        case refused(Reason)
    }

    /// The `evaluate` request for a compiled candidate, or why none can be built.
    public static func make(
        problemSource: String, problemName: String?, report: KernelCompileReport, candidateHash: String,
        options: KernelEvaluationOptions
    ) -> Built {
        guard let candidate = report.check.candidate, report.verdict.status == .compiled else {
            return .refused(Reason(code: "not_compiled", message: "only a compiled candidate can be evaluated"))
        }
        if candidate.format == .rawKernel && report.builds.count != 1 {
            return .refused(Reason(code: "unsupported_artifact", message: "a raw-kernel candidate needs exactly one raw build"))
        }
        var artifacts: [(String, JSONValue)] = []
        for build in report.builds {
            guard let kind = artifactKind(build.path), let directory = build.directory, let library = build.library else {
                return .refused(Reason(code: "unsupported_artifact", message: "build \(build.name) has no loadable library"))
            }
            guard options.workerArtifactKinds.contains(kind) else {
                return .refused(Reason(
                    code: "unsupported_artifact",
                    message: "extension \(build.name) was built on the \(build.path.rawValue) path (artifact kind \(kind)), "
                        + "which the GPU worker cannot load: register a `\(kind)` loader in "
                        + "worker/assay_worker/artifacts.py LOADERS" + (build.path == .raw ? "" : ", or compile with --path full")))
            }
            switch candidate.format {
            case .rawKernel:
                // The build directory (cubin, plan.json, manifest.json); the digest is the build's
                // content address, which the worker checks against the directory's manifest.
                guard build.path == .raw else {
                    return .refused(Reason(code: "unsupported_artifact", message: "a raw-kernel candidate needs exactly one raw build"))
                }
                artifacts.append((rawArtifactName, .object(JSONObject([
                    ("kind", .string(kind)), ("path", .string(directory)), ("digest", .string(build.key)),
                ]))))
            case .inlineExtension:
                guard build.path != .raw, let extensionCall = report.check.extensions.first(where: { $0.name == build.name }) else {
                    return .refused(Reason(code: "unsupported_artifact", message: "no load_inline call named \(build.name)"))
                }
                artifacts.append((build.name, .object(JSONObject([
                    ("kind", .string(kind)), ("path", .string(directory + "/" + library)),
                    ("digest", .string(LoadInlineDigest.digest(extensionCall))),
                ]))))
            }
        }
        var candidateFields: [(String, JSONValue)] = [("source", .string(candidate.source)), ("name", .string(candidateHash))]
        if candidate.format == .rawKernel { candidateFields.append(("format", .string("raw_kernel"))) }
        var problem: [(String, JSONValue)] = [("source", .string(problemSource))]
        if let problemName { problem.append(("name", .string(problemName))) }
        return .request(JSONObject([
            ("id", .string("pending")), ("kind", .string("evaluate")),
            ("problem", .object(JSONObject(problem))),
            ("candidate", .object(JSONObject(candidateFields))),
            ("artifacts", .object(JSONObject(artifacts))),
            ("allow_jit", .bool(false)),
            ("correctness", .object(JSONObject([("trials", .number(Double(options.trials)))]))),
            ("timing", .object(JSONObject([
                ("enabled", .bool(options.timing)), ("baselines", .array(options.baselines.map { .string($0) })),
            ]))),
            ("checks", .object(JSONObject([("profiler", .bool(options.profiler))]))),
            ("timeouts", .object(JSONObject([("total_s", .number(options.totalSeconds))]))),
        ]))
    }
}
