// Assay slim torch: stands in for <c10/cuda/CUDAException.h> (see assay/torch_slim.h).
#pragma once
#include <assay/cuda_exception.h>
