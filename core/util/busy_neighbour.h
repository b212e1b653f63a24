#pragma once
// A process that keeps one core busy until destroyed: what a browser or a
// compiler beside the studio does to it, for `bench --busy`. It is a child
// process, not a thread, so the thread governor (core/util/threads.h) sees
// it as another program's load. No torch, no Qt.
#include <sys/types.h>

namespace sd {

class BusyNeighbour {
 public:
  BusyNeighbour();   // throws sd::Error when no process can be started
  ~BusyNeighbour();  // kills and reaps it
  BusyNeighbour(const BusyNeighbour&) = delete;
  BusyNeighbour& operator=(const BusyNeighbour&) = delete;

 private:
  pid_t m_pid = -1;
};

}  // namespace sd
