// Running a helper program (certutil, node) with a deadline and bounded output.
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

/// Runs argv[0] (looked up in PATH) with stdin closed. An error when it cannot start,
/// outlives the timeout (it is killed, with its process group) or prints too much;
/// a non-zero exit is not an error, the caller reads exit_code.
Result<ProcessOutput> run_process(const std::vector<std::string>& argv, const ProcessLimits& limits = {});

/// The first executable `name` in this process's PATH, or empty.
std::string find_in_path(const std::string& name);

}  // namespace trustready
