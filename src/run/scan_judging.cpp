#include "run/scan_judging.h"

#include <algorithm>
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "judge/pin_judge.h"
#include "judge/store_judge.h"
#include "stores/store.h"

namespace trustready::run {
namespace {

bool is_keystore(scan::StoreFormat f) {
  return f == scan::StoreFormat::Jks || f == scan::StoreFormat::Jceks || f == scan::StoreFormat::Pkcs12;
}

/// A file of only end-entity certificates is a server's (or a client's) own certificate,
/// not a list of authorities anything verifies against.
bool holds_an_authority(const scan::StoreFound& found) {
  return std::any_of(found.certificates.begin(), found.certificates.end(),
                     [](const cert::Certificate& c) { return c.is_ca() || c.self_issued(); });
}

const char* format_name(scan::StoreFormat f) {
  switch (f) {
    case scan::StoreFormat::PemBundle: return "PEM";
    case scan::StoreFormat::DerCertificate: return "DER";
    case scan::StoreFormat::Pkcs7: return "PKCS#7";
    case scan::StoreFormat::Jks: return "JKS";
    case scan::StoreFormat::Jceks: return "JCEKS";
    case scan::StoreFormat::Pkcs12: return "PKCS#12";
  }
  return "?";
}

/// The store as check's judge sees one: a keystore read by Java (any trusted certificate
/// is an anchor), anything else by OpenSSL's clients, from the bytes they would load.
stores::Store as_store(const scan::StoreFound& found, std::string_view bytes) {
  const bool keystore = is_keystore(found.format);
  stores::Store s;
  s.location = stores::trust_location("scanned", keystore ? stores::StoreKind::Keystore : stores::StoreKind::Bundle,
                                      stores::StoreOrigin::Scanned, found.path, {}, "found by its content");
  s.location.verifier = keystore ? stores::Verifier::Java : stores::Verifier::OpenSsl;
  s.resolved_path = found.path;
  s.certificates = found.certificates;
  s.format = format_name(found.format);
  if (found.format == scan::StoreFormat::PemBundle && !found.embedded)
    s.bytes = std::make_shared<const std::string>(bytes);
  return s;
}

std::string anchor_names(const std::vector<const catalog::Anchor*>& anchors) {
  std::vector<std::string> names;
  for (const auto* a : anchors) names.push_back(a->name);
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

results::ScannedStore judge_scanned_store(std::string source, scan::StoreFound found, std::string_view bytes,
                                          const catalog::Migration& migration, const judge::JudgeOptions& options) {
  results::ScannedStore out{std::move(source), std::move(found), std::nullopt, {}, {}};
  if (!holds_an_authority(out.found)) {
    out.reason = "only end-entity certificates: a server's own certificate, not a trust store";
    return out;
  }
  out.judgement = judge::judge_store(as_store(out.found, bytes), migration, options);
  const auto& j = *out.judgement;
  if (j.verdict == judge::Verdict::Ready) {
    out.reason = j.present.empty() ? "verifies the new chains" : "holds " + anchor_names(j.present);
  } else {
    out.reason = j.missing.empty() ? "does not verify the new chains" : "lacks " + anchor_names(j.missing);
    out.fix = scanned_store_fix(out);
  }
  return out;
}

std::string scanned_store_fix(const results::ScannedStore& store) {
  if (!store.judgement || store.judgement->missing.empty()) return "";
  const std::string names = anchor_names(store.judgement->missing);
  if (is_keystore(store.found.format))
    return fmt::format("import {} into {} (keytool -importcert -trustcacerts -alias NAME -file ROOT.pem -keystore {})",
                       names, store.found.path, store.found.path);
  if (store.found.vendor != scan::StoreVendor::None)
    return fmt::format("upgrade the package that ships {} ({}), or point its users at a bundle that holds {}",
                       store.found.path, scan::to_string(store.found.vendor), names);
  if (store.found.embedded)
    return fmt::format("add {} beside the certificate embedded in {}", names, store.found.path);
  return fmt::format("add {} to {} (trustready fix --store {} --apply)", names, store.found.path, store.found.path);
}

results::ScannedPins judge_pin_set(std::string source, scan::PinSet set, const catalog::Migration& migration,
                                   const judge::JudgeOptions& options) {
  auto judgement = judge::judge_pins(set, migration, options);
  return {std::move(source), std::move(set), std::move(judgement)};
}

}  // namespace trustready::run
