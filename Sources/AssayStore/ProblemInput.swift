/// A problem as the store identifies it: its domain, its reference (gold answer, test
/// harness, reference kernel) and optionally the prompt the model saw.
///
/// The identity is the content: two requests with the same domain, prompt and reference are
/// the same problem whatever label they carry.
public struct ProblemInput: Sendable, Hashable {
    /// The domain, such as `math`, `python` or `kernels`.
    public var domain: String
    /// What candidates are checked against.
    public var reference: String
    /// The prompt, when the caller sent it.
    public var prompt: String?
    /// The caller's own name for the problem (a dataset id); kept from the first time the
    /// problem is seen, not part of its identity.
    public var label: String?

    /// Creates a problem.
    public init(domain: String, reference: String, prompt: String? = nil, label: String? = nil) {
        self.domain = domain
        self.reference = reference
        self.prompt = prompt
        self.label = label
    }

    /// The content address: SHA-256 over the normalised domain, prompt and reference.
    public var id: ContentHash {
        ContentHash.of(parts: [domain, prompt ?? "", reference])
    }
}
