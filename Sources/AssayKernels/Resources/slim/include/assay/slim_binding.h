// Assay slim binding: C entry points for the functions a candidate lists in `functions=[...]`,
// replacing the pybind11 module that load_inline generates.
//
// Assay generates, after the candidate's cpp_sources:
//   ASSAY_BINDINGS_BEGIN
//   ASSAY_BIND(0, relu_cuda)
//   ASSAY_BINDINGS_END
// which defines two exported C functions:
//   const char* assay_describe(void);   // "relu_cuda(T)->T;other(T,d)->L" (see signature codes)
//   int32_t assay_call(int32_t index, const AssayCallContext*, const AssayValue* args, int32_t nargs,
//                      AssayValue* rets, int32_t max_rets, int32_t* nrets, char* err, int32_t errlen);
// The C++ compiler deduces each function's signature from its declaration, exactly as pybind11
// would; a parameter or return type outside the table below fails to compile (static_assert),
// and Assay then builds with the full torch headers and pybind11 instead.
//
// Signature codes: T tensor, O optional tensor (None allowed), i integer, d floating point,
// b bool, v void (return only), L std::vector of tensors (return only), U std::tuple of tensors
// (return only).
// Error kinds returned by assay_call, matching pybind11's exception translation:
// 1 RuntimeError (c10::Error, std::exception), 2 ValueError (invalid_argument, domain_error,
// length_error, range_error), 3 IndexError (out_of_range), 4 MemoryError (bad_alloc),
// 5 TypeError (argument conversion), 6 OverflowError (overflow_error), 7 NotImplementedError.
#pragma once

