// Assay slim torch: stands in for <torch/all.h> (see assay/torch_slim.h).
#pragma once
#include <assay/torch_slim.h>
