#include "report/store_json.h"

namespace trustready::report {

using nlohmann::json;

json store_json(const stores::Store& s) {
  return {{"id", s.location.id},
          {"kind", to_string(s.location.kind)},
          {"role", to_string(s.location.role)},
          {"path", s.location.path},
          {"resolved_path", s.resolved_path},
          {"found_by", s.location.found_by},
          {"consumers", s.location.consumers},
          {"certificates", s.certificates.size()},
          {"verifier", to_string(s.location.verifier)},
          {"format", s.format},
          {"error", s.error ? json(*s.error) : json(nullptr)},
          {"problems", s.problems},
          {"notes", s.notes}};
}

json distro_json(const stores::Distro& d) {
  return {{"id", d.id}, {"version", d.version_id}, {"family", to_string(d.family)}};
}

}  // namespace trustready::report
