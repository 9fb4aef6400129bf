# Sourced (not run) by the GPU-box scripts, from the repository root: sets ASSAY_BIN (unpacking
# the static binary carried as out/assay.xz unless ASSAY_BIN is given) and the environment the
# kernel compile service needs there (resources, Python, CUDA's nvcc on PATH).
if [ -z "${ASSAY_BIN:-}" ]; then
    if [ ! -f out/assay.xz ]; then
        echo "no out/assay.xz and no ASSAY_BIN: build and carry the static binary (docs/kernels.md)" >&2
        exit 2
    fi
    # A fresh file each time: an earlier run's binary may still be executing (workers, servers).
    ASSAY_BIN="$(mktemp /tmp/assay-bin.XXXXXX)"
    xz -dc out/assay.xz > "$ASSAY_BIN"
    chmod +x "$ASSAY_BIN"
    export ASSAY_BIN
fi
export ASSAY_KERNELS_RESOURCES="$PWD/Sources/AssayKernels/Resources"
export ASSAY_PYTHON="${ASSAY_PYTHON:-python3}"
export PATH="/usr/local/cuda/bin:$PATH"
# The box exports CC/CXX=/opt/gcc/bin/gcc|g++, shell wrappers around the same GCC 13.3 with their
# own -B paths. A load_inline (pybind11) extension built with that CXX crashes the process when it
# throws a C++ exception (a TORCH_CHECK), where the system compiler's build raises RuntimeError
# (scripts/diagnose-slim-throw.sh, WITH_REFERENCE=1, 2026-11-26). Assay's full path builds with
# load_inline, and a crash would turn a candidate's runtime error into `crashed` (still never a
# pass); so the GPU-box scripts use the system compiler.
unset CC CXX
