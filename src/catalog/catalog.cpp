#include "catalog/catalog.h"

#include <nlohmann/json.hpp>

#include <map>

#include "cert/parse.h"

namespace trustready::catalog {

using nlohmann::json;

const Anchor* Migration::anchor(std::string_view anchor_id) const {
  for (const auto& a : anchors)
    if (a.id == anchor_id) return &a;
  return nullptr;
}

const CrossCertificate* Migration::cross_certificate(std::string_view cross_id) const {
  for (const auto& c : cross_certificates)
    if (c.id == cross_id) return &c;
  return nullptr;
}

namespace {

using CertFiles = std::map<std::string, std::string_view, std::less<>>;

/// Loads data/certs/FILE and checks it against the SHA-256 the migration records:
/// a catalog whose certificate does not match its own record is a build defect.
Result<cert::Certificate> load_recorded_certificate(const CertFiles& certs, const std::string& file,
                                                    const std::string& recorded_hex) {
  auto it = certs.find("certs/" + file);
  if (it == certs.end()) return make_error("certs/" + file + ": not in the catalog's data");
  auto parsed = cert::parse_certificates(it->second);
  if (!parsed) return make_error("certs/" + file + ": " + parsed.error());
  if (parsed->certificates.size() != 1) return make_error("certs/" + file + ": expected exactly one certificate");
  const auto recorded = cert::Sha256::from_hex(recorded_hex);
  if (!recorded) return make_error("certs/" + file + ": recorded sha256 is not 64 hex digits");
  const cert::Certificate& c = parsed->certificates.front();
  if (c.sha256() != *recorded)
    return make_error("certs/" + file + ": sha256 " + c.sha256().hex() + " does not match the recorded " +
                      recorded->hex());
  return c;
}

std::vector<std::string> strings(const json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key))
    for (const auto& s : j.at(key)) out.push_back(s.get<std::string>());
  return out;
}

Result<TimePoint> date_field(const json& j, const char* key) {
  return parse_time(j.at(key).get<std::string>());
}

Result<Migration> parse_migration(const json& j, const CertFiles& certs) {
  Migration m;
  m.id = j.at("id").get<std::string>();
  m.name = j.at("name").get<std::string>();
  m.summary = j.value("summary", "");
  for (const auto& d : j.value("dates", json::array()))
    m.dates.push_back({d.at("date").get<std::string>(), d.at("event").get<std::string>()});
  for (const auto& a : j.at("anchors")) {
    auto c = load_recorded_certificate(certs, a.at("file").get<std::string>(), a.at("sha256").get<std::string>());
    if (!c) return Error{c.error()};
    m.anchors.push_back(Anchor{a.at("id").get<std::string>(), a.at("name").get<std::string>(), a.at("file").get<std::string>(), *c, a.value("recommended", false)});
  }
  for (const auto& x : j.value("cross_certificates", json::array())) {
    auto c = load_recorded_certificate(certs, x.at("file").get<std::string>(), x.at("sha256").get<std::string>());
    if (!c) return Error{c.error()};
    m.cross_certificates.push_back(CrossCertificate{x.at("id").get<std::string>(), x.at("name").get<std::string>(), x.at("file").get<std::string>(), *c});
  }
  for (const auto& cj : j.at("chains")) {
    Chain chain;
    chain.id = cj.at("id").get<std::string>();
    chain.name = cj.at("name").get<std::string>();
    chain.issued_under = cj.at("issued_under").get<std::string>();
    chain.presented = strings(cj, "presented");
    chain.required = cj.value("required", false);
    chain.services = strings(cj, "services");
    chain.note = cj.value("note", "");
    for (auto [key, field] : {std::pair{"served_from", &chain.served_from}, {"served_until", &chain.served_until}}) {
      if (!cj.contains(key)) continue;
      auto t = date_field(cj, key);
      if (!t) return Error{t.error()};
      *field = *t;
    }
    if (!m.anchor(chain.issued_under))
      return make_error("chain " + chain.id + ": unknown anchor '" + chain.issued_under + "'");
    for (const auto& p : chain.presented)
      if (!m.cross_certificate(p)) return make_error("chain " + chain.id + ": unknown cross-certificate '" + p + "'");
    m.chains.push_back(std::move(chain));
  }
  const json endpoints = j.value("endpoints", json::object());
  m.affected = strings(endpoints, "affected");
  m.unaffected = strings(endpoints, "unaffected");
  m.unaffected_s3_regions = strings(endpoints, "unaffected_s3_regions");
  for (const auto& r : endpoints.value("impact", json::array()))
    m.impact.push_back({strings(r, "hosts"), r.at("affected").get<bool>(), r.at("reason").get<std::string>()});
  if (endpoints.contains("impact_otherwise")) {
    const json& o = endpoints.at("impact_otherwise");
    m.impact_otherwise = ImpactRule{{}, o.at("affected").get<bool>(), o.at("reason").get<std::string>()};
  }
  for (const auto& t : endpoints.value("test", json::array()))
    m.test_endpoints.push_back({t.at("url").get<std::string>(), t.at("anchor").get<std::string>(), t.at("expect").get<std::string>()});
  for (const auto& s : j.value("sdk_cutoffs", json::array())) {
    auto before = date_field(s, "released_before");
    if (!before) return Error{before.error()};
    SdkCutoff cutoff{s.at("sdk").get<std::string>(), *before, {}, s.value("source", "")};
    const json fixed_in = s.value("fixed_in", json::object());  // items() must not outlive it
    for (const auto& [pkg, version] : fixed_in.items())
      cutoff.fixed_in[pkg] = version.get<std::string>();
    m.sdk_cutoffs.push_back(std::move(cutoff));
  }
  m.unconfirmed = strings(j, "unconfirmed");
  return m;
}

}  // namespace

Result<Catalog> Catalog::from_files(const std::vector<EmbeddedFile>& files) {
  CertFiles certs;
  for (const auto& f : files)
    if (f.name.starts_with("certs/")) certs.emplace(std::string(f.name), f.data);
  Catalog catalog;
  for (const auto& f : files) {
    if (!f.name.starts_with("migrations/")) continue;
    try {
      auto m = parse_migration(json::parse(f.data), certs);
      if (!m) return make_error("catalog " + std::string(f.name) + ": " + m.error());
      catalog.migrations_.push_back(std::move(m).value());
    } catch (const json::exception& e) {
      return make_error("catalog " + std::string(f.name) + ": " + e.what());
    }
  }
  return catalog;
}

Result<Catalog> Catalog::embedded() { return from_files(embedded_files()); }

const Migration* Catalog::find(std::string_view id) const {
  for (const auto& m : migrations_)
    if (m.id == id) return &m;
  return nullptr;
}

std::string Catalog::ids() const {
  std::string out;
  for (const auto& m : migrations_) out += (out.empty() ? "" : ", ") + m.id;
  return out;
}

}  // namespace trustready::catalog
