// Assay slim torch: stands in for <ATen/Tensor.h> (see assay/torch_slim.h).
#pragma once
#include <assay/torch_slim.h>
