public import AssayCore

extension TIRProblem {
    /// Reads a problem from a JSON-lines record with `id`, `problem` and `gold`.
    ///
    /// - Throws: ``JSONLineError`` naming the missing or mistyped field.
    public init(record: JSONObject) throws(JSONLineError) {
        func text(_ key: String) throws(JSONLineError) -> String {
            switch record[key] {
            case .string(let s)?: return s
            case .number(let n)? where key != "problem": return n == n.rounded() ? String(Int64(n)) : "\(n)"
            case .numberLiteral(let s)?: return s
            case nil: throw JSONLineError(message: "missing field \"\(key)\"")
            case let other?: throw JSONLineError(message: "\"\(key)\" must be a string, found a \(other.typeName)")
            }
        }
        self.init(id: try text("id"), problem: try text("problem"), gold: try text("gold"))
    }
}
