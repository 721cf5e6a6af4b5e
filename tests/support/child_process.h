// A server a test runs in the foreground (nginx): killed when the object goes, and by the
// kernel when the test process dies first (PR_SET_PDEATHSIG), so it never outlives the test.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace trustready::testing {

class ChildProcess {
 public:
  /// Starts argv[0] (looked up in PATH) with stdin from /dev/null and stdout and stderr
  /// appended to `log`. started() says whether it could be started.
  ChildProcess(const std::vector<std::string>& argv, const std::string& log);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }
  /// Still running (not exited, not killed).
  bool running();
  /// SIGTERM, then SIGKILL after 2 s; waits for it.
  void stop();

 private:
  pid_t pid_ = -1;
};

}  // namespace trustready::testing
