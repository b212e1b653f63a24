#include "core/models/resnet_block.h"

#include "core/nn/aten.h"
#include <ATen/ops/silu.h>

#include "core/util/error.h"
#include "core/util/interruption.h"

namespace sd {

ResnetBlock2D::ResnetBlock2D(const ResnetSpec& s)
    : norm1(s.groups, s.inChannels, s.eps),
      conv1(s.inChannels, s.outChannels, 3, 1, 1),
      norm2(s.groups, s.outChannels, s.eps),
      conv2(s.outChannels, s.outChannels, 3, 1, 1),
      m_outputScaleFactor(s.outputScaleFactor) {
  registerModule("norm1", norm1);
  registerModule("conv1", conv1);
  if (s.tembChannels > 0) registerModule("time_emb_proj", time_emb_proj.emplace(s.tembChannels, s.outChannels));
  registerModule("norm2", norm2);
  registerModule("conv2", conv2);
  if (s.inChannels != s.outChannels)
    registerModule("conv_shortcut", conv_shortcut.emplace(s.inChannels, s.outChannels, 1));
}

at::Tensor ResnetBlock2D::operator()(const at::Tensor& x, const at::Tensor& temb) const {
  interruptionPoint();  // a cancel lands between layers, not after a whole step
  // In place wherever the block owns the tensor (a norm's or a
  // convolution's fresh output): the same numbers without a new activation
  // per operator.
  auto h = conv1(siluInPlace(norm1(x)));
  if (time_emb_proj) {
    if (!temb.defined()) throw Error("ResnetBlock2D: this block needs a time embedding");
    h.add_((*time_emb_proj)(at::silu(temb)).unsqueeze(-1).unsqueeze(-1));
  }
  interruptionPoint();  // each convolution is a second or more at full size on a CPU
  h = conv2(siluInPlace(norm2(h)));  // dropout is identity at inference
  h.add_(conv_shortcut ? (*conv_shortcut)(x) : x);  // shortcut + h: addition commutes, bit for bit
  return m_outputScaleFactor == 1.0 ? h : h.div_(m_outputScaleFactor);
}

}  // namespace sd
