// Assay slim torch: stands in for <ATen/ATen.h> (see assay/torch_slim.h).
#pragma once
#include <assay/torch_slim.h>
