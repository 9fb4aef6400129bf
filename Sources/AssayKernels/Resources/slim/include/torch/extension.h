// Assay slim torch: stands in for <torch/extension.h> (see assay/torch_slim.h).
#pragma once
#include <assay/torch_slim.h>
