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

  /// `argv` under a /bin/sh guard, for a server that changes its user id (exim,
  /// tinyproxy), which clears PR_SET_PDEATHSIG: a watcher the guard forks kills the
  /// server (SIGTERM, SIGKILL 1 s later) within 0.2 s of the guard's death (with the test, or by stop()).
  static std::vector<std::string> guarded(const std::vector<std::string>& argv);

  bool started() const { return pid_ > 0; }
  /// Still running (not exited, not killed).
  bool running();
  /// SIGTERM, then SIGKILL after 2 s; waits for it.
  void stop();

 private:
  pid_t pid_ = -1;
};

}  // namespace trustready::testing
