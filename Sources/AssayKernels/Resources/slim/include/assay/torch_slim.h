// Assay slim torch: a small, source-compatible subset of the libtorch C++ tensor API.
//
// Candidates written for torch.utils.cpp_extension.load_inline include <torch/extension.h>,
// which costs ~48 s of nvcc time. This header covers the part of the API that kernel candidates
// use to *describe and allocate* tensors and launch kernels:
//   torch::Tensor (data_ptr<T>, numel, size, sizes, stride, strides, dim, scalar_type, dtype,
//   device, is_cuda, is_contiguous, contiguous, options, view/reshape and friends,
//   packed_accessor32/64), torch::empty/empty_like/zeros/zeros_like/ones/ones_like/full,
//   TensorOptions, ScalarType constants, TORCH_CHECK and friends, AT_DISPATCH_FLOATING_TYPES /
//   ALL_TYPES / INTEGRAL_TYPES; and, in the headers torch has them in (assay/cuda_*.h, reached
//   through the stand-ins for c10/cuda/CUDAStream.h, c10/cuda/CUDAGuard.h,
//   c10/cuda/CUDAException.h, ATen/cuda/CUDAContext.h), at::cuda::getCurrentCUDAStream,
//   CUDAGuard/OptionalCUDAGuard, C10_CUDA_CHECK, C10_CUDA_KERNEL_LAUNCH_CHECK.
// What a header makes visible mirrors torch's own include graph, so that code which would not
// compile with load_inline (say, getCurrentCUDAStream without <ATen/cuda/CUDAContext.h>) does
// not compile here either.
// Tensors are not owned here: their storage belongs to torch tensors held by Assay's loader
// (worker/assay_kernels/slim_loader.py). Every operation that needs torch itself (allocation,
// copies, reshapes) is delegated to the loader through AssayHost::op, so it is torch that
// allocates (caching allocator, current device) and computes, exactly as in a load_inline build.
// Anything not covered here fails to compile, and Assay then builds the candidate with the full
// torch headers instead: a gap costs time, never a different result.
#pragma once

// The standard library. The full torch headers make most of it visible to a candidate, and
// parsing it is most of what the slim header costs nvcc (~0.5 s each for <string>, <memory>,
// <iostream> under C++20). So the header itself needs only the cheap headers below, and the
// rest is included as a candidate needs it: Assay scans the candidate's sources for `std::`
// names and passes -DASSAY_SLIM_STD_SELECTIVE with one -DASSAY_STD_<HEADER> per header needed
// (both translation units of a build get the same flags). A candidate whose needs the scan
// misses fails to compile and is built again with everything; without
// ASSAY_SLIM_STD_SELECTIVE, everything is included, as before.
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <initializer_list>
#include <limits>
#include <new>
#include <optional>
#include <type_traits>
#include <utility>

#if !defined(ASSAY_SLIM_STD_SELECTIVE)
#define ASSAY_STD_ALGORITHM 1
#define ASSAY_STD_ARRAY 1
#define ASSAY_STD_ATOMIC 1
#define ASSAY_STD_FUNCTIONAL 1
#define ASSAY_STD_IOSTREAM 1
#define ASSAY_STD_MAP 1
#define ASSAY_STD_MEMORY 1
#define ASSAY_STD_NUMERIC 1
#define ASSAY_STD_SSTREAM 1
#define ASSAY_STD_STDEXCEPT 1
#define ASSAY_STD_STRING 1
#define ASSAY_STD_TUPLE 1
#define ASSAY_STD_UNORDERED_MAP 1
#define ASSAY_STD_VECTOR 1
#define ASSAY_CUDA_FP16 1
#endif
#if defined(ASSAY_STD_IOSTREAM) || defined(ASSAY_STD_SSTREAM)
#define ASSAY_STD_OSTREAM 1
#endif
#if defined(ASSAY_STD_SSTREAM) || defined(ASSAY_STD_STDEXCEPT) || defined(ASSAY_STD_IOSTREAM)
#ifndef ASSAY_STD_STRING
#define ASSAY_STD_STRING 1
#endif
#endif

#ifdef ASSAY_STD_ALGORITHM
#include <algorithm>
#endif
#ifdef ASSAY_STD_ARRAY
#include <array>
#endif
#ifdef ASSAY_STD_ATOMIC
#include <atomic>
#endif
#ifdef ASSAY_STD_FUNCTIONAL
#include <functional>
#endif
#ifdef ASSAY_STD_IOSTREAM
#include <iostream>
#endif
#ifdef ASSAY_STD_MAP
#include <map>
#endif
#ifdef ASSAY_STD_MEMORY
#include <memory>
#endif
#ifdef ASSAY_STD_NUMERIC
#include <numeric>
#endif
#ifdef ASSAY_STD_SSTREAM
#include <sstream>
#endif
#ifdef ASSAY_STD_STDEXCEPT
#include <stdexcept>
#endif
#ifdef ASSAY_STD_STRING
#include <string>
#endif
#ifdef ASSAY_STD_TUPLE
#include <tuple>
#endif
#ifdef ASSAY_STD_UNORDERED_MAP
#include <unordered_map>
#endif
#ifdef ASSAY_STD_VECTOR
#include <vector>
#endif

// Like c10/util/Half.h: CUDA's 16-bit float types are visible in CUDA translation units.
#if defined(__CUDACC__) && defined(ASSAY_CUDA_FP16)
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#endif

#define ASSAY_SLIM_TORCH 1
#define ASSAY_SLIM_ABI_VERSION 2
#define ASSAY_MAX_DIMS 16
#define ASSAY_HIDDEN __attribute__((visibility("hidden")))

// ---------------------------------------------------------------------------------------------
// The ABI between compiled candidates and the loader (plain C, mirrored by ctypes structures).

extern "C" {
typedef struct AssayTensorDesc {
    void* data;              // address of element 0 (storage offset applied)
    int64_t handle;          // the loader's id for the torch tensor this describes
    int32_t dtype;           // c10::ScalarType numbering
    int32_t device_type;     // 0 CPU, 1 CUDA
    int32_t device_index;    // -1: none
    int32_t ndim;
    int64_t sizes[ASSAY_MAX_DIMS];
    int64_t strides[ASSAY_MAX_DIMS];
} AssayTensorDesc;

enum { ASSAY_NONE = 0, ASSAY_TENSOR = 1, ASSAY_INT = 2, ASSAY_DOUBLE = 3, ASSAY_BOOL = 4 };

typedef struct AssayValue {
    int32_t kind;
    int32_t reserved;
    int64_t i;
    double d;
    AssayTensorDesc t;
} AssayValue;

// op(name, self, ints, scalar, dtype, device_type, device_index) -> out. Returns 0, or an
// exception kind (see assay::binding) with a message in err.
typedef int32_t (*AssayHostOp)(const char* name, const AssayTensorDesc* self, const int64_t* ints, int32_t nints,
                               double scalar, int32_t dtype, int32_t device_type, int32_t device_index,
                               AssayTensorDesc* out, char* err, int32_t errlen);

typedef struct AssayCallContext {
    AssayHostOp op;
} AssayCallContext;
}

// ---------------------------------------------------------------------------------------------
// A bounded text buffer for error messages (what c10::str builds without <string>).

