// Assay slim torch: stands in for <ATen/Dispatch.h> (see assay/torch_slim.h).
#pragma once
#include <assay/torch_slim.h>
