// Assay slim torch: what ATen/cuda/Exceptions.h provides.
#pragma once
#include <assay/cuda_exception.h>

#define AT_CUDA_CHECK(expr) C10_CUDA_CHECK(expr)
