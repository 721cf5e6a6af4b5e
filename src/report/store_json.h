// JSON for what `stores` and `check` both report: a store as found, and the distribution.
#pragma once

#include <nlohmann/json.hpp>

#include "stores/distro.h"
#include "stores/store.h"

namespace trustready::report {

nlohmann::json store_json(const stores::Store& s);
nlohmann::json distro_json(const stores::Distro& d);

}  // namespace trustready::report
