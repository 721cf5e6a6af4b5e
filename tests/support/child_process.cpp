#include "support/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace trustready::testing {

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& log) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ != 0) return;
  // The child: die with the test process, whatever kills it.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
  const int in = ::open("/dev/null", O_RDONLY);
  const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (in < 0 || out < 0) ::_exit(127);
  ::dup2(in, 0);
  ::dup2(out, 1);
  ::dup2(out, 2);
  ::execvp(args[0], args.data());
  ::_exit(127);
}

ChildProcess::~ChildProcess() { stop(); }

std::vector<std::string> ChildProcess::guarded(const std::vector<std::string>& argv) {
  // The watcher is forked by the guard, so PR_SET_PDEATHSIG (not inherited) spares it;
  // it polls the guard's /proc entry (a zombie counts as dead: the guard's parent, the
  // test, may be gone and init slow to reap it).
  std::vector<std::string> out = {"/bin/sh", "-c",
                                  "\"$@\" & s=$!; g=$$; trap 'kill $s 2>/dev/null; exit 0' TERM\n"
                                  "(while grep -qs '^State:[[:space:]]*[^Z]' /proc/$g/status && kill -0 $s 2>/dev/null;"
                                  " do sleep 0.2; done; kill $s 2>/dev/null && sleep 1 && kill -9 $s 2>/dev/null) &\n"
                                  "wait $s",
                                  "guard"};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == 0) return true;
  pid_ = -1;  // exited, and reaped
  return false;
}

void ChildProcess::stop() {
  if (!running()) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 40; ++i) {  // at most 2 s
    if (!running()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace trustready::testing
