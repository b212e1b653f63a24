#pragma once
// Runs independent jobs on a few threads. No torch here.
#include <cstddef>
#include <functional>

namespace sd {

// Calls work(i) for every i in [0, count) on up to `threads` threads (the
// calling thread is one of them), handing out indices in order as threads
// come free, so big and small jobs balance. The first exception thrown by a
// job stops the hand-out and is rethrown here once every thread has stopped.
void forEachInParallel(std::size_t count, int threads, const std::function<void(std::size_t)>& work);

}  // namespace sd
