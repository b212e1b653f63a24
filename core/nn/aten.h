#pragma once
// The narrow ATen include set core's torch code uses. <torch/torch.h> costs
// 15-24 s and ~1 GB per translation unit; this costs a few seconds. Include
// <ATen/ops/NAME.h> for any further operator a file needs.
#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>
#include <c10/core/InferenceMode.h>
#include <c10/core/ScalarType.h>
