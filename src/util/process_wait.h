// What run_process and its confined form share once a child is started: reading its
// output to a bound, the deadline, and the kill of its whole process group.
#pragma once

#include <sys/types.h>

#include <string>

#include "util/process_runner.h"

namespace trustready::detail {

/// A pipe whose ends close with it.
struct Pipe {
  int fd[2] = {-1, -1};
  Pipe() = default;
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  ~Pipe();
  void close_end(int i);
};

/// Reads the read ends of `out` and `err` (and of `status`, when given, into *status_bytes)
/// until they close and `pid` exits. An error naming `program` when it outlives
/// limits.timeout or prints more than limits.max_output: then its process group `pid` is
/// killed and reaped. The write ends must already be closed in this process.
Result<ProcessOutput> await_child(pid_t pid, const std::string& program, Pipe& out, Pipe& err, const ProcessLimits& limits,
                                  Pipe* status = nullptr, std::string* status_bytes = nullptr);

}  // namespace trustready::detail