namespace assay {
class Message {
   public:
    Message() { buf_[0] = 0; }
    const char* c_str() const { return buf_; }
    size_t size() const { return len_; }
    void append(const char* s, size_t n) {
        if (n > kCapacity - 1 - len_) n = kCapacity - 1 - len_;
        if (n > 0) std::memcpy(buf_ + len_, s, n);
        len_ += n;
        buf_[len_] = 0;
    }
    void append(const char* s) { append(s, std::strlen(s)); }
    template <typename... A>
    void format(const char* fmt, A... a) {
        int n = std::snprintf(buf_ + len_, kCapacity - len_, fmt, a...);
        if (n > 0) len_ += static_cast<size_t>(n) < kCapacity - len_ ? static_cast<size_t>(n) : kCapacity - 1 - len_;
    }
#ifdef ASSAY_STD_STRING
    operator std::string() const { return std::string(buf_, len_); }
#endif
#ifdef ASSAY_STD_OSTREAM
    friend std::ostream& operator<<(std::ostream& os, const Message& m) { return os << m.c_str(); }
#endif

   private:
    static constexpr size_t kCapacity = 2048;
    char buf_[kCapacity];
    size_t len_ = 0;
};
}  // namespace assay

// ---------------------------------------------------------------------------------------------
// c10: scalar types, devices, errors, ArrayRef

namespace c10 {

using std::make_optional;
using std::nullopt;
using std::nullopt_t;
using std::optional;

enum class ScalarType : int8_t {
    Byte = 0, Char = 1, Short = 2, Int = 3, Long = 4, Half = 5, Float = 6, Double = 7, ComplexHalf = 8,
    ComplexFloat = 9, ComplexDouble = 10, Bool = 11, QInt8 = 12, QUInt8 = 13, QInt32 = 14, BFloat16 = 15,
    Undefined = 64,
};

constexpr ScalarType kByte = ScalarType::Byte;
constexpr ScalarType kChar = ScalarType::Char;
constexpr ScalarType kShort = ScalarType::Short;
constexpr ScalarType kInt = ScalarType::Int;
constexpr ScalarType kLong = ScalarType::Long;
constexpr ScalarType kHalf = ScalarType::Half;
constexpr ScalarType kFloat = ScalarType::Float;
constexpr ScalarType kDouble = ScalarType::Double;
constexpr ScalarType kBool = ScalarType::Bool;
constexpr ScalarType kBFloat16 = ScalarType::BFloat16;
constexpr ScalarType kUInt8 = ScalarType::Byte;
constexpr ScalarType kInt8 = ScalarType::Char;
constexpr ScalarType kInt16 = ScalarType::Short;
constexpr ScalarType kInt32 = ScalarType::Int;
constexpr ScalarType kInt64 = ScalarType::Long;
constexpr ScalarType kFloat16 = ScalarType::Half;
constexpr ScalarType kFloat32 = ScalarType::Float;
constexpr ScalarType kFloat64 = ScalarType::Double;

inline const char* toString(ScalarType t) {
    switch (t) {
        case ScalarType::Byte: return "Byte";
        case ScalarType::Char: return "Char";
        case ScalarType::Short: return "Short";
        case ScalarType::Int: return "Int";
        case ScalarType::Long: return "Long";
        case ScalarType::Half: return "Half";
        case ScalarType::Float: return "Float";
        case ScalarType::Double: return "Double";
        case ScalarType::ComplexHalf: return "ComplexHalf";
        case ScalarType::ComplexFloat: return "ComplexFloat";
        case ScalarType::ComplexDouble: return "ComplexDouble";
        case ScalarType::Bool: return "Bool";
        case ScalarType::BFloat16: return "BFloat16";
        default: return "UNKNOWN_SCALAR";
    }
}

#ifdef ASSAY_STD_OSTREAM
inline std::ostream& operator<<(std::ostream& os, ScalarType t) { return os << toString(t); }
#endif

inline size_t elementSize(ScalarType t) {
    switch (t) {
        case ScalarType::Byte: case ScalarType::Char: case ScalarType::Bool: case ScalarType::QInt8:
        case ScalarType::QUInt8: return 1;
        case ScalarType::Short: case ScalarType::Half: case ScalarType::BFloat16: return 2;
        case ScalarType::Int: case ScalarType::Float: case ScalarType::QInt32: case ScalarType::ComplexHalf: return 4;
        case ScalarType::Long: case ScalarType::Double: case ScalarType::ComplexFloat: return 8;
        case ScalarType::ComplexDouble: return 16;
        default: return 0;
    }
}

inline bool isFloatingType(ScalarType t) {
    return t == kFloat || t == kDouble || t == kHalf || t == kBFloat16;
}
inline bool isIntegralType(ScalarType t, bool includeBool) {
    return t == kByte || t == kChar || t == kShort || t == kInt || t == kLong || (includeBool && t == kBool);
}

// Storage-compatible 16-bit float types (no arithmetic: code that computes with them is not
// covered and builds with the full headers).
struct alignas(2) Half { uint16_t x; };
struct alignas(2) BFloat16 { uint16_t x; };

template <typename T> struct CppTypeToScalarType;
#define ASSAY_SCALAR_TYPE(cpp, st) \
    template <> struct CppTypeToScalarType<cpp> { static constexpr ScalarType value = ScalarType::st; };
ASSAY_SCALAR_TYPE(uint8_t, Byte)
ASSAY_SCALAR_TYPE(int8_t, Char)
ASSAY_SCALAR_TYPE(int16_t, Short)
ASSAY_SCALAR_TYPE(int32_t, Int)
ASSAY_SCALAR_TYPE(int64_t, Long)
ASSAY_SCALAR_TYPE(float, Float)
ASSAY_SCALAR_TYPE(double, Double)
ASSAY_SCALAR_TYPE(bool, Bool)
ASSAY_SCALAR_TYPE(Half, Half)
ASSAY_SCALAR_TYPE(BFloat16, BFloat16)
#undef ASSAY_SCALAR_TYPE

// torch's TypeMeta, as far as candidates use it: comparison with ScalarType, itemsize, name.
class TypeMeta {
   public:
    constexpr TypeMeta() = default;
    constexpr TypeMeta(ScalarType t) : type_(t) {}
    constexpr ScalarType toScalarType() const { return type_; }
    size_t itemsize() const { return elementSize(type_); }
    const char* name() const { return toString(type_); }
    friend constexpr bool operator==(TypeMeta a, TypeMeta b) { return a.type_ == b.type_; }
    friend constexpr bool operator!=(TypeMeta a, TypeMeta b) { return a.type_ != b.type_; }
    friend constexpr bool operator==(TypeMeta a, ScalarType b) { return a.type_ == b; }
    friend constexpr bool operator!=(TypeMeta a, ScalarType b) { return a.type_ != b; }
    friend constexpr bool operator==(ScalarType a, TypeMeta b) { return a == b.type_; }
    friend constexpr bool operator!=(ScalarType a, TypeMeta b) { return a != b.type_; }
#ifdef ASSAY_STD_OSTREAM
    friend std::ostream& operator<<(std::ostream& os, TypeMeta t) { return os << t.name(); }
#endif

