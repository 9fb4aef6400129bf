import Foundation

/// Which standard-library headers the slim torch header includes for one extension.
///
/// The full torch headers make most of the C++ standard library visible to a candidate, and
/// parsing it is most of what the slim header costs nvcc (about half a second each for
/// `<string>`, `<memory>` or `<iostream>` under C++20). The slim header itself needs only cheap
/// headers; the rest is included when the candidate's sources name something from it
/// (`std::vector`, `std::cout`, ...). Half-precision CUDA headers likewise, when the sources
/// mention half or bfloat16 types or intrinsics. The scan is deliberately coarse: a
/// candidate that needs something it misses fails to compile, and the service then builds it
/// again with ``everything`` (the header's behaviour without selection), so a miss costs time,
/// never a verdict.
struct SlimLibrarySelection: Sendable, Hashable {
    /// Optional parts of the header, each switched on by `-DASSAY_STD_<NAME>` (see torch_slim.h).
    enum Part: String, Sendable, Hashable, CaseIterable, Comparable {
        case algorithm = "ALGORITHM", array = "ARRAY", atomic = "ATOMIC", functional = "FUNCTIONAL"
        case iostream = "IOSTREAM", map = "MAP", memory = "MEMORY", numeric = "NUMERIC", sstream = "SSTREAM"
        case stdexcept = "STDEXCEPT", string = "STRING", tuple = "TUPLE", unorderedMap = "UNORDERED_MAP"
        case vector = "VECTOR"
        /// `cuda_fp16.h` and `cuda_bf16.h` (`-DASSAY_CUDA_FP16`).
        case cudaHalf = "CUDA_FP16"

        static func < (a: Part, b: Part) -> Bool { a.rawValue < b.rawValue }

        var define: String { self == .cudaHalf ? "-DASSAY_CUDA_FP16=1" : "-DASSAY_STD_\(rawValue)=1" }
    }

    /// Everything included: no selection flags at all.
    var everything: Bool
    /// The optional parts included (ignored when ``everything``).
    var parts: Set<Part>

    /// The header's default: the whole list, as torch makes it visible.
    static let all = SlimLibrarySelection(everything: true, parts: [])

    /// The compiler flags that select the parts (none for ``all``).
    var defines: [String] {
        everything ? [] : ["-DASSAY_SLIM_STD_SELECTIVE"] + parts.sorted().map(\.define)
    }

    /// A short description for reports: `all`, or the parts (`selected: string, vector`).
    var summary: String {
        if everything { return "all" }
        if parts.isEmpty { return "selected: none" }
        return "selected: " + parts.sorted().map { $0.rawValue.lowercased() }.joined(separator: ", ")
    }

