#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "report/escape.h"
#include "report/listing_report.h"
#include "report/store_json.h"

namespace trustready::report {

using nlohmann::json;

std::string stores_text(const results::StoresResult& d, const Style& st) {
  std::string out = st.bold(fmt::format("trust stores under {} ({})", shown(d.root),
                                        d.distro.pretty_name.empty() ? "unknown distribution" : shown(d.distro.pretty_name))) +
                    "\n\n";
  std::size_t width = 4;
  for (const auto& s : d.stores) width = std::max(width, shown(s.location.path).size());
  out += st.bold(fmt::format("{} {} {:>5}  {}", pad("KIND", 13), pad("PATH", width), "CERTS", "READ BY")) + "\n";
  const std::string indent(14, ' ');
  for (const auto& s : d.stores) {
    std::string consumers;
    for (const auto& c : s.location.consumers) consumers += (consumers.empty() ? "" : ", ") + shown(c);
    std::string kind = s.location.role == stores::StoreRole::AnchorSource ? "anchor-folder" : to_string(s.location.kind);
    if (s.location.kind == stores::StoreKind::Keystore && !s.format.empty()) kind = s.format;
    out += fmt::format("{} {} {:>5}  {}\n", pad(kind, 13), pad(shown(s.location.path), width),
                       s.error ? "-" : std::to_string(s.certificates.size()), consumers);
    if (!s.resolved_path.empty() && s.resolved_path != s.location.path)
      out += indent + st.dim("-> " + shown(s.resolved_path)) + "\n";
    if (s.error) out += indent + st.paint("error: ", "1;35") + shown(*s.error) + "\n";
    for (const auto& p : s.problems) out += indent + st.paint("warning: ", "33") + shown(p.message) + "\n";
    for (const auto& n : s.notes) out += indent + st.dim("note: " + shown(n)) + "\n";
  }
  if (d.stores.empty()) out += "(none found)\n";
  if (!d.sdks.empty()) {
    out += '\n';
    out += st.bold(fmt::format("{} {} {}", pad("AWS SDK / CLI", 18), pad("VERSION", 10), "WHERE")) + "\n";
    for (const auto& sdk : d.sdks)
      out += fmt::format("{} {} {}\n", pad(shown(sdk.name), 18), pad(shown(sdk.version), 10), shown(sdk.path));
  }
  for (const auto& p : d.search_problems) out += st.paint("warning: ", "33") + shown(p.message) + "\n";
  return out;
}

std::string stores_json(const results::StoresResult& d) {
  json stores = json::array();
  for (const auto& s : d.stores) stores.push_back(store_json(s));
  json found = json::array();
  for (const auto& s : d.sdks)
    found.push_back({{"name", s.name},
                     {"version", s.version},
                     {"path", s.path},
                     {"found_by", s.found_by},
                     {"source", software::to_string(s.source)}});
  json out = {{"root", d.root},
              {"distro", distro_json(d.distro)},
              {"stores", stores},
              {"sdks", found},
              {"problems", stores::messages(d.search_problems)},
              {"diagnostics", diagnostics_json(d.search_problems)}};
  return dump_json(std::move(out));
}

}  // namespace trustready::report
