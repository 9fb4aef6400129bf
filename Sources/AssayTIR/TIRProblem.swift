/// A problem for tool-integrated reasoning: an id, the statement and the gold answer.
public struct TIRProblem: Sendable, Hashable {
    /// The problem's id (a JSON string or number in the input, kept as text).
    public var id: String
    /// The problem statement given to the model.
    public var problem: String
    /// The gold answer, as the dataset stores it.
    public var gold: String

    /// Creates a problem.
    public init(id: String, problem: String, gold: String) {
        self.id = id
        self.problem = problem
        self.gold = gold
    }
}
