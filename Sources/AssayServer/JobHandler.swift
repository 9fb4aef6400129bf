import AssayCore
import AssayStore

/// One kind of job (`math.grade`, later `kernels.eval`): how a submission is read and how
/// its items are checked.
///
/// A new kind plugs into ``JobRunner`` and the jobs API by conforming to this protocol; the
/// storage, resumption, progress and event stream are shared.
protocol JobHandler: Sendable {
    /// The kind's name, as clients send it in `kind`.
    var kind: String { get }
    /// The fields a submission of this kind may carry besides `kind`, `run` and `step`.
    var submissionFields: Set<String> { get }
    /// Reads a submission's items and options.
    func parse(_ body: FieldReader, maxItems: Int) throws(APIError) -> (items: [CheckItem], options: JSONObject)
    /// Checks a chunk of items with the options the job was submitted with.
    func check(_ items: [JobItem], options: JSONObject) async -> [CheckOutcome]
}
