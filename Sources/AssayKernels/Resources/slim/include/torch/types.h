// Assay slim torch: stands in for <torch/types.h> (see assay/torch_slim.h).
#pragma once
#include <assay/torch_slim.h>