   private:
    ScalarType type_ = ScalarType::Undefined;
};
inline ScalarType typeMetaToScalarType(TypeMeta m) { return m.toScalarType(); }

enum class DeviceType : int8_t { CPU = 0, CUDA = 1 };
constexpr DeviceType kCPU = DeviceType::CPU;
constexpr DeviceType kCUDA = DeviceType::CUDA;

class Device {
   public:
    Device(DeviceType type, int8_t index = -1) : type_(type), index_(index) {}
    DeviceType type() const { return type_; }
    int8_t index() const { return index_; }
    bool has_index() const { return index_ >= 0; }
    bool is_cuda() const { return type_ == DeviceType::CUDA; }
    bool is_cpu() const { return type_ == DeviceType::CPU; }
    bool operator==(const Device& o) const { return type_ == o.type_ && index_ == o.index_; }
    bool operator!=(const Device& o) const { return !(*this == o); }
    // "cuda:0" into buf (at least 16 bytes).
    void describe(char* buf, size_t n) const {
        if (has_index()) {
            std::snprintf(buf, n, "%s:%d", is_cuda() ? "cuda" : "cpu", static_cast<int>(index_));
        } else {
            std::snprintf(buf, n, "%s", is_cuda() ? "cuda" : "cpu");
        }
    }
#ifdef ASSAY_STD_STRING
    std::string str() const {
        char buf[16];
        describe(buf, sizeof buf);
        return std::string(buf);
    }
#endif
#ifdef ASSAY_STD_OSTREAM
    friend std::ostream& operator<<(std::ostream& os, const Device& d) { return os << d.str(); }
#endif

   private:
    DeviceType type_;
    int8_t index_;
};

// c10::Error and the typed errors torch maps to Python exception types. The message is kept in
// a bounded buffer (no <string> needed); torch's messages are far shorter than the bound.
class Error : public std::exception {
   public:
    explicit Error(const char* msg) { set(msg, msg ? std::strlen(msg) : 0); }
    explicit Error(const ::assay::Message& msg) { set(msg.c_str(), msg.size()); }
#ifdef ASSAY_STD_STRING
    explicit Error(const std::string& msg) { set(msg.data(), msg.size()); }
#endif
    const char* what() const noexcept override { return msg_; }
    const char* msg() const { return msg_; }

   private:
    void set(const char* text, size_t n) {
        if (n > sizeof msg_ - 1) n = sizeof msg_ - 1;
        if (n > 0) std::memcpy(msg_, text, n);
        msg_[n] = 0;
    }
    char msg_[2048];
};
class IndexError : public Error { using Error::Error; };
class ValueError : public Error { using Error::Error; };
class TypeError : public Error { using Error::Error; };
class NotImplementedError : public Error { using Error::Error; };

template <typename T>
class ArrayRef;

namespace detail {
// What c10::str appends for each kind of value; printed as std::ostream prints them.
inline void put(::assay::Message& m, const char* s) { m.append(s ? s : "(null)"); }
inline void put(::assay::Message& m, char c) { m.append(&c, 1); }
inline void put(::assay::Message& m, signed char c) { put(m, static_cast<char>(c)); }
inline void put(::assay::Message& m, unsigned char c) { put(m, static_cast<char>(c)); }
inline void put(::assay::Message& m, bool b) { m.append(b ? "1" : "0"); }
inline void put(::assay::Message& m, const ::assay::Message& other) { m.append(other.c_str(), other.size()); }
template <typename T>
inline std::enable_if_t<std::is_integral_v<T> && std::is_signed_v<T>> put(::assay::Message& m, T v) {
    m.format("%lld", static_cast<long long>(v));
}
template <typename T>
inline std::enable_if_t<std::is_integral_v<T> && std::is_unsigned_v<T>> put(::assay::Message& m, T v) {
    m.format("%llu", static_cast<unsigned long long>(v));
}
template <typename T>
inline std::enable_if_t<std::is_floating_point_v<T>> put(::assay::Message& m, T v) {
    m.format("%g", static_cast<double>(v));
}
template <typename T>
inline void put(::assay::Message& m, const T* p) { m.format("%p", static_cast<const void*>(p)); }
inline void put(::assay::Message& m, ScalarType t) { m.append(toString(t)); }
inline void put(::assay::Message& m, TypeMeta t) { m.append(t.name()); }
inline void put(::assay::Message& m, const Device& d) {
    char buf[16];
    d.describe(buf, sizeof buf);
    m.append(buf);
}
template <typename T>
inline void put(::assay::Message& m, const ArrayRef<T>& a);
#ifdef ASSAY_STD_STRING
inline void put(::assay::Message& m, const std::string& s) { m.append(s.data(), s.size()); }
inline void put(::assay::Message& m, std::string_view s) { m.append(s.data(), s.size()); }
#endif

template <typename T, typename = void>
struct has_put : std::false_type {};
template <typename T>
struct has_put<T, std::void_t<decltype(put(std::declval<::assay::Message&>(), std::declval<const T&>()))>>
    : std::true_type {};

template <typename T>
inline void put_any(::assay::Message& m, const T& v) {
    if constexpr (has_put<T>::value) {
        put(m, v);
    } else {
#ifdef ASSAY_STD_SSTREAM
        std::ostringstream os;
        os << v;
        put(m, os.str());
#else
        static_assert(has_put<T>::value, "Assay slim torch: c10::str cannot print this type without <sstream>");
#endif
    }
}

inline void str_into(::assay::Message&) {}
template <typename T, typename... Rest>
inline void str_into(::assay::Message& m, const T& first, const Rest&... rest) {
    put_any(m, first);
    str_into(m, rest...);
}
}  // namespace detail

// c10::str: std::string when <string> is part of the build, else Assay's bounded Message.
template <typename... Args>
inline auto str(const Args&... args) {
    ::assay::Message m;
    detail::str_into(m, args...);
#ifdef ASSAY_STD_STRING
    return std::string(m.c_str(), m.size());
#else
    return m;
#endif
}

namespace detail {
template <typename... Args>
inline ::assay::Message check_message(const char* condition, const Args&... args) {
    ::assay::Message m;
    if constexpr (sizeof...(Args) == 0) {
        str_into(m, "Expected ", condition, " to be true, but got false.");
    } else {
        str_into(m, args...);
    }
    return m;
}
}  // namespace detail

template <typename T>
class ArrayRef {
   public:
    using value_type = T;
    using iterator = const T*;
    using const_iterator = const T*;
    using size_type = size_t;

    constexpr ArrayRef() = default;
    constexpr ArrayRef(const T& one) : data_(&one), size_(1) {}
    constexpr ArrayRef(const T* data, size_t size) : data_(data), size_(size) {}
    constexpr ArrayRef(const T* begin, const T* end) : data_(begin), size_(end - begin) {}
    // Any contiguous container of T (std::vector, std::array, ...), without naming them.
    template <typename C,
              typename = std::enable_if_t<
                  !std::is_same_v<std::decay_t<C>, ArrayRef> && !std::is_same_v<std::decay_t<C>, T> &&
                  std::is_same_v<std::remove_cv_t<std::remove_pointer_t<decltype(std::declval<const C&>().data())>>, T>>,
              typename = decltype(std::declval<const C&>().size())>
    ArrayRef(const C& c) : data_(c.data()), size_(static_cast<size_t>(c.size())) {}
    template <size_t N>
    constexpr ArrayRef(const T (&a)[N]) : data_(a), size_(N) {}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winit-list-lifetime"
#endif
    // Like torch's ArrayRef: valid for the full expression that created the list.
    constexpr ArrayRef(const std::initializer_list<T>& list)
        : data_(list.begin() == list.end() ? nullptr : list.begin()), size_(list.size()) {}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

