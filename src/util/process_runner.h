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

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  /// Runs argv[0] (looked up in PATH) with stdin closed. An error when it cannot start,
  /// outlives the timeout or prints too much; a non-zero exit is not an error, the caller
  /// reads exit_code. Never through a shell.
  virtual Result<ProcessOutput> run(const std::vector<std::string>& argv, const ProcessLimits& limits) const = 0;
};

/// The runner that starts real programs on this machine (util/subprocess.cpp).
const ProcessRunner& system_process_runner();

}  // namespace trustready
