// Assay slim torch: stands in for <c10/macros/Macros.h> (see assay/torch_slim.h).
#pragma once
#include <assay/torch_slim.h>
