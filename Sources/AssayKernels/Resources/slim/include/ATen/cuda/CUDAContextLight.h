// Assay slim torch: stands in for <ATen/cuda/CUDAContextLight.h> (see assay/torch_slim.h).
#pragma once
#include <assay/cuda_context.h>
