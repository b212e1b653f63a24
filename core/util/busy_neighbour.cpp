#include "core/util/busy_neighbour.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/util/error.h"

namespace sd {

BusyNeighbour::BusyNeighbour() {
  m_pid = fork();
  if (m_pid < 0) throw Error(std::string("could not start a busy process: ") + std::strerror(errno));
  if (m_pid == 0) {
    // The child of a threaded parent may only call async-signal-safe
    // functions: it asks to die with its parent, then spins.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    volatile unsigned long spins = 0;
    for (;;) spins = spins + 1;
  }
}

BusyNeighbour::~BusyNeighbour() {
  if (m_pid <= 0) return;
  kill(m_pid, SIGKILL);
  int status = 0;
  while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace sd