    constexpr const T* begin() const { return data_; }
    constexpr const T* end() const { return data_ + size_; }
    constexpr const T* data() const { return data_; }
    constexpr size_t size() const { return size_; }
    constexpr bool empty() const { return size_ == 0; }
    constexpr const T& operator[](size_t i) const { return data_[i]; }
    const T& at(size_t i) const {
        if (i >= size_) throw IndexError(str("ArrayRef: index ", i, " out of range for size ", size_));
        return data_[i];
    }
    constexpr const T& front() const { return data_[0]; }
    constexpr const T& back() const { return data_[size_ - 1]; }
#ifdef ASSAY_STD_VECTOR
    std::vector<T> vec() const { return std::vector<T>(data_, data_ + size_); }
#endif
    bool equals(ArrayRef other) const {
        if (size_ != other.size_) return false;
        for (size_t i = 0; i < size_; ++i) {
            if (!(data_[i] == other.data_[i])) return false;
        }
        return true;
    }
    friend bool operator==(ArrayRef a, ArrayRef b) { return a.equals(b); }
    friend bool operator!=(ArrayRef a, ArrayRef b) { return !a.equals(b); }
#ifdef ASSAY_STD_OSTREAM
    friend std::ostream& operator<<(std::ostream& os, ArrayRef a) {
        os << "[";
        for (size_t i = 0; i < a.size_; ++i) os << (i ? ", " : "") << a.data_[i];
        return os << "]";
    }
#endif

   private:
    const T* data_ = nullptr;
    size_t size_ = 0;
};
using IntArrayRef = ArrayRef<int64_t>;

namespace detail {
template <typename T>
inline void put(::assay::Message& m, const ArrayRef<T>& a) {
    m.append("[");
    for (size_t i = 0; i < a.size(); ++i) {
        if (i) m.append(", ");
        put_any(m, a[i]);
    }
    m.append("]");
}
}  // namespace detail

enum class Layout : int8_t { Strided = 0 };
constexpr Layout kStrided = Layout::Strided;
enum class MemoryFormat : int8_t { Contiguous = 0, Preserve = 1 };

class TensorOptions {
   public:
    TensorOptions() = default;
    TensorOptions(ScalarType t) : dtype_(t) {}
    TensorOptions(TypeMeta t) : dtype_(t.toScalarType()) {}
    TensorOptions(Device d) : device_(d) {}
    TensorOptions(DeviceType t) : device_(Device(t)) {}
    TensorOptions(Layout) {}

    TensorOptions dtype(ScalarType t) const { auto o = *this; o.dtype_ = t; return o; }
    TensorOptions dtype(TypeMeta t) const { return dtype(t.toScalarType()); }
    TensorOptions dtype(optional<ScalarType> t) const { auto o = *this; o.dtype_ = t; return o; }
    template <typename T>
    TensorOptions dtype() const { return dtype(CppTypeToScalarType<T>::value); }
    TensorOptions device(Device d) const { auto o = *this; o.device_ = d; return o; }
    TensorOptions device(DeviceType t, int index = -1) const { return device(Device(t, static_cast<int8_t>(index))); }
    TensorOptions device(optional<Device> d) const { auto o = *this; o.device_ = d; return o; }
    TensorOptions device_index(int index) const { return device(Device(DeviceType::CUDA, static_cast<int8_t>(index))); }
    TensorOptions layout(Layout) const { return *this; }
    TensorOptions requires_grad(bool) const { return *this; }
    TensorOptions memory_format(MemoryFormat) const { return *this; }
    TensorOptions pinned_memory(bool) const { return *this; }

    TypeMeta dtype() const { return dtype_ ? TypeMeta(*dtype_) : TypeMeta(ScalarType::Float); }
    Device device() const { return device_ ? *device_ : Device(DeviceType::CPU); }
    bool has_dtype() const { return dtype_.has_value(); }
    bool has_device() const { return device_.has_value(); }
    optional<ScalarType> dtype_opt() const { return dtype_; }
    optional<Device> device_opt() const { return device_; }
    Layout layout() const { return Layout::Strided; }

   private:
    optional<ScalarType> dtype_;
    optional<Device> device_;
};

inline TensorOptions dtype(ScalarType t) { return TensorOptions().dtype(t); }
template <typename T>
inline TensorOptions dtype() { return TensorOptions().dtype(CppTypeToScalarType<T>::value); }
inline TensorOptions device(Device d) { return TensorOptions().device(d); }
inline TensorOptions device(DeviceType t, int index = -1) { return TensorOptions().device(t, index); }
inline TensorOptions layout(Layout) { return TensorOptions(); }

inline int64_t maybe_wrap_dim(int64_t dim, int64_t ndim) {
    int64_t n = ndim <= 0 ? 1 : ndim;
    if (dim < -n || dim >= n) {
        throw IndexError(str("Dimension out of range (expected to be in range of [", -n, ", ", n - 1,
                             "], but got ", dim, ")"));
    }
    return dim < 0 ? dim + n : dim;
}

}  // namespace c10

namespace caffe2 {
using c10::TypeMeta;
}

// ---------------------------------------------------------------------------------------------
// Checks (TORCH_CHECK and friends)

#define C10_LIKELY(x) (__builtin_expect(static_cast<bool>(x), 1))
#define C10_UNLIKELY(x) (__builtin_expect(static_cast<bool>(x), 0))
#if defined(__CUDACC__)
#define C10_HOST_DEVICE __host__ __device__
#define C10_DEVICE __device__
#define C10_HOST __host__
#else
#define C10_HOST_DEVICE
#define C10_DEVICE
#define C10_HOST
#endif
#define C10_RESTRICT __restrict__
#define C10_WARP_SIZE 32

