public import AssayCore

extension Verdict.Status {
    /// The Python of the candidate does not parse.
    public static let syntaxError: Verdict.Status = "syntax_error"
    /// A static check rejected the candidate (a hack or a forbidden construct); nothing was compiled.
    public static let rejected: Verdict.Status = "rejected"
    /// Extraction and static checks passed (the end state of `assay kernel check`).
    public static let checked: Verdict.Status = "checked"
    /// The candidate's CUDA/C++ sources did not compile.
    public static let compileError: Verdict.Status = "compile_error"
    /// Every extension of the candidate compiled (the end state of `assay kernel compile`).
    public static let compiled: Verdict.Status = "compiled"
}
