// Assay slim torch: stands in for <c10/core/TensorOptions.h> (see assay/torch_slim.h).
#pragma once
#include <assay/torch_slim.h>
