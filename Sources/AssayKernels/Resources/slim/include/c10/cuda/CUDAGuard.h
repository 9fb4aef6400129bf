// Assay slim torch: stands in for <c10/cuda/CUDAGuard.h> (see assay/torch_slim.h).
#pragma once
#include <assay/cuda_guard.h>
