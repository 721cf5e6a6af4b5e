// Running other programs (certutil, node; later update-ca-certificates, keytool) behind
// one narrow interface, as ninja's CommandRunner: readers and writers take a runner,
// tests hand them a fake one where the real program cannot run.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "util/result.h"

namespace trustready {

struct ProcessOutput {
  int exit_code = -1;  ///< -1 when killed by a signal
  std::string out;
  std::string err;
};

struct ProcessLimits {
  std::chrono::milliseconds timeout{5000};
  std::size_t max_output = 64u << 20;  ///< stdout and stderr each; beyond it the run fails
};

struct BindMount {
  std::string source;
  std::string target;
};
/// How a command is confined. Empty: runs on this host as it is.
struct Confinement {
  std::string chroot_dir;
  std::vector<BindMount> binds;
  std::vector<std::string> env;
  bool empty() const { return chroot_dir.empty() && binds.empty() && env.empty(); }
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  /// Runs argv[0] (looked up in PATH) with stdin closed. An error when it cannot start,
  /// outlives the timeout or prints too much; a non-zero exit is not an error, the caller
  /// reads exit_code. Never through a shell.
  virtual Result<ProcessOutput> run(const std::vector<std::string>& argv, const ProcessLimits& limits) const = 0;
  virtual Result<ProcessOutput> run_confined(const std::vector<std::string>& argv, const ProcessLimits& limits,
                                             const Confinement& confinement) const {
    if (confinement.empty()) return run(argv, limits);
    return make_error(argv.empty() ? "no program" : argv[0] + ": this runner cannot confine commands");
  }
};

/// The runner that starts real programs on this machine (util/subprocess.cpp).
const ProcessRunner& system_process_runner();

}  // namespace trustready
