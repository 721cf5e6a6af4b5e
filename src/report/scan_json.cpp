#include <nlohmann/json.hpp>

#include "report/escape.h"
#include "report/scan_report.h"

namespace trustready::report {
namespace {

using nlohmann::json;

json names(const std::vector<const catalog::Anchor*>& anchors) {
  json out = json::array();
  for (const auto* a : anchors) out.push_back(a->name);
  return out;
}

json verdict_or_null(const std::optional<judge::Verdict>& v) { return v ? json(judge::to_string(*v)) : json(nullptr); }

json store_json(const results::ScannedStore& s) {
  const auto& f = s.found;
  json certs = json::array();
  for (const auto& c : f.certificates) certs.push_back({{"subject", c.subject()}, {"sha256", c.sha256().hex()}});
  return {{"source", s.source},
          {"path", f.path},
          {"line", f.at.line},
          {"column", f.at.column},
          {"format", scan::to_string(f.format)},
          {"vendor", f.vendor == scan::StoreVendor::None ? json(nullptr) : json(scan::to_string(f.vendor))},
          {"embedded", f.embedded},
          {"certificates", f.certificates.size()},
          {"certificate_list", certs},
          {"trust_store", s.judgement.has_value()},
          {"verdict", s.judgement ? json(judge::to_string(s.judgement->verdict)) : json(nullptr)},
          {"anchors_present", s.judgement ? names(s.judgement->present) : json::array()},
          {"missing", s.judgement ? names(s.judgement->missing) : json::array()},
          {"reason", s.reason},
          {"fix", s.fix},
          {"problems", f.problems}};
}

json pin_set_json(const results::ScannedPins& p) {
  json pins = json::array();
  for (const auto& pin : p.set.pins)
    pins.push_back({{"text", pin.text}, {"digest", scan::to_string(pin.digest)}, {"line", pin.at.line}, {"column", pin.at.column}});
  json hits = json::array();
  for (const auto& h : p.judgement.hits)
    hits.push_back({{"pin", h.pin}, {"chain", h.chain}, {"certificate", h.certificate}, {"position", h.position},
                    {"every_path", h.every_path}});
  json add = json::array();
  for (const auto& a : p.judgement.add) add.push_back({{"anchor", a.anchor}, {"line", a.line}});
  return {{"source", p.source},
          {"path", p.set.path},
          {"line", p.set.at.line},
          {"column", p.set.at.column},
          {"syntax", scan::to_string(p.set.syntax)},
          {"domains", p.set.domains},
          {"include_subdomains", p.set.include_subdomains},
          {"expiration", p.set.expiration},
          {"debug_only", p.set.debug_only},
          {"override_pins", p.set.override_pins},
          {"trust_anchors", p.set.trust_anchors},
          {"used_by", p.set.used_by},
          {"name", p.set.name},
          {"pins", pins},
          {"verdict", judge::to_string(p.judgement.verdict)},
          {"unaffected", p.judgement.unaffected},
          {"reason", p.judgement.reason},
          {"hits", hits},
          {"add", add}};
}

json sdk_json(const results::ScannedSdk& s) {
  const auto& j = s.judgement;
  return {{"source", s.source},     {"name", j.sdk.name},         {"version", j.sdk.version},
          {"path", j.sdk.path},     {"line", s.at.line},          {"column", s.at.column},
          {"found_by", j.sdk.found_by}, {"verdict", verdict_or_null(j.verdict)}, {"reason", j.reason},
          {"upgrade_to", j.upgrade_to}};
}

}  // namespace

std::string scan_json(const results::ScanResult& r) {
  json stores = json::array(), pins = json::array(), sdks = json::array(), problems = json::array();
  for (const auto& s : r.stores) stores.push_back(store_json(s));
  for (const auto& p : r.pins) pins.push_back(pin_set_json(p));
  for (const auto& s : r.sdks) sdks.push_back(sdk_json(s));
  for (const auto& p : r.problems) problems.push_back({{"source", p.source}, {"path", p.path}, {"what", p.what}});
  json doc = {{"migration", r.migration ? r.migration->id : ""},
              {"sources", r.sources},
              {"verdict", judge::to_string(r.verdict)},
              {"stores", stores},
              {"pins", pins},
              {"sdks", sdks},
              {"problems", problems},
              {"unreadable_sources", r.unreadable_sources},
              {"stats", {{"files", r.stats.files}, {"bytes", r.stats.bytes}, {"skipped", r.stats.skipped},
                         {"seconds", r.stats.seconds}}}};
  return dump_json(std::move(doc));
}

}  // namespace trustready::report
