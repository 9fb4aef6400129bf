// Assay slim torch: stands in for <ATen/core/TensorAccessor.h> (see assay/torch_slim.h).
#pragma once
#include <assay/torch_slim.h>
