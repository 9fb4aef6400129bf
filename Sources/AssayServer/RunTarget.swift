import Hummingbird

/// Which run and training step a request's verdicts belong to: the body's `run` and `step`
/// fields, else the `?run=` and `?step=` query parameters (handy for OpenRLHF's fixed body),
/// else the server's default run.
struct RunTarget: Sendable, Hashable {
    var run: String
    var step: Int?

    static let maxStep = 1 << 40

    static func resolve(body: FieldReader?, request: Request, defaultRun: String) throws(APIError) -> RunTarget {
        let query = request.uri.queryParameters
        var run = defaultRun
        if let name = query["run"].map(String.init) {
            guard Self.isValidName(name) else { throw .invalid(Self.nameRule(name)) }
            run = name
        }
        var step: Int?
        if let text = query["step"].map(String.init) {
            guard let value = Int(text), (0...maxStep).contains(value) else {
                throw .invalid("query parameter \"step\" must be a non-negative integer, found \"\(text)\"")
            }
            step = value
        }
        if let body {
            if let name = try body.optionalString("run") {
                guard Self.isValidName(name) else { throw .invalid(Self.nameRule(name)) }
                run = name
            }
            if let value = try body.optionalInteger("step", in: 0...maxStep) { step = value }
        }
        return RunTarget(run: run, step: step)
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 200 && !name.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    static func nameRule(_ name: String) -> String {
        "\"run\" must be 1 to 200 characters without control characters, found \(name.count) characters"
    }
}
