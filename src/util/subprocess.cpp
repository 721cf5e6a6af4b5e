#include "util/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "util/process_wait.h"

extern char** environ;

namespace trustready {
namespace detail {

Pipe::~Pipe() {
  for (int f : fd)
    if (f >= 0) ::close(f);
}

void Pipe::close_end(int i) {
  if (fd[i] >= 0) ::close(fd[i]);
  fd[i] = -1;
}

Result<ProcessOutput> await_child(pid_t pid, const std::string& program, Pipe& out, Pipe& err, const ProcessLimits& limits,
                                  Pipe* status, std::string* status_bytes) {
  ProcessOutput result;
  Pipe* pipes[3] = {&out, &err, status};
  std::string* sinks[3] = {&result.out, &result.err, status_bytes};
  const int watched = status ? 3 : 2;
  const auto open = [&] {
    for (int i = 0; i < watched; ++i)
      if (pipes[i]->fd[0] >= 0) return true;
    return false;
  };
  const auto deadline = std::chrono::steady_clock::now() + limits.timeout;
  std::string failure;
  char buf[65536];
  while (open()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      failure = program + ": no answer within " + std::to_string(limits.timeout.count()) + " ms (killed)";
      break;
    }
    pollfd fds[3] = {};
    for (int i = 0; i < watched; ++i) fds[i] = {pipes[i]->fd[0], POLLIN, 0};
    const int n = ::poll(fds, static_cast<nfds_t>(watched), static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      failure = program + ": poll: " + std::strerror(errno);
      break;
    }
    for (int i = 0; i < watched; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got <= 0) {
        pipes[i]->close_end(0);
        continue;
      }
      std::string& sink = *sinks[i];
      sink.append(buf, static_cast<std::size_t>(got));
      if (sink.size() > limits.max_output) failure = program + ": printed more than the limit (killed)";
    }
    if (!failure.empty()) break;
  }
  int wait_status = 0;
  // Both pipes closed is not the end: a program may close them and go on running.
  for (int waited = 0; failure.empty();) {
    const pid_t done = ::waitpid(pid, &wait_status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      failure = program + ": did not exit within " + std::to_string(limits.timeout.count()) + " ms (killed)";
      break;
    }
    ::usleep(waited++ < 100 ? 200 : 5000);
  }
  if (!failure.empty()) {
    ::kill(-pid, SIGKILL);
    while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
    }
  }
  if (!failure.empty()) return make_error(failure);
  result.exit_code = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
  return result;
}

}  // namespace detail

std::string find_in_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return ::access(name.c_str(), X_OK) == 0 ? name : std::string();
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "/usr/bin:/bin";
  while (!rest.empty()) {
    const std::size_t colon = std::min(rest.find(':'), rest.size());
    std::string candidate(rest.substr(0, colon));
    rest.remove_prefix(std::min(colon + 1, rest.size()));
    if (candidate.empty()) continue;
    candidate += '/';
    candidate += name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

Result<ProcessOutput> run_process(const std::vector<std::string>& argv, const ProcessLimits& limits) {
  if (argv.empty()) return make_error("run_process: no program");
  const std::string program = find_in_path(argv[0]);
  if (program.empty()) return make_error(argv[0] + ": not found in PATH");
  detail::Pipe out, err;
  if (::pipe2(out.fd, O_CLOEXEC) != 0 || ::pipe2(err.fd, O_CLOEXEC) != 0)
    return make_error(argv[0] + ": pipe: " + std::strerror(errno));

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);  // killable as a group on timeout
  posix_spawnattr_setpgroup(&attr, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, program.c_str(), &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return make_error(program + ": cannot run: " + std::strerror(rc));
  out.close_end(1);
  err.close_end(1);

  return detail::await_child(pid, program, out, err, limits);
}

}  // namespace trustready

namespace trustready {
namespace {

class SystemProcessRunner final : public ProcessRunner {
 public:
  Result<ProcessOutput> run(const std::vector<std::string>& argv, const ProcessLimits& limits) const override {
    return run_process(argv, limits);
  }
  Result<ProcessOutput> run_confined(const std::vector<std::string>& argv, const ProcessLimits& limits,
                                     const Confinement& confinement) const override {
    return run_process(argv, limits, confinement);
  }
};

}  // namespace

const ProcessRunner& system_process_runner() {
  static const SystemProcessRunner runner;
  return runner;
}

}  // namespace trustready
