// Assay slim torch: stands in for <c10/util/Optional.h> (see assay/torch_slim.h).
#pragma once
#include <assay/torch_slim.h>
