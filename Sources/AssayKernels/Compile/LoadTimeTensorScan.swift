/// Finds tensors that a candidate's C++ creates when its library is loaded, which the slim path
/// cannot serve.
///
/// Tensors kept between calls are fine on the slim path: after each call the loader asks the
/// library which tensors it still holds and keeps those torch tensors alive (slim ABI 2,
/// `assay_live_handles`), as load_inline's reference-counted tensors are. What the slim path
/// cannot do is run a torch operation outside a call: a namespace-scope tensor (or an object
/// holding tensors) whose initializer allocates, `torch::Tensor w = torch::zeros({4});`, runs
/// while the library loads, before any call has a context. load_inline runs it; such candidates
/// are built on the full path instead. Function-local statics are initialized during a call and
/// stay on the slim path.
///
/// The scan works on tokens with comments and literals removed. A type holds tensors when it is
/// `Tensor` or a struct/class whose body names such a type; it does torch work when its body calls
/// a `torch::`/`at::`/`c10::` function or a tensor factory by name (a member initializer, a
/// constructor). A namespace-scope declaration naming a tensor-holding type counts when its
/// initializer calls anything but the constructor of a type doing no torch work (`new Last()` is
/// fine, `make_table()` may allocate), or when it names a type that does torch work.
struct LoadTimeTensorScan: Sendable {
    /// Tensor factories, found by their bare names.
    static let factories: Set<String> = [
        "empty", "empty_like", "empty_strided", "zeros", "zeros_like", "ones", "ones_like", "full", "full_like",
        "rand", "randn", "randint", "rand_like", "randn_like", "arange", "linspace", "eye", "tensor", "from_blob",
    ]

    /// The first declaration of `sources` that creates a tensor when the library loads,
    /// shortened, or nil.
    static func firstLoadTimeTensor(in sources: [String]) -> String? {
        let tokens = sources.flatMap { SourceTokens.tokenize(SourceTokens.removingComments($0, literals: true, directives: true)) }
        let bodies = typeBodies(tokens)
        let holders = tensorHoldingTypes(bodies)
        let working = Set(bodies.filter { holders.contains($0.name) && callsTorch($0.tokens) }.map(\.name))
        let quiet = holders.subtracting(working)
        enum Block { case namespace, type, code }
        var stack: [Block] = []
        var statement: [String] = []
        var parens = 0
        var initializerBraces = 0
        for token in tokens {
            switch token {
            case "(", ")":
                parens += token == "(" ? 1 : -1
                statement.append(token)
            case "{" where parens > 0 || initializerBraces > 0 || statement.contains("="):
                initializerBraces += 1
                statement.append(token)
            case "}" where initializerBraces > 0:
                initializerBraces -= 1
                statement.append(token)
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
                parens = 0
            case "}":
                if !stack.isEmpty { stack.removeLast() }
                statement = []
                parens = 0
            case ";" where parens > 0:
                statement.append(token)
            case ";":
                defer { statement = [] }
                guard stack.allSatisfy({ $0 == .namespace }), let first = statement.first,
                    !["using", "typedef", "extern", "template", "friend", "return"].contains(first),
                    statement.contains(where: holders.contains), let initializer = initializerTokens(statement)
                else { continue }
                if initializerCalls(initializer, quiet: quiet) || statement.contains(where: working.contains) {
                    return String(statement.joined(separator: " ").prefix(120))
                }
            default:
                statement.append(token)
            }
        }
        return nil
    }

    /// A namespace-scope declaration's initializer: the tokens after its first `=`; from its
    /// first `(` when the parentheses hold an expression (nested parentheses or braces:
    /// `torch::Tensor t(torch::zeros({4}))`) rather than parameters; from its first `{` (brace
    /// initialization); empty when it has none. Nil for a function declaration.
    static func initializerTokens(_ statement: [String]) -> ArraySlice<String>? {
        let open = statement.firstIndex(of: "(")
        if let equals = statement.firstIndex(of: "="), open.map({ equals < $0 }) ?? true {
            return statement[(equals + 1)...]
        }
        if let open {
            let inside = statement[(open + 1)...]
            return inside.contains("(") || inside.contains("{") ? statement[open...] : nil
        }
        if let brace = statement.firstIndex(of: "{") { return statement[brace...] }
        return []
    }

    /// Whether an initializer calls anything but the constructor of a type that does no torch
    /// work (`new Last()`, `torch::Tensor()`): any other call may allocate a tensor.
    static func initializerCalls(_ tokens: ArraySlice<String>, quiet: Set<String>) -> Bool {
        let harmless: Set<String> = ["sizeof", "alignof", "decltype", "new", "Tensor"]
        return zip(tokens, tokens.dropFirst()).contains { name, next in
            next == "(" && SourceTokens.isIdentifier(name) && !quiet.contains(name) && !harmless.contains(name)
        }
    }

    /// Whether `tokens` call torch, ATen or c10 (`torch::zeros(`, `at::native::x(`) or a tensor
    /// factory by its bare name (`zeros(`).
    static func callsTorch(_ tokens: [String]) -> Bool {
        for i in tokens.indices.dropLast() where tokens[i + 1] == "(" && SourceTokens.isIdentifier(tokens[i]) {
            let name = tokens[i]
            if factories.contains(name) { return true }
            guard name != "Tensor", i >= 3, tokens[i - 1] == ":", tokens[i - 2] == ":" else { continue }
            var j = i - 3   // walk back over the qualifiers
            while j >= 3, tokens[j - 1] == ":", tokens[j - 2] == ":" { j -= 3 }
            if ["torch", "at", "c10"].contains(tokens[j]) { return true }
        }
        return false
    }

    /// `Tensor`, and the struct/class names whose bodies name a tensor-holding type.
    static func tensorHoldingTypes(_ bodies: [(name: String, tokens: [String])]) -> Set<String> {
        let named = bodies.map { (name: $0.name, body: Set($0.tokens)) }
        var holders: Set<String> = ["Tensor"]
        var changed = true
        while changed {
            changed = false
            for (name, body) in named where !holders.contains(name) && !body.isDisjoint(with: holders) {
                holders.insert(name)
                changed = true
            }
        }
        return holders
    }

    /// Every struct/class with a body: its name and the tokens of the body, braces included.
    static func typeBodies(_ tokens: [String]) -> [(name: String, tokens: [String])] {
        var bodies: [(name: String, tokens: [String])] = []
        var i = 0
        while i < tokens.count {
            if ["struct", "class"].contains(tokens[i]), i + 2 < tokens.count, SourceTokens.isIdentifier(tokens[i + 1]) {
                var j = i + 2
                while j < tokens.count, tokens[j] != "{", tokens[j] != ";" { j += 1 }
                if j < tokens.count, tokens[j] == "{" {
                    var depth = 0
                    var body: [String] = []
                    var k = j
                    repeat {
                        if tokens[k] == "{" { depth += 1 } else if tokens[k] == "}" { depth -= 1 }
                        body.append(tokens[k])
                        k += 1
                    } while k < tokens.count && depth > 0
                    bodies.append((tokens[i + 1], body))
                }
            }
            i += 1
        }
        return bodies
    }
}
