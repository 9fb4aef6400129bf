// Assay slim torch: stands in for <ATen/cuda/CUDAUtils.h> (see assay/torch_slim.h).
#pragma once
#include <assay/cuda_context.h>
