#pragma once
// Work spread over LibTorch's own intra-op threads (as many as
// core/util/threads.h set, adapting to the machine's load).
//
// Why not at::parallel_for in place: it is an inline template whose
// `#pragma omp parallel` is compiled into the calling file, so in a file
// built without -fopenmp it silently runs everything on the calling
// thread. This one file is built with OpenMP and linked to the same
// libgomp.so.1 LibTorch uses (Debian's, or the copy in the PyPI wheel,
// found first by the executable's run path), so the work lands on torch's
// pool. Threads of our own instead would compete with that pool's workers,
// which spin for a while after every operator: on two cores they made the
// text encoder 4× slower.
#include <cstdint>
#include <functional>

namespace sd {

// Calls task(i) for every i in [0, count), split evenly over torch's
// threads, each under the caller's InferenceMode (it is per thread). The
// first exception a task throws is rethrown here.
void forEachOnTorchThreads(int64_t count, const std::function<void(int64_t)>& task);

}  // namespace sd