    /// Chooses the parts that `sources` (cpp and CUDA sources of one extension) need.
    ///
    /// `using namespace std` and any `std::` name the table does not know select everything.
    static func scan(_ sources: [String]) -> SlimLibrarySelection {
        var parts: Set<Part> = []
        for text in sources {
            if text.range(of: #"using\s+namespace\s+std\b"#, options: .regularExpression) != nil { return .all }
            let tokens = SourceTokens.tokenize(text)
            for name in qualifiedStandardNames(tokens) {
                if core.contains(name) { continue }
                guard let part = owner[name] else { return .all }
                parts.insert(part)
            }
            if mentionsHalfPrecision(tokens) { parts.insert(.cudaHalf) }
        }
        return SlimLibrarySelection(everything: false, parts: parts)
    }

    /// The names after `std::` in `text` (also `::std::`, with spaces around `::`).
    static func qualifiedStandardNames(in text: String) -> Set<String> {
        qualifiedStandardNames(SourceTokens.tokenize(text))
    }

    private static func qualifiedStandardNames(_ tokens: [String]) -> Set<String> {
        var names: Set<String> = []
        for i in tokens.indices where tokens[i] == "std" && i + 3 < tokens.count
            && tokens[i + 1] == ":" && tokens[i + 2] == ":" && SourceTokens.isIdentifier(tokens[i + 3])
        {
            names.insert(tokens[i + 3])
        }
        return names
    }

    /// Whether `text` mentions 16-bit float types or intrinsics (`__half`, `at::Half`, `kBFloat16`,
    /// `__nv_bfloat16`, `__hadd`, `hexp`, `AT_DISPATCH_FLOATING_TYPES_AND_HALF`, ...).
    static func mentionsHalfPrecision(_ text: String) -> Bool { mentionsHalfPrecision(SourceTokens.tokenize(text)) }

    private static func mentionsHalfPrecision(_ tokens: [String]) -> Bool {
        tokens.contains { token in
            let lower = token.lowercased()
            return lower.contains("half") || lower.contains("bf16") || lower.contains("bfloat") || lower.hasPrefix("__nv_")
                || (lower.hasPrefix("__h") && lower != "__host__") || halfIntrinsics.contains(lower)
        }
    }

    private static let halfIntrinsics: Set<String> = [
        "hexp", "hexp2", "hexp10", "hlog", "hlog2", "hlog10", "hsqrt", "hrsqrt", "hrcp", "htanh", "hfloor", "hceil",
        "hsin", "hcos", "htrunc", "hrint", "habs",
    ]

    /// Names the slim header's own includes provide (C headers, `<cmath>`, `<type_traits>`,
    /// `<utility>`, `<optional>`, `<limits>`, `<exception>`, `<new>`, `<initializer_list>`).
    static let core: Set<String> = {
        let integers = ["int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
                        "intptr_t", "uintptr_t", "size_t", "ptrdiff_t", "nullptr_t", "max_align_t", "byte", "intmax_t",
                        "uintmax_t", "int_fast32_t", "int_fast64_t", "uint_fast32_t", "uint_fast64_t"]
        let cmath = ["abs", "fabs", "fabsf", "sqrt", "sqrtf", "cbrt", "exp", "expf", "exp2", "expm1", "log", "logf", "log2",
                     "log10", "log1p", "pow", "powf", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh",
                     "tanh", "tanhf", "asinh", "acosh", "atanh", "erf", "erfc", "floor", "ceil", "round", "lround", "llround",
                     "trunc", "fmod", "remainder", "fmin", "fmax", "fma", "isnan", "isinf", "isfinite", "signbit", "copysign",
                     "hypot", "lgamma", "tgamma", "nan", "nanf", "ldexp", "frexp", "modf", "nearbyint", "rint", "lrint"]
        let cstd = ["memcpy", "memset", "memmove", "memcmp", "strlen", "strcmp", "strncmp", "strcpy", "strncpy", "strcat",
                    "strchr", "strstr", "printf", "fprintf", "snprintf", "sprintf", "puts", "fputs", "fflush", "FILE",
                    "malloc", "calloc", "realloc", "free", "abort", "exit", "getenv", "atoi", "atol", "atof", "strtol",
                    "strtoll", "strtoul", "strtod", "qsort", "div", "labs", "llabs", "rand", "srand"]
        let traits = ["is_same", "is_same_v", "enable_if", "enable_if_t", "conditional", "conditional_t", "decay", "decay_t",
                      "remove_cv", "remove_cv_t", "remove_reference", "remove_reference_t", "remove_pointer", "remove_pointer_t",
                      "remove_const", "remove_const_t", "remove_cvref", "remove_cvref_t", "add_const_t", "add_pointer_t",
                      "is_integral", "is_integral_v", "is_floating_point", "is_floating_point_v", "is_arithmetic",
                      "is_arithmetic_v", "is_signed", "is_signed_v", "is_unsigned", "is_unsigned_v", "is_pointer",
                      "is_pointer_v", "is_const", "is_const_v", "is_void", "is_void_v", "is_trivially_copyable",
                      "is_trivially_copyable_v", "is_convertible", "is_convertible_v", "is_base_of", "is_base_of_v",
                      "integral_constant", "true_type", "false_type", "bool_constant", "common_type", "common_type_t",
                      "underlying_type", "underlying_type_t", "make_signed_t", "make_unsigned_t", "void_t", "declval",
                      "invoke_result", "invoke_result_t", "aligned_storage", "alignment_of", "is_empty", "extent", "rank"]
        let utility = ["move", "forward", "swap", "exchange", "pair", "make_pair", "index_sequence", "make_index_sequence",
                       "integer_sequence", "make_integer_sequence", "index_sequence_for", "as_const", "in_place",
                       "piecewise_construct"]
        let other = ["optional", "nullopt", "nullopt_t", "make_optional", "bad_optional_access", "numeric_limits",
                     "exception", "terminate", "bad_alloc", "nothrow", "nothrow_t", "launder", "initializer_list",
                     "float_round_style", "float_denorm_style"]
        return Set(integers + cmath + cstd + traits + utility + other)
    }()

    /// The optional part that declares each known name.
    static let owner: [String: Part] = {
        var table: [String: Part] = [:]
        func add(_ part: Part, _ names: [String]) { for name in names { table[name] = part } }
        add(.algorithm, ["min", "max", "minmax", "clamp", "sort", "stable_sort", "partial_sort", "nth_element", "fill", "fill_n",
                         "copy", "copy_n", "copy_if", "transform", "reverse", "find", "find_if", "count", "count_if",
                         "all_of", "any_of", "none_of", "min_element", "max_element", "minmax_element", "equal",
                         "lower_bound", "upper_bound", "binary_search", "unique", "remove", "remove_if", "replace",
                         "for_each", "generate", "rotate", "shuffle"])
        add(.array, ["array"])
        add(.atomic, ["atomic", "atomic_int", "atomic_bool", "memory_order", "memory_order_relaxed", "atomic_thread_fence"])
        add(.functional, ["function", "plus", "minus", "multiplies", "divides", "greater", "less", "greater_equal",
                          "less_equal", "equal_to", "not_equal_to", "hash", "bind", "ref", "cref", "reference_wrapper",
                          "invoke", "mem_fn", "logical_and", "logical_or", "negate", "modulus", "identity"])
        add(.iostream, ["cout", "cerr", "clog", "cin", "endl", "flush", "ostream", "istream", "ios", "ios_base", "iostream",
                        "setw", "setprecision", "fixed", "scientific", "hex", "dec", "boolalpha", "noshowpoint", "showpoint",
                        "streamsize"])
        add(.map, ["map", "multimap"])
        add(.memory, ["shared_ptr", "unique_ptr", "weak_ptr", "make_shared", "make_unique", "allocator", "addressof",
                      "enable_shared_from_this", "default_delete", "static_pointer_cast", "dynamic_pointer_cast",
                      "uninitialized_copy", "uninitialized_fill"])
        add(.numeric, ["accumulate", "iota", "inner_product", "partial_sum", "adjacent_difference", "gcd", "lcm", "reduce",
                       "transform_reduce", "exclusive_scan", "inclusive_scan"])
        add(.sstream, ["stringstream", "ostringstream", "istringstream", "basic_stringstream", "basic_ostringstream"])
        add(.stdexcept, ["runtime_error", "invalid_argument", "out_of_range", "logic_error", "domain_error", "length_error",
                         "overflow_error", "underflow_error", "range_error"])
        add(.string, ["string", "wstring", "u16string", "u32string", "basic_string", "string_view", "to_string", "to_wstring",
                      "stoi", "stol", "stoll", "stoul", "stoull", "stof", "stod", "stold", "getline", "char_traits"])
        add(.tuple, ["tuple", "make_tuple", "get", "tie", "tuple_size", "tuple_element", "forward_as_tuple", "apply",
                     "tuple_cat", "ignore", "tuple_size_v"])
        add(.unorderedMap, ["unordered_map", "unordered_multimap"])
        add(.vector, ["vector"])
        return table
    }()
}
