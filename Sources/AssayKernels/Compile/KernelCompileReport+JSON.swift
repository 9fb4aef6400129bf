public import AssayCore

extension ExtensionBuild {
    /// The build as a JSON object.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("name", .string(name)), ("path", .string(path.rawValue)), ("status", .string(status.rawValue)),
            ("functions", .array(functions.map { .string($0) })), ("cached", .bool(cached)),
            ("seconds", .number((seconds * 1e4).rounded() / 1e4)), ("key", .string(key)),
            ("library", (directory != nil && library != nil) ? .string(directory! + "/" + library!) : .null),
        ]
        if let fallbackReason { members.append(("fallback_reason", .string(fallbackReason))) }
        if let standardLibrary { members.append(("standard_library", .string(standardLibrary))) }
        if !diagnostics.isEmpty { members.append(("diagnostics", .string(diagnostics))) }
        return .object(JSONObject(members))
    }
}

extension KernelCompileReport {
    /// The report as the JSON object `assay kernel compile` prints.
    public var json: JSONValue {
        var members = verdict.jsonMembers()
        members.append(("format", check.candidate.map { .string($0.format.rawValue) } ?? .null))
        members.append(("findings", .array(check.findings.map(\.json))))
        members.append(("builds", .array(builds.map(\.json))))
        members.append(("stages", verdict.stagesJSON()))
        members.append(("feedback", .string(feedback)))
        return .object(JSONObject(members))
    }
}
