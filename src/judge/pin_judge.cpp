// Pins are matched as clients match them: OkHttp, Android, TrustKit and HPKP accept a
// chain when any certificate on the path they built (leaf to trust anchor) has a pinned
// key. The migration's leaves and intermediates are unknown to the catalog (and rotate),
// so only pins on the keys above them can be judged: the key a chain is issued under is
// on every path a client builds; a cross-certificate's issuer is only on the paths of
// clients whose store lacks the newer root.
#include "judge/pin_judge.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "catalog/impact.h"
#include "cert/digest.h"

namespace trustready::judge {
namespace {

struct ChainCertificate {
  const cert::Certificate* certificate;
  std::string name;
  std::size_t position;
  bool is_key_of_chain;  ///< the issued_under key: on every path, under one certificate or another
  bool only_certificate; ///< the one certificate of that key on every path (a chain without cross-certificates)
};

/// The certificates of `chain` the catalog knows, with their positions counted from the
/// leaf: the root it is issued under (direct paths), each cross-certificate the servers
/// send, and the roots those are issued by (paths of clients without the newer root).
std::vector<ChainCertificate> known_certificates(const catalog::Chain& chain, const catalog::Migration& m) {
  std::vector<ChainCertificate> out;
  const catalog::Anchor* root = m.anchor(chain.issued_under);
  if (!root) return out;
  out.push_back({&root->certificate, root->name, 2, true, chain.presented.empty()});
  for (std::size_t i = 0; i < chain.presented.size(); ++i) {
    const catalog::CrossCertificate* cross = m.cross_certificate(chain.presented[i]);
    if (!cross) break;
    const bool same_key = cross->certificate.spki_sha256() == root->certificate.spki_sha256();
    out.push_back({&cross->certificate, cross->name, 2 + i, same_key, false});
    for (const auto& a : m.anchors)
      if (a.certificate.subject_der() == cross->certificate.issuer_der())
        out.push_back({&a.certificate, a.name, 3 + i, false, false});
  }
  return out;
}

std::string to_bytes(const std::vector<std::uint8_t>& v) { return {v.begin(), v.end()}; }

std::string sha1(std::string_view data) {
  const auto d = cert::sha1_of(data);
  return {d.begin(), d.end()};
}

std::string sha256(const cert::Sha256& d) { return {d.bytes.begin(), d.bytes.end()}; }

/// Whether `pin` names `c`, and whether by its key (else by the certificate's own hash).
enum class Named { No, ByKey, ByCertificate };
Named names(const scan::Pin& pin, const cert::Certificate& c) {
  const std::string v = to_bytes(pin.value);
  switch (pin.digest) {
    case scan::PinDigest::Sha256Spki: return v == sha256(c.spki_sha256()) ? Named::ByKey : Named::No;
    case scan::PinDigest::Sha1Spki: return v == sha1(c.spki_der()) ? Named::ByKey : Named::No;
    case scan::PinDigest::Sha256Hex:
      if (v == sha256(c.spki_sha256())) return Named::ByKey;
      return v == sha256(c.sha256()) ? Named::ByCertificate : Named::No;
    case scan::PinDigest::Sha1Hex:
      if (v == sha1(c.spki_der())) return Named::ByKey;
      return v == sha1(c.der()) ? Named::ByCertificate : Named::No;
  }
  return Named::No;
}

bool served(const catalog::Chain& chain, const JudgeOptions& options) {
  if (chain.served_until && options.at >= *chain.served_until) return false;
  return !(chain.served_from && options.at < *chain.served_from);
}

std::string hex(std::string_view bytes) {
  std::string out;
  for (unsigned char b : bytes) out += fmt::format("{:02x}", b);
  return out;
}

/// The line that pins `anchor` in the set's own syntax.
std::string pin_line(const scan::PinSet& set, const catalog::Anchor& anchor) {
  const std::string b64 = anchor.certificate.spki_sha256().base64();
  const std::string host = set.domains.empty() ? "HOST" : set.domains.front();
  switch (set.syntax) {
    case scan::PinSyntax::OkHttp: return fmt::format(".add(\"{}\", \"sha256/{}\") // {}", host, b64, anchor.name);
    case scan::PinSyntax::AndroidNsc: return fmt::format("<pin digest=\"SHA-256\">{}</pin> <!-- {} -->", b64, anchor.name);
    case scan::PinSyntax::TrustKit: return fmt::format("\"{}\", // {}", b64, anchor.name);
    case scan::PinSyntax::Hpkp: return fmt::format("pin-sha256=\"{}\"; # {}", b64, anchor.name);
    case scan::PinSyntax::Fingerprint: {
      // A bare hex fingerprint is most often the certificate's own; say which one it is.
      const bool sha1_form = !set.pins.empty() && set.pins.front().digest == scan::PinDigest::Sha1Hex;
      const std::string der{anchor.certificate.der()};
      return fmt::format("{} ({} of the certificate {})", sha1_form ? hex(sha1(der)) : anchor.certificate.sha256().hex(),
                         sha1_form ? "SHA-1" : "SHA-256", anchor.name);
    }
  }
  return b64;
}

/// The recommended roots no pin of the set names by key.
std::vector<PinToAdd> pins_to_add(const scan::PinSet& set, const catalog::Migration& m) {
  std::vector<PinToAdd> out;
  for (const auto& a : m.anchors) {
    if (!a.recommended) continue;
    const bool pinned = std::any_of(set.pins.begin(), set.pins.end(),
                                    [&](const scan::Pin& p) { return names(p, a.certificate) != Named::No; });
    if (!pinned) out.push_back({a.name, pin_line(set, a)});
  }
  return out;
}

/// Android stops enforcing a pin-set after its expiration date (YYYY-MM-DD).
bool expired(const scan::PinSet& set, const JudgeOptions& options) {
  if (set.syntax != scan::PinSyntax::AndroidNsc || set.expiration.size() != 10) return false;
  const auto at = parse_time(set.expiration);
  return at && *at < options.at;
}

/// Every domain of the set is one the migration does not affect.
std::optional<std::string> unaffected(const scan::PinSet& set, const catalog::Migration& m) {
  if (set.domains.empty()) return std::nullopt;
  std::string reason;
  for (const auto& d : set.domains) {
    const auto impact = catalog::impact_of(m, d, false);
    if (!impact.affected || *impact.affected) return std::nullopt;
    if (reason.empty()) reason = d + ": " + impact.reason;
  }
  return reason;
}

}  // namespace

PinJudgement judge_pins(const scan::PinSet& set, const catalog::Migration& migration, const JudgeOptions& options) {
  PinJudgement j;
  if (auto why = unaffected(set, migration)) {
    j.unaffected = true;
    j.reason = "not affected (" + *why + ")";
    return j;
  }
  if (set.debug_only) {
    j.reason = "debug-overrides: only debuggable builds use these pins";
    return j;
  }
  if (expired(set, options)) {
    j.reason = "pin-set expired on " + set.expiration + ": Android no longer enforces it";
    return j;
  }
  bool required_on_every_path = true, required_met = true;
  std::vector<std::string> unmet;
  for (const auto& chain : migration.chains) {
    if (!served(chain, options)) continue;
    bool every = false, some = false;
    for (const auto& c : known_certificates(chain, migration)) {
      for (const auto& pin : set.pins) {
        const Named n = names(pin, *c.certificate);
        if (n == Named::No) continue;
        const bool every_path = n == Named::ByKey ? c.is_key_of_chain : c.only_certificate;
        j.hits.push_back({pin.text, chain.id, c.name, c.position, every_path});
        every = every || every_path;
        some = true;
      }
    }
    if (!every) unmet.push_back(chain.name.empty() ? chain.id : chain.name);
    if (chain.required) {
      required_on_every_path = required_on_every_path && every;
      required_met = required_met && some;
    }
  }
  j.add = pins_to_add(set, migration);
  if (!required_met) {
    j.verdict = Verdict::Broken;
    const std::string which = set.pins.size() == 1 ? "the pin matches no key"
                                                   : fmt::format("none of the {} pins matches a key", set.pins.size());
    j.reason = which + " the new chains hold (the migration's roots and cross-certificates; a pin on a leaf or "
                       "intermediate breaks when they rotate)";
  } else if (!required_on_every_path) {
    j.verdict = Verdict::AtRisk;
    j.reason = "a pin matches only on the paths through an older root: clients whose store holds the newer root "
               "build a path without it and fail";
  } else if (!unmet.empty()) {
    // As a store holding only Amazon Root CA 1 is ready: the required chains verify; the
    // pins for the other chains are suggested, not demanded.
    j.reason = fmt::format("a pin matches the key the required chains are issued under; none matches the chains of "
                           "{} (an endpoint serving those would fail)",
                           fmt::join(unmet, ", "));
  } else {
    j.reason = "a pin matches the key every new chain is issued under";
    j.add.clear();
  }
  return j;
}

}  // namespace trustready::judge
