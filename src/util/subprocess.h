// Running a helper program (certutil, node, an update tool) with a deadline and bounded
// output, on this host or confined to a root tree: the real ProcessRunner.
#pragma once

#include <string>
#include <vector>

#include "util/process_runner.h"

namespace trustready {

/// Runs argv[0] (looked up in PATH) with stdin closed. An error when it cannot start,
/// outlives the timeout (it is killed, with its process group) or prints too much;
/// a non-zero exit is not an error, the caller reads exit_code.
Result<ProcessOutput> run_process(const std::vector<std::string>& argv, const ProcessLimits& limits = {});

/// run_process, confined (util/confined_process.cpp): the child is forked (posix_spawn
/// cannot unshare or chroot), then makes its mount namespace, binds, chroots and execs;
/// a step that fails there is a one-line error naming it and the paths. An empty
/// confinement is run_process(argv, limits).
Result<ProcessOutput> run_process(const std::vector<std::string>& argv, const ProcessLimits& limits,
                                  const Confinement& confinement);

/// The first executable `name` in this process's PATH, or empty.
std::string find_in_path(const std::string& name);

}  // namespace trustready
