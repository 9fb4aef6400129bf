public import AssayCore

extension Verdict {
    /// The verdict's common fields as ordered JSON members: status, passed, reward, reasons.
    func jsonMembers() -> [(String, JSONValue)] {
        [
            ("status", .string(status.rawValue)),
            ("passed", .bool(passed)),
            ("reward", .number(reward)),
            ("reasons", .array(reasons.map { .object(JSONObject([("code", .string($0.code)), ("message", .string($0.message))])) })),
        ]
    }

    func stagesJSON() -> JSONValue {
        .array(stages.map { .object(JSONObject([("stage", .string($0.stage)), ("seconds", .number(($0.seconds * 1e6).rounded() / 1e6))])) })
    }
}

extension Finding {
    /// The finding as a JSON object.
    public var json: JSONValue {
        .object(JSONObject([
            ("code", .string(code)), ("severity", .string(severity.rawValue)), ("message", .string(message)),
            ("line", line.map { .number(Double($0)) } ?? .null),
        ]))
    }
}

extension KernelCheckReport {
    /// The report as the JSON object `assay kernel check` prints.
    public var json: JSONValue {
        var members = verdict.jsonMembers()
        members.append(("format", candidate.map { .string($0.format.rawValue) } ?? .null))
        members.append(("truncated", .bool(candidate?.truncated ?? false)))
        members.append(("findings", .array(findings.map(\.json))))
        members.append(("extensions", .array(extensions.map { ext in
            .object(JSONObject([
                ("name", ext.name.map { .string($0) } ?? .null), ("line", .number(Double(ext.line))),
                ("functions", .array(ext.functions.map { .string($0) })),
            ]))
        })))
        if let rawPlan {
            members.append(("raw_kernels", .array(rawPlan.launches.map { .string($0.kernel) })))
        }
        members.append(("notes", .array((candidate?.notes ?? []).map { .string($0) })))
        members.append(("stages", verdict.stagesJSON()))
        members.append(("feedback", .string(feedback)))
        return .object(JSONObject(members))
    }
}
