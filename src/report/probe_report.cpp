#include "report/probe_report.h"

#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "report/escape.h"

namespace trustready::report {
namespace {

using nlohmann::json;

json certificate_json(const cert::Certificate& c) {
  return json{{"subject", c.subject()},
              {"issuer", c.issuer()},
              {"sha256", c.sha256().hex()},
              {"spki_sha256", c.spki_sha256().hex()},
              {"not_before", format_time(c.not_before())},
              {"not_after", format_time(c.not_after())}};
}

json fingerprints(const std::vector<cert::Certificate>& path) {
  json out = json::array();
  for (const auto& c : path) out.push_back(c.sha256().hex());
  return out;
}

json store_json(const judge::PresentedVerdict& v) {
  json clients = json::array();
  for (const auto& c : v.clients)
    clients.push_back({{"client", c.client}, {"verdict", paths::verdict_word(c)}, {"reason", c.reason},
                       {"path", fingerprints(c.path)}});
  return json{{"store", v.store},     {"verdict", judge::to_string(v.verdict)}, {"anchor", v.anchor},
              {"path", fingerprints(v.path)}, {"reason", v.reason}, {"deciders", v.deciders},
              {"clients", clients}};
}

json optional_text(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

std::string probe_json_line(const results::ProbeResult& r) {
  const auto& t = *r.target;
  const auto& c = r.capture;
  json chain = json::array();
  for (const auto& cert : c.presented) chain.push_back(certificate_json(cert));
  json results = json::array();
  json out = {{"target", t.text},
              {"host", t.host},
              {"port", t.port},
              {"protocol", probe::to_string(t.protocol)},
              {"address", optional_text(c.address)},
              {"via", optional_text(c.via)},
              {"sni", optional_text(c.sni)},
              {"ok", c.ok()},
              {"error", optional_text(c.error)},
              {"stage", probe::to_string(c.stage)},
              {"attempts", c.attempts},
              {"elapsed_ms", c.elapsed.count()},
              {"tls_version", optional_text(c.tls_version)},
              {"cipher", optional_text(c.cipher)},
              {"http_status", c.http_status ? json(*c.http_status) : json(nullptr)},
              {"http_error", optional_text(c.http_error)},
              {"smtp_greeting", optional_text(c.smtp_greeting)},
              {"affected", r.impact.affected ? json(*r.impact.affected) : json(nullptr)},
              {"affected_reason", optional_text(r.impact.reason)},
              {"migration", optional_text(r.migration)},
              {"presented_chain", chain}};
  if (r.verdicts) {
    out["in_order"] = r.verdicts->shape.in_order;
    out["complete"] = r.verdicts->shape.complete;
    out["chain_note"] = optional_text(r.verdicts->shape.note);
    for (const auto& v : r.verdicts->stores) results.push_back(store_json(v));
  }
  out["results"] = results;
  if (!c.fetched.empty() || !c.aia_error.empty()) {
    json fetched = json::array();
    for (std::size_t i = 0; i < c.fetched.size(); ++i) {
      json one = certificate_json(c.fetched[i]);
      one["url"] = c.fetched_from[i];
      fetched.push_back(one);
    }
    json again = json::array();
    if (r.with_fetched)
      for (const auto& v : r.with_fetched->stores) again.push_back(store_json(v));
    out["aia"] = {{"fetched", fetched}, {"error", optional_text(c.aia_error)}, {"results", again}};
  }
  out["trusted"] = r.trusted_everywhere();
  return dump_json_line(std::move(out));
}

std::string probe_text(const results::ProbeResult& r, const Style& st) {
  const auto& c = r.capture;
  const bool http = r.target->protocol == probe::Protocol::Http;
  const std::string word = c.ok() ? (r.trusted_everywhere() ? "trusted" : "untrusted") : "failed";
  const char* colour = word == "trusted" ? "32" : word == "untrusted" ? "31" : "33";
  std::string line = st.paint(pad(http ? "skipped" : word, 10), http ? "2" : colour) + shown(r.target->text);
  if (!c.address.empty()) line += "  " + c.address;
  if (!c.via.empty()) line += " via " + shown(c.via);
  if (c.ok() && !http) {
    line += fmt::format("  {}  {} certificate{}", c.tls_version, c.presented.size(), c.presented.size() == 1 ? "" : "s");
    if (c.http_status) line += fmt::format("  HTTP {}", *c.http_status);
  }
  std::string out = line + "\n";
  if (http) return out + "          " + shown(r.impact.reason) + "\n";
  if (!c.ok()) {
    out += "          " + st.paint(std::string(probe::to_string(c.stage)) + ": ", "33") + shown(c.error);
    if (c.attempts > 1) out += fmt::format(" ({} attempts)", c.attempts);
    out += "\n";
  }
  if (r.verdicts) {
    // Stores that say the same thing are said once: a host has a dozen copies of one bundle.
    std::vector<std::pair<const judge::PresentedVerdict*, std::size_t>> groups;
    for (const auto& v : r.verdicts->stores) {
      if (v.verdict == judge::PresentedWord::Trusted) continue;
      auto same = std::find_if(groups.begin(), groups.end(), [&](const auto& g) {
        return g.first->verdict == v.verdict && g.first->reason == v.reason;
      });
      if (same == groups.end()) groups.emplace_back(&v, 0);
      else ++same->second;
    }
    for (const auto& [v, others] : groups)
      out += "          " + st.paint(judge::to_string(v->verdict), "31") + " " + shown(v->store) +
             (others == 0 ? "" : fmt::format(" and {} other store{}", others, others == 1 ? "" : "s")) + ": " +
             shown(v->reason) + "\n";
    if (!r.verdicts->shape.note.empty()) out += "          " + st.paint("chain: ", "33") + shown(r.verdicts->shape.note) + "\n";
  }
  if (!c.aia_error.empty()) out += "          " + st.paint("aia: ", "33") + shown(c.aia_error) + "\n";
  if (r.with_fetched) {
    std::size_t trusting = 0;
    for (const auto& v : r.with_fetched->stores) trusting += v.verdict == judge::PresentedWord::Trusted;
    out += "          " + st.paint("aia: ", "33") +
           fmt::format("with {} fetched from {}: trusted by {} of {} stores (as browsers and Windows build it)\n",
                       shown(c.fetched.front().display_name()), shown(c.fetched_from.front()), trusting,
                       r.with_fetched->stores.size());
  }
  if (!c.http_error.empty()) out += "          " + st.dim("http: " + shown(c.http_error)) + "\n";
  if (!r.trusted_everywhere() && r.impact.affected)
    out += "          " + st.dim(std::string(*r.impact.affected ? "affected by " : "not affected by ") + r.migration + ": " +
                                 shown(r.impact.reason)) + "\n";
  return out;
}

std::string probe_summary_text(const results::ProbeSummary& s, const Style& st) {
  const double rate = s.seconds > 0 ? static_cast<double>(s.targets - s.not_connected) / s.seconds : 0;
  const std::string skipped =
      s.not_connected == 0 ? "" : fmt::format(", {} plain HTTP (not connected)", s.not_connected);
  std::string out = fmt::format("\n{} target{} in {:.1f} s ({:.{}f}/s): {} trusted by every store, {} untrusted, {} failed{}; "
                                "{} distinct chain{} judged\n",
                                s.targets, s.targets == 1 ? "" : "s", s.seconds, rate, rate < 10 ? 1 : 0,
                                s.targets - s.untrusted - s.failed - s.not_connected, s.untrusted, s.failed, skipped,
                                s.distinct_chains, s.distinct_chains == 1 ? "" : "s");
  std::size_t width = 5;
  for (const auto& name : s.store_order) width = std::max(width, name.size());
  out += st.bold(fmt::format("{}  {:>7}  {:>9}  {:>6}", pad("STORE", width), "TRUSTED", "UNTRUSTED", "ERRORS")) + "\n";
  for (const auto& name : s.store_order) {
    const auto it = s.stores.find(name);
    const results::StoreTally t = it == s.stores.end() ? results::StoreTally{} : it->second;
    out += fmt::format("{}  {:>7}  {:>9}  {:>6}\n", pad(shown(name), width), t.trusted, t.untrusted, t.errors);
  }
  return out;
}

}  // namespace trustready::report
