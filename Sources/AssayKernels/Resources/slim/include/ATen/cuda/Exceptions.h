// Assay slim torch: stands in for <ATen/cuda/Exceptions.h> (see assay/torch_slim.h).
#pragma once
#include <assay/aten_cuda_exceptions.h>
