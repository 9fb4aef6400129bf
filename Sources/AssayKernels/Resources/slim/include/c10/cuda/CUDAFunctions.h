// Assay slim torch: stands in for <c10/cuda/CUDAFunctions.h> (see assay/torch_slim.h).
#pragma once
#include <assay/cuda_functions.h>