#define ASSAY_CHECK_WITH(error_type, cond, ...)                                                   \
    do {                                                                                          \
        if (C10_UNLIKELY(!(cond))) {                                                              \
            throw ::c10::error_type(::c10::detail::check_message(#cond, ##__VA_ARGS__));          \
        }                                                                                         \
    } while (false)

#define TORCH_CHECK(cond, ...) ASSAY_CHECK_WITH(Error, cond, ##__VA_ARGS__)
#define TORCH_CHECK_INDEX(cond, ...) ASSAY_CHECK_WITH(IndexError, cond, ##__VA_ARGS__)
#define TORCH_CHECK_VALUE(cond, ...) ASSAY_CHECK_WITH(ValueError, cond, ##__VA_ARGS__)
#define TORCH_CHECK_TYPE(cond, ...) ASSAY_CHECK_WITH(TypeError, cond, ##__VA_ARGS__)
#define TORCH_CHECK_NOT_IMPLEMENTED(cond, ...) ASSAY_CHECK_WITH(NotImplementedError, cond, ##__VA_ARGS__)
#define TORCH_INTERNAL_ASSERT(cond, ...) ASSAY_CHECK_WITH(Error, cond, ##__VA_ARGS__)
#define TORCH_INTERNAL_ASSERT_DEBUG_ONLY(cond, ...) ((void)0)
#define TORCH_CHECK_EQ(a, b) TORCH_CHECK((a) == (b), "Check failed: " #a " == " #b)
#define TORCH_CHECK_NE(a, b) TORCH_CHECK((a) != (b), "Check failed: " #a " != " #b)
#define TORCH_CHECK_LE(a, b) TORCH_CHECK((a) <= (b), "Check failed: " #a " <= " #b)
#define TORCH_CHECK_LT(a, b) TORCH_CHECK((a) < (b), "Check failed: " #a " < " #b)
#define TORCH_CHECK_GE(a, b) TORCH_CHECK((a) >= (b), "Check failed: " #a " >= " #b)
#define TORCH_CHECK_GT(a, b) TORCH_CHECK((a) > (b), "Check failed: " #a " > " #b)
#define AT_ASSERT(cond, ...) TORCH_INTERNAL_ASSERT(cond, ##__VA_ARGS__)
#define AT_ASSERTM(cond, ...) TORCH_INTERNAL_ASSERT(cond, ##__VA_ARGS__)
#define AT_ERROR(...) throw ::c10::Error(::c10::str(__VA_ARGS__))
#define TORCH_WARN(...) (void)std::fprintf(stderr, "Warning: %s\n", ::c10::str(__VA_ARGS__).c_str())
#define TORCH_WARN_ONCE(...) TORCH_WARN(__VA_ARGS__)



// ---------------------------------------------------------------------------------------------
// at::Tensor

namespace at {

using namespace c10;

class Tensor;

namespace detail {
// The current call's context, set by the generated entry point for the duration of one call.
ASSAY_HIDDEN inline thread_local const AssayCallContext* current_context = nullptr;

// Every live tensor description of this library, so that the loader can ask after a call which
// tensors the extension still holds (in a static, a global, a cache) and keep those torch
// tensors alive, as load_inline's reference-counted tensors would be (ABI 2). One list for the
// whole library (an inline variable is merged across its translation units), guarded by a spin
// lock: descriptions are made and dropped on the calling thread, rarely anywhere else.
struct LiveNode {
    LiveNode* prev = nullptr;
    LiveNode* next = nullptr;
    int64_t handle = 0;
};
ASSAY_HIDDEN inline LiveNode live_head;
ASSAY_HIDDEN inline bool live_lock = false;
inline void lock_live() {
    while (__atomic_test_and_set(&live_lock, __ATOMIC_ACQUIRE)) {
    }
}
inline void unlock_live() { __atomic_clear(&live_lock, __ATOMIC_RELEASE); }
inline void link_live(LiveNode* node) {
    lock_live();
    node->next = live_head.next;
    node->prev = &live_head;
    if (live_head.next) live_head.next->prev = node;
    live_head.next = node;
    unlock_live();
}
inline void unlink_live(LiveNode* node) {
    lock_live();
    if (node->prev) node->prev->next = node->next;
    if (node->next) node->next->prev = node->prev;
    node->prev = node->next = nullptr;
    unlock_live();
}
// Writes up to `capacity` handles of live descriptions to `out`; returns how many there are.
inline int32_t live_handles(int64_t* out, int32_t capacity) {
    lock_live();
    int32_t count = 0;
    for (LiveNode* n = live_head.next; n != nullptr; n = n->next) {
        if (n->handle == 0) continue;
        if (count < capacity) out[count] = n->handle;
        ++count;
    }
    unlock_live();
    return count;
}
Tensor host_op(const char* name, const Tensor* self, std::initializer_list<int64_t> ints, double scalar = 0,
               int32_t dtype = -1, int32_t device_type = -1, int32_t device_index = -1);
Tensor host_op(const char* name, const Tensor* self, IntArrayRef ints, double scalar = 0, int32_t dtype = -1,
               int32_t device_type = -1, int32_t device_index = -1);
}  // namespace detail

// Accessors, layout-compatible in spirit with ATen's (data pointer, sizes, strides).
template <typename T>
struct DefaultPtrTraits {
    typedef T* PtrType;
};
template <typename T>
struct RestrictPtrTraits {
    typedef T* __restrict__ PtrType;
};

template <typename T, size_t N, template <typename U> class PtrTraits = DefaultPtrTraits, typename index_t = int64_t>
class TensorAccessor {
   public:
    typedef typename PtrTraits<T>::PtrType PtrType;
    C10_HOST_DEVICE TensorAccessor(PtrType data, const index_t* sizes, const index_t* strides)
        : data_(data), sizes_(sizes), strides_(strides) {}
    C10_HOST_DEVICE TensorAccessor<T, N - 1, PtrTraits, index_t> operator[](index_t i) {
        return TensorAccessor<T, N - 1, PtrTraits, index_t>(data_ + strides_[0] * i, sizes_ + 1, strides_ + 1);
    }
    C10_HOST_DEVICE const TensorAccessor<T, N - 1, PtrTraits, index_t> operator[](index_t i) const {
        return TensorAccessor<T, N - 1, PtrTraits, index_t>(data_ + strides_[0] * i, sizes_ + 1, strides_ + 1);
    }
    C10_HOST_DEVICE index_t size(index_t i) const { return sizes_[i]; }
    C10_HOST_DEVICE index_t stride(index_t i) const { return strides_[i]; }
    C10_HOST_DEVICE PtrType data() { return data_; }
    C10_HOST_DEVICE const PtrType data() const { return data_; }

   protected:
    PtrType data_;
    const index_t* sizes_;
    const index_t* strides_;
};

template <typename T, template <typename U> class PtrTraits, typename index_t>
class TensorAccessor<T, 1, PtrTraits, index_t> {
   public:
    typedef typename PtrTraits<T>::PtrType PtrType;
    C10_HOST_DEVICE TensorAccessor(PtrType data, const index_t* sizes, const index_t* strides)
        : data_(data), sizes_(sizes), strides_(strides) {}
    C10_HOST_DEVICE T& operator[](index_t i) { return data_[strides_[0] * i]; }
    C10_HOST_DEVICE const T& operator[](index_t i) const { return data_[strides_[0] * i]; }
    C10_HOST_DEVICE index_t size(index_t i) const { return sizes_[i]; }
    C10_HOST_DEVICE index_t stride(index_t i) const { return strides_[i]; }
    C10_HOST_DEVICE PtrType data() { return data_; }
    C10_HOST_DEVICE const PtrType data() const { return data_; }

   protected:
    PtrType data_;
    const index_t* sizes_;
    const index_t* strides_;
};

template <typename T, size_t N, template <typename U> class PtrTraits = DefaultPtrTraits, typename index_t = int64_t>
class GenericPackedTensorAccessor {
   public:
    typedef typename PtrTraits<T>::PtrType PtrType;
    C10_HOST GenericPackedTensorAccessor(PtrType data, const int64_t* sizes, const int64_t* strides) : data_(data) {
        for (size_t i = 0; i < N; ++i) {
            sizes_[i] = static_cast<index_t>(sizes[i]);
            strides_[i] = static_cast<index_t>(strides[i]);
        }
    }
    C10_HOST_DEVICE TensorAccessor<T, N - 1, PtrTraits, index_t> operator[](index_t i) {
        return TensorAccessor<T, N - 1, PtrTraits, index_t>(data_ + strides_[0] * i, sizes_ + 1, strides_ + 1);
    }
    C10_HOST_DEVICE const TensorAccessor<T, N - 1, PtrTraits, index_t> operator[](index_t i) const {
        return TensorAccessor<T, N - 1, PtrTraits, index_t>(data_ + strides_[0] * i, sizes_ + 1, strides_ + 1);
    }
    C10_HOST_DEVICE index_t size(index_t i) const { return sizes_[i]; }
    C10_HOST_DEVICE index_t stride(index_t i) const { return strides_[i]; }
    C10_HOST_DEVICE PtrType data() { return data_; }
    C10_HOST_DEVICE const PtrType data() const { return data_; }

   protected:
    PtrType data_;
    index_t sizes_[N];
    index_t strides_[N];
};

template <typename T, template <typename U> class PtrTraits, typename index_t>
class GenericPackedTensorAccessor<T, 1, PtrTraits, index_t> {
   public:
    typedef typename PtrTraits<T>::PtrType PtrType;
    C10_HOST GenericPackedTensorAccessor(PtrType data, const int64_t* sizes, const int64_t* strides) : data_(data) {
        sizes_[0] = static_cast<index_t>(sizes[0]);
        strides_[0] = static_cast<index_t>(strides[0]);
    }
    C10_HOST_DEVICE T& operator[](index_t i) { return data_[strides_[0] * i]; }
    C10_HOST_DEVICE const T& operator[](index_t i) const { return data_[strides_[0] * i]; }
    C10_HOST_DEVICE index_t size(index_t i) const { return sizes_[i]; }
    C10_HOST_DEVICE index_t stride(index_t i) const { return strides_[i]; }
    C10_HOST_DEVICE PtrType data() { return data_; }
    C10_HOST_DEVICE const PtrType data() const { return data_; }

   protected:
    PtrType data_;
    index_t sizes_[1];
    index_t strides_[1];
};

template <typename T, size_t N, template <typename U> class PtrTraits = DefaultPtrTraits>
using PackedTensorAccessor32 = GenericPackedTensorAccessor<T, N, PtrTraits, int32_t>;
template <typename T, size_t N, template <typename U> class PtrTraits = DefaultPtrTraits>
using PackedTensorAccessor64 = GenericPackedTensorAccessor<T, N, PtrTraits, int64_t>;
template <typename T, size_t N, template <typename U> class PtrTraits = DefaultPtrTraits, typename index_t = int64_t>
using PackedTensorAccessor = GenericPackedTensorAccessor<T, N, PtrTraits, index_t>;

// What `tensor.type()` returns (deprecated in torch, still common in AT_DISPATCH calls).
struct DeprecatedTypeProperties {
    ScalarType scalar_type_;
    Device device_;
    ScalarType scalarType() const { return scalar_type_; }
    operator ScalarType() const { return scalar_type_; }
    bool is_cuda() const { return device_.is_cuda(); }
};

class Tensor {
   public:
    Tensor() = default;
    explicit Tensor(const AssayTensorDesc& desc) {
        if (desc.ndim < 0 || desc.ndim > ASSAY_MAX_DIMS) throw Error("tensor has too many dimensions for Assay");
        impl_ = new Impl(desc);
    }
    Tensor(const Tensor& other) : impl_(other.impl_) { retain(); }
    Tensor(Tensor&& other) noexcept : impl_(other.impl_) { other.impl_ = nullptr; }
    Tensor& operator=(const Tensor& other) {
        other.retain();
        release();
        impl_ = other.impl_;
        return *this;
    }
    Tensor& operator=(Tensor&& other) noexcept {
        if (this != &other) {
            release();
            impl_ = other.impl_;
            other.impl_ = nullptr;
        }
        return *this;
    }
    ~Tensor() { release(); }

    bool defined() const { return impl_ != nullptr; }
    const AssayTensorDesc& assay_desc() const { require(); return *impl_; }

    template <typename T>
    T* data_ptr() const {
        require();
        using U = std::remove_cv_t<T>;
        TORCH_CHECK(scalar_type() == CppTypeToScalarType<U>::value, "expected scalar type ",
                    toString(CppTypeToScalarType<U>::value), " but found ", toString(scalar_type()));
        return static_cast<T*>(impl_->data);
    }
    template <typename T>
    const T* const_data_ptr() const { return data_ptr<T>(); }
    template <typename T>
    T* mutable_data_ptr() const { return data_ptr<T>(); }
    template <typename T>
    T* data() const { return data_ptr<T>(); }
    void* data_ptr() const { require(); return impl_->data; }
    const void* const_data_ptr() const { return data_ptr(); }
    void* mutable_data_ptr() const { return data_ptr(); }

    int64_t dim() const { require(); return impl_->ndim; }
    int64_t ndimension() const { return dim(); }
    IntArrayRef sizes() const { require(); return IntArrayRef(impl_->sizes, impl_->ndim); }
    IntArrayRef strides() const { require(); return IntArrayRef(impl_->strides, impl_->ndim); }
    int64_t size(int64_t d) const { return impl_->sizes[maybe_wrap_dim(d, dim())]; }
    int64_t stride(int64_t d) const { return impl_->strides[maybe_wrap_dim(d, dim())]; }
    int64_t numel() const {
        require();
        int64_t n = 1;
        for (int32_t i = 0; i < impl_->ndim; ++i) n *= impl_->sizes[i];
        return n;
    }
    int64_t nelement() const { return numel(); }
    ScalarType scalar_type() const { require(); return static_cast<ScalarType>(impl_->dtype); }
    TypeMeta dtype() const { return TypeMeta(scalar_type()); }
    DeprecatedTypeProperties type() const { return DeprecatedTypeProperties{scalar_type(), device()}; }
    Device device() const {
        require();
        return Device(impl_->device_type == 1 ? DeviceType::CUDA : DeviceType::CPU, static_cast<int8_t>(impl_->device_index));
    }
    bool is_cuda() const { return device().is_cuda(); }
    bool is_cpu() const { return device().is_cpu(); }
    int64_t get_device() const { return is_cuda() ? impl_->device_index : -1; }
    size_t element_size() const { return elementSize(scalar_type()); }
    size_t itemsize() const { return element_size(); }
    size_t nbytes() const { return static_cast<size_t>(numel()) * element_size(); }
    bool is_floating_point() const { return isFloatingType(scalar_type()); }
    bool requires_grad() const { return false; }
    Layout layout() const { return Layout::Strided; }
    TensorOptions options() const { return TensorOptions().dtype(scalar_type()).device(device()); }

    // torch's definition: sizes of 1 do not constrain strides; an empty tensor is contiguous.
    bool is_contiguous(MemoryFormat = MemoryFormat::Contiguous) const {
        require();
        if (numel() == 0) return true;
        int64_t expected = 1;
        for (int32_t d = impl_->ndim - 1; d >= 0; --d) {
            if (impl_->sizes[d] != 1) {
                if (impl_->strides[d] != expected) return false;
                expected *= impl_->sizes[d];
            }
        }
        return true;
    }

    Tensor contiguous(MemoryFormat = MemoryFormat::Contiguous) const {
        if (is_contiguous()) return *this;
        return detail::host_op("contiguous", this, {});
    }
    Tensor clone(optional<MemoryFormat> = nullopt) const { return detail::host_op("clone", this, {}); }
    Tensor view(IntArrayRef shape) const { return detail::host_op("view", this, shape); }
    Tensor reshape(IntArrayRef shape) const { return detail::host_op("reshape", this, shape); }
    Tensor view_as(const Tensor& other) const { return view(other.sizes()); }
    Tensor reshape_as(const Tensor& other) const { return reshape(other.sizes()); }
    Tensor flatten(int64_t start = 0, int64_t end = -1) const { return detail::host_op("flatten", this, {start, end}); }
    Tensor transpose(int64_t a, int64_t b) const { return detail::host_op("transpose", this, {a, b}); }
    Tensor permute(IntArrayRef dims) const { return detail::host_op("permute", this, dims); }
    Tensor t() const { return detail::host_op("t", this, {}); }
    Tensor unsqueeze(int64_t d) const { return detail::host_op("unsqueeze", this, {d}); }
    Tensor squeeze() const { return detail::host_op("squeeze", this, {}); }
    Tensor squeeze(int64_t d) const { return detail::host_op("squeeze", this, {d}); }
    Tensor expand(IntArrayRef shape) const { return detail::host_op("expand", this, shape); }
    Tensor expand_as(const Tensor& other) const { return expand(other.sizes()); }
    Tensor narrow(int64_t d, int64_t start, int64_t length) const {
        return detail::host_op("narrow", this, {d, start, length});
    }
    Tensor select(int64_t d, int64_t index) const { return detail::host_op("select", this, {d, index}); }
    Tensor to(ScalarType t) const { return detail::host_op("to", this, {}, 0, static_cast<int32_t>(t)); }
    Tensor to(TypeMeta t) const { return to(t.toScalarType()); }
    Tensor to(Device d) const {
        return detail::host_op("to", this, {}, 0, -1, d.is_cuda() ? 1 : 0, d.index());
    }
    Tensor cuda() const { return is_cuda() ? *this : to(Device(DeviceType::CUDA)); }
    Tensor cpu() const { return is_cpu() ? *this : to(Device(DeviceType::CPU)); }
    Tensor& zero_() { detail::host_op("zero_", this, {}); return *this; }
    const Tensor& zero_() const { detail::host_op("zero_", this, {}); return *this; }
    Tensor& fill_(double value) { detail::host_op("fill_", this, {}, value); return *this; }
    const Tensor& fill_(double value) const { detail::host_op("fill_", this, {}, value); return *this; }

    template <typename T, size_t N>
    TensorAccessor<T, N> accessor() const {
        TORCH_CHECK(dim() == static_cast<int64_t>(N), "TensorAccessor expected ", N, " dims but tensor has ", dim());
        return TensorAccessor<T, N>(data_ptr<T>(), impl_->sizes, impl_->strides);
    }
    template <typename T, size_t N, template <typename U> class PtrTraits = DefaultPtrTraits, typename index_t = int64_t>
    GenericPackedTensorAccessor<T, N, PtrTraits, index_t> generic_packed_accessor() const {
        TORCH_CHECK(dim() == static_cast<int64_t>(N), "TensorAccessor expected ", N, " dims but tensor has ", dim());
        return GenericPackedTensorAccessor<T, N, PtrTraits, index_t>(
            static_cast<typename PtrTraits<T>::PtrType>(data_ptr<T>()), impl_->sizes, impl_->strides);
    }
    template <typename T, size_t N, template <typename U> class PtrTraits = DefaultPtrTraits, typename index_t = int64_t>
    GenericPackedTensorAccessor<T, N, PtrTraits, index_t> packed_accessor() const {
        return generic_packed_accessor<T, N, PtrTraits, index_t>();
    }
    template <typename T, size_t N, template <typename U> class PtrTraits = DefaultPtrTraits>
    PackedTensorAccessor32<T, N, PtrTraits> packed_accessor32() const {
        TORCH_CHECK_VALUE(numel() <= static_cast<int64_t>(std::numeric_limits<int32_t>::max()),
                          "numel needs to be smaller than int32_t max; otherwise, please use packed_accessor64");
        return generic_packed_accessor<T, N, PtrTraits, int32_t>();
    }
    template <typename T, size_t N, template <typename U> class PtrTraits = DefaultPtrTraits>
    PackedTensorAccessor64<T, N, PtrTraits> packed_accessor64() const {
        return generic_packed_accessor<T, N, PtrTraits, int64_t>();
    }

    bool is_same(const Tensor& other) const { return impl_ == other.impl_; }

   private:
    // The description, shared by copies (as torch's TensorImpl is) and reference counted.
    struct Impl : AssayTensorDesc {
        explicit Impl(const AssayTensorDesc& d) : AssayTensorDesc(d) {
            node.handle = d.handle;
            detail::link_live(&node);
        }
        ~Impl() { detail::unlink_live(&node); }
        Impl(const Impl&) = delete;
        Impl& operator=(const Impl&) = delete;
        int64_t refs = 1;
        detail::LiveNode node;
    };
    void require() const {
        if (!impl_) throw Error("the tensor is undefined");
    }
    void retain() const {
        if (impl_) __atomic_add_fetch(&impl_->refs, 1, __ATOMIC_RELAXED);
    }
    void release() {
        if (impl_ && __atomic_sub_fetch(&impl_->refs, 1, __ATOMIC_ACQ_REL) == 0) delete impl_;
        impl_ = nullptr;
    }
    Impl* impl_ = nullptr;
};

inline void put(::assay::Message& m, const Tensor& t) {
    if (!t.defined()) {
        m.append("[ Tensor (undefined) ]");
        return;
    }
    ::c10::detail::str_into(m, "[ Tensor ", t.scalar_type(), " ", t.sizes(), " on ", t.device(), " ]");
}

#ifdef ASSAY_STD_OSTREAM
inline std::ostream& operator<<(std::ostream& os, const Tensor& t) {
    ::assay::Message m;
    put(m, t);
    return os << m.c_str();
}
#endif

namespace detail {
inline int32_t dtype_code(const TensorOptions& o) {
    return o.has_dtype() ? static_cast<int32_t>(o.dtype().toScalarType()) : -1;
}
inline int32_t device_type_code(const TensorOptions& o) {
    return o.has_device() ? (o.device().is_cuda() ? 1 : 0) : -1;
}
inline int32_t device_index_code(const TensorOptions& o) {
    return o.has_device() ? o.device().index() : -1;
}

inline Tensor host_op(const char* name, const Tensor* self, IntArrayRef ints, double scalar, int32_t dtype,
                      int32_t device_type, int32_t device_index) {
    const AssayCallContext* ctx = current_context;
    if (ctx == nullptr || ctx->op == nullptr) {
        throw Error(str("torch operation '", name, "' called outside a call from Python"));
    }
    AssayTensorDesc out;
    std::memset(&out, 0, sizeof out);
    char err[1024];
    err[0] = 0;
    int32_t rc = ctx->op(name, self ? &self->assay_desc() : nullptr, ints.data(), static_cast<int32_t>(ints.size()),
                         scalar, dtype, device_type, device_index, &out, err, static_cast<int32_t>(sizeof err));
    if (rc != 0) {
        err[sizeof err - 1] = 0;
        switch (rc) {
            case 2: throw ValueError(err);
            case 3: throw IndexError(err);
            case 5: throw TypeError(err);
            default: throw Error(err);
        }
    }
    if (out.handle < 0) return Tensor();
    return Tensor(out);
}
inline Tensor host_op(const char* name, const Tensor* self, std::initializer_list<int64_t> ints, double scalar,
                      int32_t dtype, int32_t device_type, int32_t device_index) {
    return host_op(name, self, IntArrayRef(ints.begin(), ints.size()), scalar, dtype, device_type, device_index);
}
}  // namespace detail

// Factories: allocation is torch's (through the loader), with torch's defaults (float32, CPU).
inline Tensor empty(IntArrayRef size, TensorOptions o = {}, optional<MemoryFormat> = nullopt) {
    return detail::host_op("empty", nullptr, size, 0, detail::dtype_code(o), detail::device_type_code(o),
                           detail::device_index_code(o));
}
inline Tensor zeros(IntArrayRef size, TensorOptions o = {}) {
    return detail::host_op("zeros", nullptr, size, 0, detail::dtype_code(o), detail::device_type_code(o),
                           detail::device_index_code(o));
}
inline Tensor ones(IntArrayRef size, TensorOptions o = {}) {
    return detail::host_op("ones", nullptr, size, 0, detail::dtype_code(o), detail::device_type_code(o),
                           detail::device_index_code(o));
}
inline Tensor full(IntArrayRef size, double value, TensorOptions o = {}) {
    return detail::host_op("full", nullptr, size, value, detail::dtype_code(o), detail::device_type_code(o),
                           detail::device_index_code(o));
}
inline Tensor empty_strided(IntArrayRef size, IntArrayRef stride, TensorOptions o = {}) {
    TORCH_CHECK(size.size() == stride.size() && size.size() <= ASSAY_MAX_DIMS,
                "empty_strided: sizes and strides must have the same length (at most ", ASSAY_MAX_DIMS, ")");
    int64_t both[2 * ASSAY_MAX_DIMS];
    for (size_t i = 0; i < size.size(); ++i) {
        both[i] = size[i];
        both[size.size() + i] = stride[i];
    }
    return detail::host_op("empty_strided", nullptr, IntArrayRef(both, 2 * size.size()), 0, detail::dtype_code(o),
                           detail::device_type_code(o), detail::device_index_code(o));
}
inline Tensor empty_like(const Tensor& t, TensorOptions o = {}, optional<MemoryFormat> = nullopt) {
    return detail::host_op("empty_like", &t, {}, 0, detail::dtype_code(o), detail::device_type_code(o),
                           detail::device_index_code(o));
}
inline Tensor zeros_like(const Tensor& t, TensorOptions o = {}) {
    return detail::host_op("zeros_like", &t, {}, 0, detail::dtype_code(o), detail::device_type_code(o),
                           detail::device_index_code(o));
}
inline Tensor ones_like(const Tensor& t, TensorOptions o = {}) {
    return detail::host_op("ones_like", &t, {}, 0, detail::dtype_code(o), detail::device_type_code(o),
                           detail::device_index_code(o));
}
inline Tensor full_like(const Tensor& t, double value, TensorOptions o = {}) {
    return detail::host_op("full_like", &t, {}, value, detail::dtype_code(o), detail::device_type_code(o),
                           detail::device_index_code(o));
}

template <typename T>
inline T ceil_div(T a, T b) {
    return (a + b - 1) / b;
}

inline optional<Device> device_of(const Tensor& t) {
    if (t.defined()) return t.device();
    return nullopt;
}

// Dispatch macros (the lambda is called with `scalar_t` bound to the C++ type).
#define ASSAY_DISPATCH_CASE(enum_type, type, ...) \
    case enum_type: {                             \
        using scalar_t = type;                    \
        return __VA_ARGS__();                     \
    }
#define ASSAY_DISPATCH_SWITCH(TYPE, NAME, CASES)                                                        \
    [&] {                                                                                                \
        const ::c10::ScalarType assay_st_ = static_cast<::c10::ScalarType>(TYPE);                       \
        switch (assay_st_) {                                                                             \
            CASES                                                                                        \
            default:                                                                                     \
                throw ::c10::NotImplementedError(                                                        \
                    ::c10::str('"', NAME, "\" not implemented for '", ::c10::toString(assay_st_), "'")); \
        }                                                                                                \
    }()
#define AT_DISPATCH_FLOATING_TYPES(TYPE, NAME, ...)                                      \
    ASSAY_DISPATCH_SWITCH(TYPE, NAME,                                                     \
        ASSAY_DISPATCH_CASE(::c10::ScalarType::Double, double, __VA_ARGS__)               \
        ASSAY_DISPATCH_CASE(::c10::ScalarType::Float, float, __VA_ARGS__))
#define AT_DISPATCH_INTEGRAL_TYPES(TYPE, NAME, ...)                                      \
    ASSAY_DISPATCH_SWITCH(TYPE, NAME,                                                     \
        ASSAY_DISPATCH_CASE(::c10::ScalarType::Byte, uint8_t, __VA_ARGS__)                \
        ASSAY_DISPATCH_CASE(::c10::ScalarType::Char, int8_t, __VA_ARGS__)                 \
        ASSAY_DISPATCH_CASE(::c10::ScalarType::Int, int32_t, __VA_ARGS__)                 \
        ASSAY_DISPATCH_CASE(::c10::ScalarType::Long, int64_t, __VA_ARGS__)                \
        ASSAY_DISPATCH_CASE(::c10::ScalarType::Short, int16_t, __VA_ARGS__))
#define AT_DISPATCH_ALL_TYPES(TYPE, NAME, ...)                                           \
    ASSAY_DISPATCH_SWITCH(TYPE, NAME,                                                     \
        ASSAY_DISPATCH_CASE(::c10::ScalarType::Byte, uint8_t, __VA_ARGS__)                \
        ASSAY_DISPATCH_CASE(::c10::ScalarType::Char, int8_t, __VA_ARGS__)                 \
        ASSAY_DISPATCH_CASE(::c10::ScalarType::Double, double, __VA_ARGS__)               \
        ASSAY_DISPATCH_CASE(::c10::ScalarType::Float, float, __VA_ARGS__)                 \
        ASSAY_DISPATCH_CASE(::c10::ScalarType::Int, int32_t, __VA_ARGS__)                 \
        ASSAY_DISPATCH_CASE(::c10::ScalarType::Long, int64_t, __VA_ARGS__)                \
        ASSAY_DISPATCH_CASE(::c10::ScalarType::Short, int16_t, __VA_ARGS__))

}  // namespace at

namespace c10 {
namespace cuda {}
}  // namespace c10
// As in c10/macros/Macros.h: at::cuda names are c10::cuda names.
namespace at {
namespace cuda {
using namespace c10::cuda;
}  // namespace cuda
}  // namespace at

namespace torch {
using namespace at;
}  // namespace torch
