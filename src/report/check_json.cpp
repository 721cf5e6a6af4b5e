// `check` for programs: design.md's JSON contract, plus typed identity, codes and findings.
#include <nlohmann/json.hpp>

#include "report/check_report.h"
#include "report/escape.h"
#include "report/store_json.h"

namespace trustready::report {
namespace {

using nlohmann::json;

json chain_json(const judge::ChainJudgement& cj) {
  json clients = json::array();
  for (const auto& c : cj.clients)
    clients.push_back({{"client", c.client},
                       {"users", c.users},
                       {"verdict", paths::verdict_word(c)},
                       {"accepts", c.accepts},
                       {"reason", c.reason}});
  json paths = json::array();
  for (const auto& p : cj.paths) {
    json certs = json::array();
    for (const auto& c : p.certificates) certs.push_back(c.sha256().hex());
    paths.push_back({{"anchor", p.anchor_name},
                     {"anchor_sha256", p.anchor.sha256().hex()},
                     {"certificates", certs},
                     {"direct", p.direct},
                     {"expires", format_time(p.expires)},
                     {"expiring", p.expiring_name}});
  }
  return {{"id", cj.chain->id},           {"name", cj.chain->name},   {"required", cj.chain->required},
          {"status", to_string(cj.status)}, {"reason", cj.reason},     {"paths", paths},
          {"failures", cj.failures},        {"would_anchor", cj.would_anchor}, {"clients", clients}};
}

json names_json(const std::vector<const catalog::Anchor*>& anchors) {
  json out = json::array();
  for (const auto* a : anchors) out.push_back(a->name);
  return out;
}

json store_result_json(const results::StoreResult& s) {
  json chains = json::array();
  for (const auto& cj : s.judgement.chains) chains.push_back(chain_json(cj));
  json store = store_json(s.store);
  store["verdict"] = to_string(s.judgement.verdict);
  store["anchors_present"] = names_json(s.judgement.present);
  store["missing"] = names_json(s.judgement.missing);
  json not_valid = json::object();
  for (const auto& [anchor, why] : s.judgement.not_valid) not_valid[anchor->name] = why;
  store["anchors_not_valid"] = not_valid;
  json libraries = json::array();
  for (const auto& l : s.judgement.libraries)
    libraries.push_back({{"library", l.library},
                         {"users", l.users},
                         {"loads", l.failure.empty()},
                         {"error", l.failure},
                         {"refused", l.refused}});
  store["libraries"] = libraries;
  store["breaks"] = s.judgement.breaks;
  store["reason"] = s.judgement.reason;
  store["fix"] = s.fix;
  store["judged_with"] = s.judged_with;
  store["anchors"] = s.anchors;
  store["copy_of_system"] = s.copy ? json{{"system_bundle", s.copy->system_path},
                                          {"shared", s.copy->shared},
                                          {"behind", s.copy->behind},
                                          {"extra", s.copy->extra}}
                                   : json(nullptr);
  store["findings"] = findings_json(s.findings);
  store["chains"] = chains;
  return store;
}

json sdk_json(const judge::SdkJudgement& s) {
  return {{"name", s.sdk.name},
          {"version", s.sdk.version},
          {"path", s.sdk.path},
          {"found_by", s.sdk.found_by},
          {"source", software::to_string(s.sdk.source)},
          {"verdict", s.verdict ? to_string(*s.verdict) : "unknown"},
          {"reason", s.reason},
          {"upgrade_to", s.upgrade_to},
          {"fix", s.fix}};
}

}  // namespace

std::string check_json(const results::CheckResult& r) {
  json stores = json::array(), sources = json::array(), sdks = json::array();
  for (const auto& s : r.stores) stores.push_back(store_result_json(s));
  for (const auto& s : r.sources) sources.push_back(store_json(s));
  for (const auto& s : r.sdks) sdks.push_back(sdk_json(s));
  json out = {{"migration", r.migration->id},
              {"root", r.root},
              {"distro", distro_json(r.distro)},
              {"at", format_time(r.options.at)},
              {"horizon_days", r.options.horizon.count()},
              {"verdict", to_string(r.verdict)},
              {"stores", stores},
              {"anchor_sources", sources},
              {"sdks", sdks},
              {"pins", json::array()},
              {"search_problems", stores::messages(r.search_problems)},
              {"search_diagnostics", diagnostics_json(r.search_problems)},
              {"findings", findings_json(r.findings)}};
  for (const auto& f : r.findings)
    if (f.code == results::FindingCode::NoSystemStore) out["note"] = f.message();
  return dump_json(std::move(out));
}

}  // namespace trustready::report
