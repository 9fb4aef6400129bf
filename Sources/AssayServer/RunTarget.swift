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

    /// 1 to 200 Unicode scalars, none a control character (C0, DEL or C1): the
    /// `RunName` pattern in openapi.yaml.
    static func isValidName(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        return !scalars.isEmpty && scalars.count <= 200 && !scalars.contains(where: isControl)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    static func nameRule(_ name: String) -> String {
        let scalars = name.unicodeScalars
        if scalars.contains(where: isControl) { return "\"run\" must not contain control characters" }
        return "\"run\" must be 1 to 200 characters, found \(scalars.count)"
    }
}
