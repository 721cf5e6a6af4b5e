// What `probe` reads before connecting: the targets (arguments, -f FILE, -f - for stdin,
// the catalog's test endpoints) and each target's proxy (--proxy, the environment).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/migration.h"
#include "probe/proxy.h"
#include "probe/target.h"
#include "util/result.h"

namespace trustready::cli {

struct TargetSources {
  std::vector<std::string> arguments;
  std::vector<std::string> files;  ///< "-" is stdin
  const catalog::Migration* test_endpoints_of = nullptr;
};

/// Every target, in the order given; an error names the argument, file and line.
Result<std::vector<probe::Target>> read_targets(const TargetSources& sources);

/// Each target's proxy: --proxy, else https_proxy/HTTPS_PROXY (https) or all_proxy/ALL_PROXY,
/// unless --noproxy or no_proxy/NO_PROXY names the host (curl's rules).
Result<std::vector<std::optional<probe::Proxy>>> choose_proxies(const std::vector<probe::Target>& targets,
                                                                 const std::optional<std::string>& proxy,
                                                                 const std::optional<std::string>& noproxy);

}  // namespace trustready::cli
