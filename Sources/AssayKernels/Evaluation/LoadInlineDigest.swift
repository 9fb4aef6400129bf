/// The digest the worker checks before it hands a prebuilt artifact to a candidate's
/// `load_inline` call (`worker/assay_worker/digest.py`, framing `assay-load-inline-v1`).
///
/// SHA-256 over the magic line, then for each field in order `"<field> <count>\n"` followed by
/// `"<utf8 byte length>\n" + utf8 + "\n"` per string. The extension's `name` is not hashed.
enum LoadInlineDigest {
    /// The digest of load_inline's arguments, each already normalised to a list of strings.
    static func digest(
        cppSources: [String], cudaSources: [String], functions: [String], extraCflags: [String] = [],
        extraCudaCflags: [String] = [], extraLdflags: [String] = [], extraIncludePaths: [String] = []
    ) -> String {
        var hash = SHA256Hasher()
        hash.update("assay-load-inline-v1\n".utf8)
        let fields: [(String, [String])] = [
            ("cpp_sources", cppSources), ("cuda_sources", cudaSources), ("functions", functions),
            ("extra_cflags", extraCflags), ("extra_cuda_cflags", extraCudaCflags),
            ("extra_ldflags", extraLdflags), ("extra_include_paths", extraIncludePaths),
        ]
        for (field, items) in fields {
            hash.update("\(field) \(items.count)\n".utf8)
            for item in items {
                hash.update("\(item.utf8.count)\n".utf8)
                hash.update(item.utf8)
                hash.update([0x0A])
            }
        }
        return hash.hexDigest()
    }

    /// The digest of one statically resolved `load_inline` call: each source string is the
    /// concatenation of its pieces, as Python evaluated it.
    static func digest(_ call: InlineExtension) -> String {
        digest(
            cppSources: call.cppSourceTexts, cudaSources: call.cudaSourceTexts,
            functions: call.functions, extraCflags: call.extraCflags,
            extraCudaCflags: call.extraCudaCflags, extraLdflags: call.extraLdflags)
    }
}
