#include "report/store_json.h"

namespace trustready::report {

using nlohmann::json;

json store_json(const stores::Store& s) {
  const auto& loc = s.location;
  return {{"id", loc.id},
          {"kind", to_string(loc.kind)},
          {"role", to_string(loc.role)},
          {"origin", to_string(loc.origin)},
          {"owner", {{"kind", to_string(loc.owner.kind)}, {"name", loc.owner.name}, {"path", loc.owner.path}}},
          {"path", loc.path},
          {"resolved_path", s.resolved_path},
          {"found_by", loc.found_by},
          {"consumers", loc.consumers},
          {"also_trusts", to_string(loc.also_trusts)},
          {"certificates", s.certificates.size()},
          {"verifier", to_string(loc.verifier)},
          {"format", s.format},
          {"error", s.error ? json(*s.error) : json(nullptr)},
          {"problems", stores::messages(s.problems)},
          {"diagnostics", diagnostics_json(s.problems)},
          {"notes", s.notes}};
}

json distro_json(const stores::Distro& d) {
  return {{"id", d.id}, {"version", d.version_id}, {"family", to_string(d.family)}};
}

json diagnostics_json(const std::vector<stores::Problem>& problems) {
  json out = json::array();
  for (const auto& p : problems) out.push_back({{"code", to_string(p.code)}, {"message", p.message}});
  return out;
}

json findings_json(const std::vector<results::Finding>& findings) {
  json out = json::array();
  for (const auto& f : findings) out.push_back({{"code", to_string(f.code)}, {"message", f.message()}});
  return out;
}

}  // namespace trustready::report