#include <assay/torch_slim.h>
// The binding itself needs these; they come after the candidate's sources in main.cpp, so they
// do not change what the candidate sees.
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace assay {
namespace binding {

template <typename T>
struct always_false : std::false_type {};

class ArgumentError : public std::exception {
   public:
    explicit ArgumentError(std::string m) : m_(std::move(m)) {}
    const char* what() const noexcept override { return m_.c_str(); }

   private:
    std::string m_;
};

template <typename T, typename Enable = void>
struct Arg {
    static_assert(always_false<T>::value, "Assay slim binding: unsupported parameter type");
};
template <>
struct Arg<at::Tensor> {
    static constexpr char code = 'T';
    static at::Tensor get(const AssayValue& v, int i) {
        if (v.kind != ASSAY_TENSOR) throw ArgumentError("argument " + std::to_string(i) + " must be a Tensor");
        return at::Tensor(v.t);
    }
};
template <>
struct Arg<std::optional<at::Tensor>> {
    static constexpr char code = 'O';
    static std::optional<at::Tensor> get(const AssayValue& v, int i) {
        if (v.kind == ASSAY_NONE) return std::nullopt;
        return Arg<at::Tensor>::get(v, i);
    }
};
template <typename T>
struct Arg<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
    static constexpr char code = 'i';
    static T get(const AssayValue& v, int i) {
        if (v.kind != ASSAY_INT) throw ArgumentError("argument " + std::to_string(i) + " must be an int");
        if (v.i < static_cast<int64_t>(std::numeric_limits<T>::min()) ||
            (v.i > 0 && static_cast<uint64_t>(v.i) > static_cast<uint64_t>(std::numeric_limits<T>::max()))) {
            throw ArgumentError("argument " + std::to_string(i) + " is out of range for its C++ type");
        }
        return static_cast<T>(v.i);
    }
};
template <typename T>
struct Arg<T, std::enable_if_t<std::is_floating_point_v<T>>> {
    static constexpr char code = 'd';
    static T get(const AssayValue& v, int i) {
        if (v.kind == ASSAY_DOUBLE) return static_cast<T>(v.d);
        if (v.kind == ASSAY_INT) return static_cast<T>(v.i);
        throw ArgumentError("argument " + std::to_string(i) + " must be a float");
    }
};
template <>
struct Arg<bool> {
    static constexpr char code = 'b';
    static bool get(const AssayValue& v, int i) {
        if (v.kind != ASSAY_BOOL) throw ArgumentError("argument " + std::to_string(i) + " must be a bool");
        return v.i != 0;
    }
};

inline void put_tensor(AssayValue& out, const at::Tensor& t) {
    if (!t.defined()) {
        out.kind = ASSAY_NONE;
        return;
    }
    out.kind = ASSAY_TENSOR;
    out.t = t.assay_desc();
}

template <typename R, typename Enable = void>
struct Ret {
    static_assert(always_false<R>::value, "Assay slim binding: unsupported return type");
};
template <>
struct Ret<void> {
    static constexpr const char* code = "v";
};
template <>
struct Ret<at::Tensor> {
    static constexpr const char* code = "T";
    static int32_t put(const at::Tensor& t, AssayValue* rets, int32_t cap) {
        if (cap < 1) throw std::length_error("no room for the result");
        put_tensor(rets[0], t);
        return 1;
    }
};
template <>
struct Ret<std::vector<at::Tensor>> {
    static constexpr const char* code = "L";
    static int32_t put(const std::vector<at::Tensor>& ts, AssayValue* rets, int32_t cap) {
        if (static_cast<int64_t>(ts.size()) > cap) throw std::length_error("too many tensors in the result");
        for (size_t k = 0; k < ts.size(); ++k) put_tensor(rets[k], ts[k]);
        return static_cast<int32_t>(ts.size());
    }
};
template <typename... Ts>
struct Ret<std::tuple<Ts...>, std::enable_if_t<(std::is_same_v<Ts, at::Tensor> && ...)>> {
    static constexpr const char* code = "U";
    static int32_t put(const std::tuple<Ts...>& ts, AssayValue* rets, int32_t cap) {
        if (static_cast<int32_t>(sizeof...(Ts)) > cap) throw std::length_error("too many tensors in the result");
        int32_t k = 0;
        std::apply([&](const auto&... t) { ((put_tensor(rets[k++], t)), ...); }, ts);
        return k;
    }
};
template <typename R>
struct Ret<R, std::enable_if_t<std::is_integral_v<R> && !std::is_same_v<R, bool>>> {
    static constexpr const char* code = "i";
    static int32_t put(R r, AssayValue* rets, int32_t) {
        rets[0].kind = ASSAY_INT;
        rets[0].i = static_cast<int64_t>(r);
        return 1;
    }
};
template <typename R>
struct Ret<R, std::enable_if_t<std::is_floating_point_v<R>>> {
    static constexpr const char* code = "d";
    static int32_t put(R r, AssayValue* rets, int32_t) {
        rets[0].kind = ASSAY_DOUBLE;
        rets[0].d = static_cast<double>(r);
        return 1;
    }
};
template <>
struct Ret<bool> {
    static constexpr const char* code = "b";
    static int32_t put(bool r, AssayValue* rets, int32_t) {
        rets[0].kind = ASSAY_BOOL;
        rets[0].i = r ? 1 : 0;
        return 1;
    }
};

template <typename T>
using Clean = std::remove_cv_t<std::remove_reference_t<T>>;

template <typename R, typename... A>
std::string signature(R (*)(A...)) {
    std::string s = "(";
    ((s += Arg<Clean<A>>::code), ...);
    s += ")->";
    s += Ret<Clean<R>>::code;
    return s;
}

template <typename R, typename... A, size_t... I>
int32_t invoke_impl(R (*fn)(A...), const AssayValue* args, AssayValue* rets, int32_t cap,
                    std::index_sequence<I...>) {
    if constexpr (std::is_void_v<R>) {
        fn(Arg<Clean<A>>::get(args[I], static_cast<int>(I))...);
        return 0;
    } else {
        return Ret<Clean<R>>::put(fn(Arg<Clean<A>>::get(args[I], static_cast<int>(I))...), rets, cap);
    }
}

template <typename R, typename... A>
int32_t invoke(R (*fn)(A...), const AssayValue* args, int32_t nargs, AssayValue* rets, int32_t cap) {
    if (nargs != static_cast<int32_t>(sizeof...(A))) {
        throw ArgumentError("expected " + std::to_string(sizeof...(A)) + " arguments, got " + std::to_string(nargs));
    }
    return invoke_impl(fn, args, rets, cap, std::index_sequence_for<A...>{});
}

inline void copy_message(const char* what, char* err, int32_t errlen) {
    if (err == nullptr || errlen <= 0) return;
    std::strncpy(err, what ? what : "", static_cast<size_t>(errlen) - 1);
    err[errlen - 1] = 0;
}

// Runs one call with `ctx` installed; maps exceptions to error kinds like pybind11 does.
template <typename F>
int32_t guarded(const AssayCallContext* ctx, char* err, int32_t errlen, int32_t* nrets, F&& body) {
    struct Scope {
        const AssayCallContext* saved;
        explicit Scope(const AssayCallContext* c) : saved(at::detail::current_context) {
            at::detail::current_context = c;
        }
        ~Scope() { at::detail::current_context = saved; }
    } scope(ctx);
    try {
        *nrets = body();
        return 0;
    } catch (const ArgumentError& e) {
        copy_message(e.what(), err, errlen);
        return 5;
    } catch (const c10::IndexError& e) {
        copy_message(e.what(), err, errlen);
        return 3;
    } catch (const c10::ValueError& e) {
        copy_message(e.what(), err, errlen);
        return 2;
    } catch (const c10::TypeError& e) {
        copy_message(e.what(), err, errlen);
        return 5;
    } catch (const c10::NotImplementedError& e) {
        copy_message(e.what(), err, errlen);
        return 7;
    } catch (const c10::Error& e) {
        copy_message(e.what(), err, errlen);
        return 1;
    } catch (const std::out_of_range& e) {
        copy_message(e.what(), err, errlen);
        return 3;
    } catch (const std::overflow_error& e) {
        copy_message(e.what(), err, errlen);
        return 6;
    } catch (const std::invalid_argument& e) {
        copy_message(e.what(), err, errlen);
        return 2;
    } catch (const std::domain_error& e) {
        copy_message(e.what(), err, errlen);
        return 2;
    } catch (const std::length_error& e) {
        copy_message(e.what(), err, errlen);
        return 2;
    } catch (const std::range_error& e) {
        copy_message(e.what(), err, errlen);
        return 2;
    } catch (const std::bad_alloc& e) {
        copy_message(e.what(), err, errlen);
        return 4;
    } catch (const std::exception& e) {
        copy_message(e.what(), err, errlen);
        return 1;
    } catch (...) {
        copy_message("Caught an unknown exception!", err, errlen);
        return 1;
    }
}

}  // namespace binding
}  // namespace assay

