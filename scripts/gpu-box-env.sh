# Sourced (not run) by the GPU-box scripts, from the repository root: sets ASSAY_BIN (unpacking
# the static binary carried as out/assay.xz unless ASSAY_BIN is given) and the environment the
# kernel compile service needs there (resources, Python, CUDA's nvcc on PATH).
if [ -z "${ASSAY_BIN:-}" ]; then
    if [ ! -f out/assay.xz ]; then
        echo "no out/assay.xz and no ASSAY_BIN: build and carry the static binary (docs/kernels.md)" >&2
        exit 2
    fi
    xz -dc out/assay.xz > /tmp/assay-bin
    chmod +x /tmp/assay-bin
    ASSAY_BIN=/tmp/assay-bin
fi
export ASSAY_KERNELS_RESOURCES="$PWD/Sources/AssayKernels/Resources"
export ASSAY_PYTHON="${ASSAY_PYTHON:-python3}"
export PATH="/usr/local/cuda/bin:$PATH"
