// JSON for what `stores` and `check` both report: a store as found, the distribution,
// problems with their codes, findings.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "results/finding.h"
#include "stores/distro.h"
#include "stores/store.h"

namespace trustready::report {

nlohmann::json store_json(const stores::Store& s);
nlohmann::json distro_json(const stores::Distro& d);
/// [{"code": "unlinked-certificate", "message": "..."}]
nlohmann::json diagnostics_json(const std::vector<stores::Problem>& problems);
/// [{"code": "stale-copy", "message": "..."}]
nlohmann::json findings_json(const std::vector<results::Finding>& findings);

}  // namespace trustready::report
