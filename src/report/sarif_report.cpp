// SARIF 2.1.0 (OASIS), as GitHub code scanning reads it: tool.driver.rules[] with id,
// name, short and full descriptions, help and properties.security-severity (GitHub's
// severity from a CVSS-like score); each result with ruleId and ruleIndex, level,
// message.text, one physicalLocation (artifactLocation.uri relative to the repository
// when the path was given relative, region.startLine/startColumn) and
// partialFingerprints.primaryLocationLineHash, so an alert stays one alert across runs.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cert/digest.h"
#include "report/escape.h"
#include "report/scan_report.h"

namespace trustready::report {
namespace {

using nlohmann::json;

struct Rule {
  const char* id;
  const char* name;
  const char* level;
  const char* severity;  ///< security-severity: 9+ critical, 7-8.9 high, 4-6.9 medium, below low
  const char* short_text;
  const char* full_text;
  const char* help;
};

// The order is the ruleIndex.
constexpr Rule kRules[] = {
    {"trust-store-broken", "TrustStoreBroken", "error", "8.0",
     "A trust store that will not verify the migration's chains",
     "A certificate bundle or keystore shipped with the application lacks every root the migrating servers' chains "
     "can end at, so its TLS clients will reject those servers.",
     "Add the migration's roots to the store (trustready prints which), or point the application at the system trust "
     "store. `trustready migrations` lists the roots and their fingerprints."},
    {"trust-store-at-risk", "TrustStoreAtRisk", "warning", "5.0",
     "A trust store that verifies the migration's chains only through an expiring or partial path",
     "The store verifies the new chains only through a cross-certificate or root that expires soon, or some libraries "
     "that read it reject them.",
     "Add the migration's recommended roots so the chains verify without the expiring certificates."},
    {"custom-trust-store", "CustomTrustStore", "note", "2.0", "A custom trust store that verifies the migration's chains",
     "A certificate bundle or keystore shipped with the application. It verifies the migration's chains today; it "
     "will not follow the system's trust updates.",
     "Prefer the system trust store; if the application must ship its own, keep it updated."},
    {"pins-broken", "CertificatePinsBroken", "error", "8.5", "Certificate pins that no key of the migration's chains matches",
     "A pin set (OkHttp, Android network security config, TrustKit, HPKP, a fingerprint) names no key the migrating "
     "servers' new chains contain: the pinned connections fail after the migration.",
     "Add pins for the migration's roots (trustready prints them in the file's syntax), or stop pinning."},
    {"pins-at-risk", "CertificatePinsAtRisk", "warning", "5.5",
     "Certificate pins that match the migration's chains only on some paths or some chains",
     "A pin matches only a cross-certificate's issuer (clients with the newer root build a path without it), or only "
     "some of the chains the servers may present.",
     "Pin every recommended root of the migration."},
    {"certificate-pins", "CertificatePins", "note", "2.0", "Certificate pins that match the migration's chains",
     "A pin set that matches the key every new chain is issued under. Pins break at every CA change; review them when "
     "the servers' CA changes.",
     "Keep pins on roots, not on leaves or intermediates, and keep a backup pin."},
    {"sdk-too-old", "AwsSdkTooOld", "error", "7.5", "An AWS SDK or CLI too old for the new chains",
     "An AWS SDK or CLI released before the migration's cutoff carries its own trust list without the new roots.",
     "Upgrade it to the version trustready names, or later."},
};

std::size_t rule_index(std::string_view id) {
  for (std::size_t i = 0; i < std::size(kRules); ++i)
    if (id == kRules[i].id) return i;
  return 0;
}

json rules_json() {
  json rules = json::array();
  for (const auto& r : kRules)
    rules.push_back({{"id", r.id},
                     {"name", r.name},
                     {"shortDescription", {{"text", r.short_text}}},
                     {"fullDescription", {{"text", r.full_text}}},
                     {"help", {{"text", r.help}, {"markdown", r.help}}},
                     {"defaultConfiguration", {{"level", r.level}}},
                     {"properties", {{"security-severity", r.severity}, {"tags", {"security", "tls"}}, {"precision", "high"}}}});
  return rules;
}

/// RFC 3986: unreserved characters and "/" as they are, every other byte %XX.
std::string percent_encoded(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

/// A relative path stays relative to the repository (%SRCROOT%); an absolute one is a file URI.
json artifact(const std::string& path) {
  if (!path.empty() && path.front() == '/') return {{"uri", "file://" + percent_encoded(path)}};
  std::string_view p = path;
  while (p.starts_with("./")) p.remove_prefix(2);
  return {{"uri", percent_encoded(p)}, {"uriBaseId", "%SRCROOT%"}};
}

json result_json(std::string_view rule, const std::string& message, const std::string& path, const scan::Position& at,
                 const std::string& identity) {
  const std::size_t index = rule_index(rule);
  const std::string hash = cert::Sha256::of(std::string(rule) + "\n" + path + "\n" + identity).hex().substr(0, 16);
  return {{"ruleId", kRules[index].id},
          {"ruleIndex", index},
          {"level", kRules[index].level},
          {"message", {{"text", message}}},
          {"locations",
           {{{"physicalLocation",
              {{"artifactLocation", artifact(path)}, {"region", {{"startLine", at.line}, {"startColumn", at.column}}}}}}}},
          {"partialFingerprints", {{"primaryLocationLineHash", hash + ":1"}}}};
}

void add_stores(const results::ScanResult& r, json& results) {
  for (const auto& s : r.stores) {
    if (!s.judgement) continue;
    const char* rule = s.judgement->verdict == judge::Verdict::Ready    ? "custom-trust-store"
                       : s.judgement->verdict == judge::Verdict::AtRisk ? "trust-store-at-risk"
                                                                        : "trust-store-broken";
    std::string message = fmt::format("{} trust store with {} certificates: {}", scan::to_string(s.found.format),
                                      s.found.certificates.size(), s.reason);
    if (!s.fix.empty()) message += ". Fix: " + s.fix;
    std::string identity;
    for (const auto& c : s.found.certificates) identity += c.sha256().hex();
    results.push_back(result_json(rule, message, s.found.path, s.found.at, identity));
  }
}

void add_pins(const results::ScanResult& r, json& results) {
  for (const auto& p : r.pins) {
    const char* rule = p.judgement.verdict == judge::Verdict::Ready    ? "certificate-pins"
                       : p.judgement.verdict == judge::Verdict::AtRisk ? "pins-at-risk"
                                                                       : "pins-broken";
    std::string message = fmt::format("{} pins{}: {}", scan::to_string(p.set.syntax),
                                      p.set.domains.empty() ? "" : fmt::format(" for {}", fmt::join(p.set.domains, ", ")),
                                      p.judgement.reason);
    for (const auto& a : p.judgement.add) message += "\nAdd: " + a.line;
    std::string identity;
    for (const auto& pin : p.set.pins) identity += pin.text;
    results.push_back(result_json(rule, message, p.set.path, p.set.at, identity));
  }
}

void add_sdks(const results::ScanResult& r, json& results) {
  for (const auto& s : r.sdks) {
    const auto& j = s.judgement;
    if (!j.verdict || *j.verdict == judge::Verdict::Ready) continue;
    std::string message = fmt::format("{} {}: {}", j.sdk.name, j.sdk.version, j.reason);
    if (!j.upgrade_to.empty()) message += fmt::format(". Upgrade to {} or later.", j.upgrade_to);
    results.push_back(result_json("sdk-too-old", message, j.sdk.path, s.at, j.sdk.name + j.sdk.version));
  }
}

}  // namespace

std::string scan_sarif(const results::ScanResult& r, const std::string& version) {
  json results = json::array();
  add_stores(r, results);
  add_pins(r, results);
  add_sdks(r, results);
  json run = {{"tool", {{"driver", {{"name", "trustready"}, {"version", version}, {"semanticVersion", version},
                                    {"rules", rules_json()}}}}},
              {"results", results},
              {"columnKind", "utf16CodeUnits"}};
  json doc = {{"version", "2.1.0"}, {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"runs", {run}}};
  return dump_json(std::move(doc));
}

}  // namespace trustready::report
