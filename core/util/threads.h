#pragma once

namespace sd {

// torch 1.13 uses half the cores by default (1 thread on a 2-core machine).
// Sets torch's intra-op thread count to `threads`, or to every core when 0.
// Returns the count in effect.
int configureTorchThreads(int threads = 0);

}  // namespace sd
