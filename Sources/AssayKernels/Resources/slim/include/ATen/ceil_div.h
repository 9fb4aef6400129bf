// Assay slim torch: stands in for <ATen/ceil_div.h> (see assay/torch_slim.h).
#pragma once
#include <assay/torch_slim.h>
