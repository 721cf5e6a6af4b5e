#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "report/escape.h"
#include "report/listing_report.h"

namespace trustready::report {

using nlohmann::json;

std::string migrations_text(const catalog::Catalog& c, const Style& st) {
  std::string out = st.bold(fmt::format("{} {} {}", pad("ID", 18), pad("ANCHORS", 8), "MIGRATION")) + "\n";
  for (const auto& m : c.migrations()) out += fmt::format("{} {} {}\n", pad(m.id, 18), pad(std::to_string(m.anchors.size()), 8), m.name);
  out += "\n`trustready migrations ID` shows one in full; --export-anchors DIR writes its roots.\n";
  return out;
}

namespace {

/// A blank line and a bold heading. (Appended piecewise: `"\n" + std::string` trips GCC 12's
/// false -Wrestrict positive, PR 105329.)
void add_heading(std::string& out, const Style& st, std::string_view title) {
  out += '\n';
  out += st.bold(title);
  out += '\n';
}

}  // namespace

std::string migration_text(const catalog::Migration& m, const Style& st) {
  std::string out = st.bold(m.id + ": " + m.name) + "\n" + m.summary + "\n\n";
  out += st.bold("Anchors") + " (SHA-256 of the certificate; SPKI pin)\n";
  for (const auto& a : m.anchors) {
    const auto k = a.certificate.key();
    out += fmt::format("  {}{}\n    sha256 {}\n    pin    {}\n    {} {}{}, valid until {}\n", a.name,
                       a.recommended ? "" : st.dim(" (not required by the migration's owner)"),
                       a.certificate.sha256().hex(), a.certificate.spki_sha256().pin(), k.type,
                       k.curve.empty() ? std::to_string(k.bits) : k.curve, "", format_date(a.certificate.not_after()));
  }
  add_heading(out, st, "Cross-certificates servers send");
  for (const auto& x : m.cross_certificates)
    out += fmt::format("  {}\n    sha256 {}, valid until {}\n", x.name, x.certificate.sha256().hex(),
                       format_date(x.certificate.not_after()));
  add_heading(out, st, "Chains judged by `check`");
  for (const auto& ch : m.chains) {
    std::string services;
    for (const auto& s : ch.services) services += (services.empty() ? "" : ", ") + s;
    out += fmt::format("  {}{}: {}\n    {}\n", ch.name, ch.required ? "" : " (optional)", services, ch.note);
  }
  auto list = [&](const char* title, const std::vector<std::string>& items) {
    if (items.empty()) return;
    add_heading(out, st, title);
    for (const auto& i : items) out += "  - " + i + "\n";
  };
  list("Affected", m.affected);
  list("Not affected", m.unaffected);
  if (!m.test_endpoints.empty()) {
    add_heading(out, st, "Test endpoints");
    for (const auto& t : m.test_endpoints) out += fmt::format("  {} ({}, {})\n", t.url, t.anchor, t.expect);
  }
  if (!m.sdk_cutoffs.empty()) {
    add_heading(out, st, "SDK and CLI cutoffs");
    for (const auto& s : m.sdk_cutoffs) {
      std::string fixed;
      for (const auto& [pkg, v] : s.fixed_in) fixed += (fixed.empty() ? "" : ", ") + pkg + " " + v;
      out += fmt::format("  {} released before {}: upgrade (first good: {})\n", s.sdk, format_date(s.released_before), fixed);
    }
  }
  if (!m.dates.empty()) {
    add_heading(out, st, "Dates");
    for (const auto& d : m.dates) out += "  " + d.date + "  " + d.event + "\n";
  }
  list("Not confirmed", m.unconfirmed);
  return out;
}

namespace {

json migration_json(const catalog::Migration& m) {
  json anchors = json::array(), crosses = json::array(), chains = json::array(), tests = json::array(),
       cutoffs = json::array();
  for (const auto& a : m.anchors)
    anchors.push_back({{"id", a.id},
                       {"name", a.name},
                       {"subject", a.certificate.subject()},
                       {"sha256", a.certificate.sha256().hex()},
                       {"spki_sha256", a.certificate.spki_sha256().hex()},
                       {"spki_pin", a.certificate.spki_sha256().pin()},
                       {"not_after", format_time(a.certificate.not_after())},
                       {"recommended", a.recommended}});
  for (const auto& x : m.cross_certificates)
    crosses.push_back({{"id", x.id},
                       {"name", x.name},
                       {"subject", x.certificate.subject()},
                       {"issuer", x.certificate.issuer()},
                       {"sha256", x.certificate.sha256().hex()},
                       {"not_after", format_time(x.certificate.not_after())}});
  for (const auto& c : m.chains) {
    json chain = {{"id", c.id},         {"name", c.name},          {"issued_under", c.issued_under},
                  {"presented", c.presented}, {"required", c.required}, {"services", c.services},
                  {"note", c.note}};
    if (c.served_from) chain["served_from"] = format_date(*c.served_from);
    if (c.served_until) chain["served_until"] = format_date(*c.served_until);
    chains.push_back(chain);
  }
  for (const auto& t : m.test_endpoints) tests.push_back({{"url", t.url}, {"anchor", t.anchor}, {"expect", t.expect}});
  for (const auto& s : m.sdk_cutoffs)
    cutoffs.push_back({{"sdk", s.sdk}, {"released_before", format_date(s.released_before)}, {"fixed_in", s.fixed_in},
                       {"source", s.source}});
  return {{"id", m.id},
          {"name", m.name},
          {"summary", m.summary},
          {"anchors", anchors},
          {"cross_certificates", crosses},
          {"chains", chains},
          {"affected_endpoints", m.affected},
          {"unaffected_endpoints", m.unaffected},
          {"test_endpoints", tests},
          {"sdk_cutoffs", cutoffs},
          {"unconfirmed", m.unconfirmed}};
}

}  // namespace

std::string migrations_json(const catalog::Catalog& c, const catalog::Migration* only) {
  if (only) return dump_json(migration_json(*only));
  json all = json::array();
  for (const auto& m : c.migrations()) all.push_back(migration_json(m));
  return dump_json(json{{"migrations", all}});
}

}  // namespace trustready::report
