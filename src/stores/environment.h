// The environment variables that point clients at trust stores, or say where
// applications are: discovery reads them (from this process, only when judging this
// host: a container's variables are not ours), and the command line passes their values.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace trustready::stores {

/// Every variable discovery reads, each once.
const std::vector<std::string>& discovery_variables();

/// Values of `discovery_variables()` that `lookup` knows (it returns nullptr for unset).
template <typename Lookup>
std::map<std::string, std::string> discovery_environment(Lookup lookup) {
  std::map<std::string, std::string> env;
  for (const auto& name : discovery_variables())
    if (const char* value = lookup(name.c_str())) env[name] = value;
  return env;
}

}  // namespace trustready::stores
