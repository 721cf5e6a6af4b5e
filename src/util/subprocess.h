// Running a helper program (certutil, node) with a deadline and bounded output: the real
// ProcessRunner.
#pragma once

#include <string>
#include <vector>

#include "util/process_runner.h"

namespace trustready {

/// Runs argv[0] (looked up in PATH) with stdin closed. An error when it cannot start,
/// outlives the timeout (it is killed, with its process group) or prints too much;
/// a non-zero exit is not an error, the caller reads exit_code.
Result<ProcessOutput> run_process(const std::vector<std::string>& argv, const ProcessLimits& limits = {});

/// The first executable `name` in this process's PATH, or empty.
std::string find_in_path(const std::string& name);

}  // namespace trustready
