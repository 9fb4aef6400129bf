// Assay slim torch: stands in for <c10/util/BFloat16.h> (see assay/torch_slim.h).
#pragma once
#include <assay/torch_slim.h>
