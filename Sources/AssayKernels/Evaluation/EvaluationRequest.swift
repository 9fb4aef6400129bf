public import AssayCore

/// Builds the worker's `evaluate` request for a compiled candidate (worker/README.md,
/// protocol 1): the problem, the candidate's Python, and the artifact map that hands each
/// prebuilt extension to the candidate's `load_inline` call.
public enum EvaluationRequest {
    /// The artifact kind of a build, as the worker's `artifacts.LOADERS` names it: a full build
    /// is the pybind11 module load_inline itself builds (`pybind_so`); a slim build is loaded by
    /// `assay_slim` (worker/assay_kernels/slim_loader.py). Raw builds have no kind: the worker
    /// evaluates a Python `ModelNew`, which a raw candidate does not define.
    public static func artifactKind(_ path: ExtensionBuild.Path) -> String? {
        switch path {
        case .full: "pybind_so"
        case .slim: "assay_slim"
        case .raw: nil
        }
    }

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
        guard candidate.format == .inlineExtension else {
            return .refused(Reason(
                code: "unsupported_artifact",
                message: "raw-kernel candidates cannot be evaluated yet: the worker evaluates a Python ModelNew, "
                    + "and no ModelNew wrapper around worker/assay_kernels/raw_launcher.py exists"))
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
                        + "worker/assay_worker/artifacts.py LOADERS, or compile with --path full"))
            }
            guard let extensionCall = report.check.extensions.first(where: { $0.name == build.name }) else {
                return .refused(Reason(code: "unsupported_artifact", message: "no load_inline call named \(build.name)"))
            }
            artifacts.append((build.name, .object(JSONObject([
                ("kind", .string(kind)), ("path", .string(directory + "/" + library)),
                ("digest", .string(LoadInlineDigest.digest(extensionCall))),
            ]))))
        }
        var problem: [(String, JSONValue)] = [("source", .string(problemSource))]
        if let problemName { problem.append(("name", .string(problemName))) }
        return .request(JSONObject([
            ("id", .string("pending")), ("kind", .string("evaluate")),
            ("problem", .object(JSONObject(problem))),
            ("candidate", .object(JSONObject([("source", .string(candidate.source)), ("name", .string(candidateHash))]))),
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
