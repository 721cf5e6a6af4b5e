#include "install/saved_plan.h"

#include <nlohmann/json.hpp>

namespace trustready::install {

using nlohmann::json;

Status same_plan(std::string_view saved, const std::string& source, const Plan& fresh, const std::string& fresh_json) {
  json old;
  try {
    old = json::parse(saved);
  } catch (const std::exception& e) {
    return make_error(source + ": not a plan (JSON): " + e.what());
  }
  if (!old.is_object() || !old.contains("files") || !old["files"].is_array() || !old.contains("stores"))
    return make_error(source + ": not a plan written by trustready fix --format json");
  for (const auto& f : fresh.files) {
    const json* was = nullptr;
    for (const auto& o : old["files"])
      if (o.is_object() && o.value("path", "") == f.path) was = &o;
    const std::string now = f.exists ? "sha256 " + f.sha256.hex() : "absent";
    if (!was) return make_error(f.path + " is in the plan now but not in " + source + "; run trustready fix again");
    const bool existed = was->value("exists", false);
    const std::string then = existed ? "sha256 " + was->value("sha256", "") : "absent";
    if (then != now)
      return make_error(f.path + " changed since " + source + " was made (" + then + ", now " + now +
                        "); nothing was written: run trustready fix again");
  }
  if (old != json::parse(fresh_json))
    return make_error("the plan in " + source + " is not the plan for this host now (its stores or steps differ); "
                      "nothing was written: run trustready fix again");
  return ok_status();
}

}  // namespace trustready::install
