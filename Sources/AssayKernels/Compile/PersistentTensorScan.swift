/// Finds tensors that a candidate's C++ keeps alive between calls (static or namespace-scope
/// storage), which the slim path cannot serve.
///
/// On the slim path a `torch::Tensor` describes a torch tensor that the loader holds only for
/// the duration of one call; a tensor kept in a `static` variable, a global, or an object
/// reached through one would point at memory torch has freed by the next call. load_inline's
/// tensors own their storage, so such code is legal there (a persistent workspace, or a cache:
/// the worker's caching check must see it behave as it would under load_inline). Candidates
/// that do this are built on the full path instead.
///
/// The scan works on tokens with comments and literals removed: a type holds tensors when it is
/// `Tensor` or a struct/class whose body names such a type; a declaration (ending in `;`, no `(`
/// before its initializer, so not a function) keeps one when it names such a type and is
/// `static`/`thread_local`, or stands at namespace scope.
struct PersistentTensorScan: Sendable {
    /// The first offending declaration of `sources`, shortened, or nil.
    static func firstPersistentTensor(in sources: [String]) -> String? {
        let tokens = sources.flatMap { SourceTokens.tokenize(SourceTokens.removingComments($0, literals: true, directives: true)) }
        let holders = tensorHoldingTypes(tokens)
        enum Block { case namespace, type, code }
        var stack: [Block] = []
        var statement: [String] = []
        for token in tokens {
            switch token {
            case "{":
                let kind: Block
                if statement.contains("namespace") || (statement.first == "extern" && statement.count <= 2) {
                    kind = .namespace
                } else if statement.contains(where: { ["struct", "class", "union"].contains($0) }) && !statement.contains("(") {
                    kind = .type
                } else {
                    kind = .code
                }
                stack.append(kind)
                statement = []
            case "}":
                if !stack.isEmpty { stack.removeLast() }
                statement = []
            case ";":
                defer { statement = [] }
                let head = statement.prefix { $0 != "=" }
                guard !head.contains("("), let first = statement.first,
                    !["using", "typedef", "extern", "template", "friend", "return"].contains(first),
                    statement.contains(where: holders.contains)
                else { continue }
                let atNamespaceScope = stack.allSatisfy { $0 == .namespace }
                if statement.contains("static") || statement.contains("thread_local") || atNamespaceScope {
                    return String(statement.joined(separator: " ").prefix(120))
                }
            default:
                statement.append(token)
            }
        }
        return nil
    }

    /// `Tensor`, and the struct/class names whose bodies name a tensor-holding type.
    static func tensorHoldingTypes(_ tokens: [String]) -> Set<String> {
        var bodies: [(name: String, body: Set<String>)] = []
        var i = 0
        while i < tokens.count {
            if ["struct", "class"].contains(tokens[i]), i + 2 < tokens.count, SourceTokens.isIdentifier(tokens[i + 1]) {
                var j = i + 2
                while j < tokens.count, tokens[j] != "{", tokens[j] != ";" { j += 1 }
                if j < tokens.count, tokens[j] == "{" {
                    var depth = 0
                    var body: Set<String> = []
                    var k = j
                    repeat {
                        if tokens[k] == "{" { depth += 1 } else if tokens[k] == "}" { depth -= 1 } else { body.insert(tokens[k]) }
                        k += 1
                    } while k < tokens.count && depth > 0
                    bodies.append((tokens[i + 1], body))
                }
            }
            i += 1
        }
        var holders: Set<String> = ["Tensor"]
        var changed = true
        while changed {
            changed = false
            for (name, body) in bodies where !holders.contains(name) && !body.isDisjoint(with: holders) {
                holders.insert(name)
                changed = true
            }
        }
        return holders
    }
}