#define ASSAY_BINDINGS_BEGIN                                                                                  \
    extern "C" __attribute__((visibility("default"))) int32_t assay_abi_version(void) {                      \
        return ASSAY_SLIM_ABI_VERSION;                                                                        \
    }                                                                                                         \
    extern "C" __attribute__((visibility("default"))) int32_t assay_live_handles(int64_t* out, int32_t cap) { \
        return ::at::detail::live_handles(out, cap);                                                          \
    }                                                                                                         \
    extern "C" __attribute__((visibility("default"))) int32_t assay_call(                                    \
        int32_t index, const AssayCallContext* ctx, const AssayValue* args, int32_t nargs, AssayValue* rets, \
        int32_t max_rets, int32_t* nrets, char* err, int32_t errlen) {                                       \
        return ::assay::binding::guarded(ctx, err, errlen, nrets, [&]() -> int32_t {                         \
            switch (index) {
#define ASSAY_BIND(index, fn) \
    case index:               \
        return ::assay::binding::invoke(&fn, args, nargs, rets, max_rets);
#define ASSAY_BINDINGS_END                                                                                    \
    default:                                                                                                  \
        throw std::out_of_range("no bound function with this index");                                        \
        }                                                                                                     \
        });                                                                                                   \
    }
#define ASSAY_DESCRIBE_BEGIN                                                                                  \
    extern "C" __attribute__((visibility("default"))) const char* assay_describe(void) {                     \
        static const std::string description = std::string()
#define ASSAY_DESCRIBE(fn) +#fn + ::assay::binding::signature(&fn) + ";"
#define ASSAY_DESCRIBE_END \
    ;                      \
    return description.c_str(); \
    }
