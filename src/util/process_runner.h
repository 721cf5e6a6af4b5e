// Running other programs (certutil, node, update-ca-certificates, keytool) behind one
// narrow interface, as ninja's CommandRunner: readers and writers take a runner, tests
// hand them a fake one where the real program cannot run.
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

/// One bind mount of a confined run: both are paths on this host; target must exist.
struct BindMount {
  std::string source;
  std::string target;
};

/// How a command is confined (`fix --apply --root DIR` runs a distribution's update tool
/// for DIR, never on the host). Empty: it runs on this host as it is.
struct Confinement {
  /// chroot(2) into this folder (then chdir "/") before exec; argv[0] is looked up in the
  /// root's PATH (/usr/sbin:/usr/bin:/sbin:/bin) inside it, which is also the child's PATH
  /// unless `env` sets one.
  std::string chroot_dir;
  /// In the child's own mount namespace (made private first, so nothing propagates back
  /// to the host), each source is bound over its target, in order, before the chroot.
  std::vector<BindMount> binds;
  /// Extra KEY=VALUE for the child, over this process's environment (e.g. a keystore
  /// password for keytool's -storepass:env, which must never be in argv).
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
  /// run(), confined as `confinement` says. A runner that cannot confine (a test's fake)
  /// runs an empty confinement as run() and refuses any other.
  virtual Result<ProcessOutput> run_confined(const std::vector<std::string>& argv, const ProcessLimits& limits,
                                             const Confinement& confinement) const {
    if (confinement.empty()) return run(argv, limits);
    return make_error((argv.empty() ? std::string("run_confined") : argv[0]) + ": this runner cannot confine commands");
  }
};

/// The runner that starts real programs on this machine (util/subprocess.cpp).
const ProcessRunner& system_process_runner();

}  // namespace trustready
