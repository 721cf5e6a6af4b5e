#include "report/check_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "report/store_json.h"

namespace trustready::report {
namespace {

using nlohmann::json;

std::string names(const std::vector<const catalog::Anchor*>& anchors) {
  std::string out;
  for (const auto* a : anchors) out += (out.empty() ? "" : ", ") + a->name;
  return out.empty() ? "none" : out;
}

std::string store_label(const stores::Store& s) {
  std::string label = s.location.path;
  if (!s.resolved_path.empty() && s.resolved_path != s.location.path) label += " -> " + s.resolved_path;
  return label;
}

void chain_lines(std::string& out, const judge::StoreJudgement& j, const TextOptions& o, bool all) {
  for (const auto& cj : j.chains) {
    if (cj.status == judge::ChainStatus::NotServed && !o.verbose) continue;
    if (!all && cj.status == judge::ChainStatus::Verifies) continue;
    out += fmt::format("           {} {}{}: {}\n", o.style.chain_status(cj.status), cj.chain->name,
                       cj.chain->required ? "" : o.style.dim(" (optional)"), cj.reason);
    if (!o.verbose) continue;
    for (const auto& p : cj.paths) {
      std::string hops;
      for (const auto& c : p.certificates) hops += (hops.empty() ? "" : " -> ") + c.display_name();
      out += fmt::format("                path: {}  {}\n", hops,
                         o.style.dim("(until " + format_date(p.expires) + ")"));
    }
    for (const auto& f : cj.failures) out += fmt::format("                {}\n", o.style.dim("tried " + f));
  }
}

/// Libraries that disagree with the store's own verdict on a required chain: the
/// store is fine for its readers, not for every client that reads it.
void client_lines(std::string& out, const judge::StoreJudgement& j, const TextOptions& o) {
  for (const auto& cj : j.chains) {
    if (cj.status == judge::ChainStatus::NotServed || !cj.chain->required) continue;
    const bool store_ok = cj.status != judge::ChainStatus::Fails;
    for (const auto& c : cj.clients) {
      if (c.accepts == store_ok) continue;
      out += "           " + o.style.paint(c.client + (c.accepts ? " accepts " : " rejects "), "33") + cj.chain->name +
             (c.reason.empty() ? "" : ": " + c.reason) + " (" + c.users + ")\n";
    }
  }
}

}  // namespace

std::string check_text(const check::CheckReport& r, const TextOptions& o) {
  const auto& st = o.style;
  std::string out;
  const auto bad_stores = std::count_if(r.stores.begin(), r.stores.end(), [](const check::StoreResult& s) {
    return s.judgement.verdict != judge::Verdict::Ready;
  });
  const auto bad_sdks = std::count_if(r.sdks.begin(), r.sdks.end(), [](const judge::SdkJudgement& s) {
    return s.verdict && *s.verdict != judge::Verdict::Ready;
  });
  std::string summary = r.verdict == judge::Verdict::Ready
                            ? "every trust store verifies the " + r.migration->id + " chains"
                            : std::to_string(bad_stores) + " of " + std::to_string(r.stores.size()) +
                                  " trust stores need attention";
  if (bad_sdks > 0)
    summary += fmt::format("; {} of {} AWS SDKs and CLIs must be upgraded", bad_sdks, r.sdks.size());
  if (!r.search_problems.empty())
    summary += fmt::format(" ({} place{} not searched{})", r.search_problems.size(),
                           r.search_problems.size() == 1 ? "" : "s", o.quiet ? "" : ": see above");
  const std::string verdict_line = fmt::format("{} {}", st.verdict(r.verdict), summary);
  if (o.quiet) return verdict_line + "\n";

  out += st.bold(fmt::format("trustready check: {} ({})", r.migration->id, r.migration->name)) + "\n";
  out += fmt::format("root {} ({}), evaluated at {}, at-risk horizon {} days\n\n", r.root,
                     r.distro.pretty_name.empty() ? "unknown distribution" : r.distro.pretty_name,
                     format_time(r.options.at), r.options.horizon.count());

  std::size_t width = 5;
  for (const auto& s : r.stores) width = std::max(width, store_label(s.store).size());
  width = std::min<std::size_t>(width, 72);
  out += st.bold(fmt::format("{} {} {:>5}  {}", pad("VERDICT", 10), pad("STORE", width), "CERTS", "ANCHORS")) + "\n";
  for (const auto& s : r.stores) {
    const auto& j = s.judgement;
    const std::size_t anchors = r.migration->anchors.size();
    out += fmt::format("{}   {} {:>5}  {}\n", st.verdict(j.verdict), pad(store_label(s.store), width),
                       s.store.certificates.size(),
                       j.verdict == judge::Verdict::Error ? "-" : fmt::format("{}/{}", j.present.size(), anchors));
    auto read_by = [&] {
      if (s.store.location.consumers.empty()) return;
      out += "           read by: ";
      for (std::size_t i = 0; i < s.store.location.consumers.size(); ++i)
        out += (i ? ", " : "") + s.store.location.consumers[i];
      out += "\n";
    };
    if (j.verdict == judge::Verdict::Error) {
      out += "           " + j.reason + "\n";
      read_by();  // who is left without a readable store
      continue;
    }
    const bool ready = j.verdict == judge::Verdict::Ready;
    if (!s.judged_with.empty())
      out += "           " + st.dim("judged with the roots of " + s.judged_with + ", which its readers also trust") + "\n";
    if (s.copy && s.copy->behind > 0 && s.copy->extra == 0)
      out += "           " + st.paint("stale copy: ", "33") +
             fmt::format("{} anchors behind the system bundle {}", s.copy->behind, s.copy->system_path) + "\n";
    else if (s.copy && s.copy->behind > 0 && o.verbose)
      out += "           " + st.dim(fmt::format("differs from the system bundle {}: lacks {} of its anchors, holds {} "
                                                "it does not",
                                                s.copy->system_path, s.copy->behind, s.copy->extra)) +
             "\n";
    if (ready && !o.verbose) {
      out += "           " + st.dim(j.reason) + "\n";
    } else {
      out += "           present: " + names(j.present) + "\n";
      chain_lines(out, j, o, true);
    }
    client_lines(out, j, o);
    if (!ready && !j.missing.empty()) out += "           missing: " + names(j.missing) + "\n";
    if (!s.fix.empty()) out += "           " + st.bold("fix:") + " " + s.fix + "\n";
    if (o.verbose || !ready) read_by();
    for (const auto& p : s.store.problems) out += "           " + st.paint("warning: ", "33") + p + "\n";
    for (const auto& n : s.store.notes) out += "           " + st.dim("note: " + n) + "\n";
  }
  if (!r.sdks.empty()) {
    out += '\n';
    out += st.bold(fmt::format("{} {} {}", pad("VERDICT", 10), pad("AWS SDK / CLI", 24), "WHERE")) + "\n";
    for (const auto& sdk : r.sdks) {
      out += fmt::format("{}   {} {}\n", sdk.verdict ? st.verdict(*sdk.verdict) : pad("unknown", 7),
                         pad(sdk.sdk.name + " " + sdk.sdk.version, 24), sdk.sdk.path);
      const bool ready = sdk.verdict && *sdk.verdict == judge::Verdict::Ready;
      if (!ready || o.verbose) out += "           " + (ready || !sdk.verdict ? st.dim(sdk.reason) : sdk.reason) + "\n";
      if (!sdk.fix.empty()) out += "           " + st.bold("fix:") + " " + sdk.fix + "\n";
    }
  }
  if (!r.sources.empty()) {
    out += "\nanchor folders (compiled into the stores above by the update tool):\n";
    for (const auto& s : r.sources) {
      out += fmt::format("  {}  {} certificate(s){}\n", s.location.path, s.certificates.size(),
                         s.error ? " - " + *s.error : "");
      for (const auto& p : s.problems) out += "    " + st.paint("warning: ", "33") + p + "\n";
    }
  }
  if (!r.search_problems.empty()) {
    out += "\nincomplete search (stores there are not in this verdict):\n";
    for (const auto& p : r.search_problems) out += "  " + st.paint("warning: ", "33") + p + "\n";
  }
  if (!r.note.empty()) out += "\n" + r.note + "\n";
  out += "\n" + verdict_line + "\n";
  return out;
}

namespace {

json chain_json(const judge::ChainJudgement& cj) {
  json clients = json::array();
  for (const auto& c : cj.clients)
    clients.push_back({{"client", c.client}, {"users", c.users}, {"accepts", c.accepts}, {"reason", c.reason}});
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

}  // namespace

std::string check_json(const check::CheckReport& r) {
  json stores = json::array();
  for (const auto& s : r.stores) {
    json chains = json::array();
    for (const auto& cj : s.judgement.chains) chains.push_back(chain_json(cj));
    json store = store_json(s.store);
    store["verdict"] = to_string(s.judgement.verdict);
    store["anchors_present"] = names_json(s.judgement.present);
    store["missing"] = names_json(s.judgement.missing);
    store["reason"] = s.judgement.reason;
    store["fix"] = s.fix;
    store["judged_with"] = s.judged_with;
    store["copy_of_system"] = s.copy ? json{{"system_bundle", s.copy->system_path},
                                            {"shared", s.copy->shared},
                                            {"behind", s.copy->behind},
                                            {"extra", s.copy->extra}}
                                     : json(nullptr);
    store["chains"] = chains;
    stores.push_back(std::move(store));
  }
  json sources = json::array();
  for (const auto& s : r.sources) sources.push_back(store_json(s));
  json sdks = json::array();
  for (const auto& s : r.sdks)
    sdks.push_back({{"name", s.sdk.name},
                    {"version", s.sdk.version},
                    {"path", s.sdk.path},
                    {"found_by", s.sdk.found_by},
                    {"verdict", s.verdict ? to_string(*s.verdict) : "unknown"},
                    {"reason", s.reason},
                    {"upgrade_to", s.upgrade_to},
                    {"fix", s.fix}});
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
              {"search_problems", r.search_problems}};
  if (!r.note.empty()) out["note"] = r.note;
  return out.dump(2) + "\n";
}

}  // namespace trustready::report
