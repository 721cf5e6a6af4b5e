#include "paths/path_builder.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "cert/x509_facts.h"
#include "paths/profile_checks.h"
#include "util/time.h"

namespace trustready::paths {

const char* to_string(Source s) {
  switch (s) {
    case Source::Leaf: return "leaf";
    case Source::Presented: return "presented";
    case Source::Store: return "store";
    case Source::Extra: return "extra";
  }
  return "?";
}

namespace {

struct Node {
  cert::Certificate cert;
  Source source;
  bool trusted;
  unsigned long subject_hash;
  mutable std::optional<cert::X509Facts> facts;
  const cert::X509Facts& get_facts() const {
    if (!facts) facts = cert::x509_facts(cert);
    return *facts;
  }
};

class Builder {
 public:
  explicit Builder(const PathInput& in) : in_(in) {
    add(in.leaf, Source::Leaf);
    for (const auto& c : in.anchors) add(c, Source::Store);
    for (const auto& c : in.presented) add(c, Source::Presented);
    for (const auto& c : in.extra) add(c, Source::Extra);
    for (std::size_t i = 0; i < nodes_.size(); ++i) by_subject_.emplace(nodes_[i].subject_hash, i);
    issuers_.resize(nodes_.size());
  }

  /// Iterative deepening (RFC 4158 3.5): every path of two certificates, then of three,
  /// and so on, so the budget finds the short paths first (a mesh of same-name CAs
  /// otherwise swallows it in its first branch). Before any search, whether an anchor is
  /// reachable by names at all: when none is, no search can help, and the reason is exact.
  PathReport run() {
    PathReport report;
    std::vector<std::size_t> path{0};
    if (nodes_[0].trusted) {
      record(path, report.paths);  // the leaf itself is trusted (pinned)
    } else if (!anchor_named_above_leaf()) {
      report.no_path_reason = unnamed_issuer_reason();
    } else {
      for (std::size_t limit = 2; limit <= in_.policy.max_depth; ++limit) {
        cut_ = false;
        extend(path, limit, report);
        if (!report.incomplete.empty() || !cut_) break;
        if (limit == in_.policy.max_depth) depth_limited_ = true;
      }
    }
    report.work = work_;
    if (report.paths.empty()) {
      if (!report.incomplete.empty()) report.no_path_reason = "the search " + report.incomplete + " without finding a path";
      else if (!near_misses_.empty()) report.paths = std::move(near_misses_);
      else if (report.no_path_reason.empty()) report.no_path_reason = blocked_reason();
    }
    std::stable_sort(report.paths.begin(), report.paths.end(), [](const Path& a, const Path& b) {
      if (a.valid() != b.valid()) return a.valid();
      return a.certs.size() < b.certs.size();
    });
    return report;
  }

 private:
  void add(const cert::Certificate& c, Source source) {
    if (auto it = index_.find(c.sha256()); it != index_.end()) {
      Node& n = nodes_[it->second];
      if (source == Source::Store) {
        n.trusted = true;
        if (n.source != Source::Leaf) n.source = Source::Store;
      }
      return;
    }
    index_.emplace(c.sha256(), nodes_.size());
    nodes_.push_back({c, source, source == Source::Store, cert::subject_name_hash(c), std::nullopt});
  }

  /// Issuer candidates of node `i`: same name, ranked as BoringSSL's path builder ranks
  /// them (pki/path_builder.cc): trusted with a matching or absent key identifier, then
  /// untrusted likewise, then those whose identifier contradicts the child's AKID
  /// (identifiers are hints, RFC 5280 4.2.1.1: still candidates, unlikely ones); a match
  /// before no data within each; input order otherwise.
  /// (Computed once per node: the search comes back to a node once per path through it.)
  const std::vector<std::size_t>& issuers_of(std::size_t i) {
    if (issuers_[i]) return *issuers_[i];
    std::vector<std::size_t>& out = issuers_[i].emplace();
    auto [lo, hi] = by_subject_.equal_range(cert::issuer_name_hash(nodes_[i].cert));
    for (auto it = lo; it != hi; ++it)
      if (it->second != i && cert::issued_by_name(nodes_[i].cert, nodes_[it->second].cert)) out.push_back(it->second);
    const std::string& akid = nodes_[i].get_facts().aki_id;
    auto rank = [&](std::size_t c) {
      const std::string& skid = nodes_[c].get_facts().ski_id;
      const int match = akid.empty() || skid.empty() ? 1 : skid == akid ? 0 : 2;
      return match == 2 ? 4 + !nodes_[c].trusted : match + 2 * !nodes_[c].trusted;
    };
    std::sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
      return std::pair(rank(a), a) < std::pair(rank(b), b);
    });
    return out;
  }

  /// Whether some anchor is reachable from the leaf through issuer names alone.
  bool anchor_named_above_leaf() {
    std::vector<bool> seen(nodes_.size());
    std::vector<std::size_t> todo{0};
    seen[0] = true;
    while (!todo.empty()) {
      const std::size_t n = todo.back();
      todo.pop_back();
      reached_.push_back(n);
      for (std::size_t c : issuers_of(n)) {
        if (nodes_[c].trusted) return true;
        if (!seen[c]) seen[c] = true, todo.push_back(c);
      }
    }
    return false;
  }

  /// No anchor is named above the leaf: the issuer name that nothing reached holds, or,
  /// when the chain's certificates name each other (a cycle, a mesh), every issuer name.
  std::string unnamed_issuer_reason() const {
    const std::string lead = "no certificate in the store is named as the issuer of ";
    std::vector<std::string> issuers;
    for (std::size_t n : reached_) {
      bool held = false;
      for (std::size_t m : reached_) held = held || cert::issued_by_name(nodes_[n].cert, nodes_[m].cert);
      const auto& c = nodes_[n].cert;
      if (!held) return lead + c.display_name() + " (issuer " + c.issuer() + ")";
      if (std::find(issuers.begin(), issuers.end(), c.issuer()) == issuers.end()) issuers.push_back(c.issuer());
    }
    if (issuers.size() == 1) return lead + nodes_[reached_.back()].cert.display_name() + " (issuer " + issuers[0] + ")";
    std::string names;
    for (std::size_t i = 0; i < issuers.size() && i < 3; ++i) names += (i ? "; " : "") + issuers[i];
    if (issuers.size() > 3) names += "; and " + std::to_string(issuers.size() - 3) + " more";
    return lead + nodes_[0].cert.display_name() + " or of any certificate above it by name (issuers " + names + ")";
  }

  /// Same name and key as a certificate already on the path: a loop (RFC 4158 3.2).
  bool loops(const std::vector<std::size_t>& path, std::size_t candidate) const {
    const auto& c = nodes_[candidate].cert;
    for (std::size_t p : path) {
      const auto& q = nodes_[p].cert;
      if (p == candidate || (q.spki_sha256() == c.spki_sha256() && q.same_subject(c))) return true;
    }
    return false;
  }

  /// Paths of exactly `limit` certificates through `path`. A candidate's signature is
  /// checked before the search goes through it, as Go's crypto/x509 does (buildChains):
  /// a certificate that did not sign the one below cannot be on any valid path, and in
  /// a mesh of same-name CAs it is almost every candidate. One whose signature fails is
  /// kept, when it is an anchor, to show if no path is found at all.
  void extend(std::vector<std::size_t>& path, std::size_t limit, PathReport& report) {
    const std::size_t child = path.back();
    for (std::size_t candidate : issuers_of(child)) {
      if (++work_ > in_.policy.max_work) {
        report.incomplete = "stopped after examining " + std::to_string(in_.policy.max_work) + " issuer candidates";
        return;
      }
      if (loops(path, candidate)) continue;
      const bool last = path.size() + 1 == limit;
      if (!signature_ok(child, candidate)) {
        if (nodes_[candidate].trusted && last && near_misses_.size() < in_.policy.max_paths) {
          path.push_back(candidate);
          record(path, near_misses_);
          path.pop_back();
        }
        continue;
      }
      if (nodes_[candidate].trusted) {
        if (!last) continue;  // a path ends at its first anchor: recorded at its own length
        if (report.paths.size() >= in_.policy.max_paths) {
          report.incomplete = "stopped after " + std::to_string(in_.policy.max_paths) + " paths";
          return;
        }
        path.push_back(candidate);
        record(path, report.paths);
        path.pop_back();
        continue;
      }
      if (last) {
        cut_ = true;  // a longer path may go on through this one
        continue;
      }
      path.push_back(candidate);
      extend(path, limit, report);
      path.pop_back();
      if (!report.incomplete.empty()) return;
    }
    if (path.size() > longest_.size()) longest_ = path;
  }

  /// Anchors are named above the leaf, yet no path was found: why the deepest path
  /// explored stops where it does.
  std::string blocked_reason() {
    const std::vector<std::size_t> top_path = longest_.empty() ? std::vector<std::size_t>{0} : longest_;
    const std::size_t top = top_path.back();
    const auto& c = nodes_[top].cert;
    std::size_t bad_signature = 0, on_path = 0;
    std::string signer;
    for (std::size_t cand : issuers_of(top)) {
      if (loops(top_path, cand)) ++on_path;
      else if (!signature_ok(top, cand)) ++bad_signature, signer = nodes_[cand].cert.display_name();
    }
    std::string why;
    if (issuers_of(top).empty())
      why = "nothing here is named as the issuer of " + c.display_name() + " (issuer " + c.issuer() + ")";
    else if (bad_signature == issuers_of(top).size())
      why = "the signature on " + c.display_name() + " does not verify under the key of " +
            (bad_signature == 1 ? signer + ", the one certificate named as its issuer"
                                : "any of the " + std::to_string(bad_signature) + " certificates named as its issuer");
    else if (on_path + bad_signature == issuers_of(top).size())
      why = "every certificate named as the issuer of " + c.display_name() +
            " whose key signed it is already on the path (a loop)";
    else
      why = "no path from " + c.display_name() + " reaches an anchor of the store";
    if (depth_limited_) why += "; paths longer than " + std::to_string(in_.policy.max_depth) + " were not followed";
    return why;
  }

  bool signature_ok(std::size_t child, std::size_t issuer) {
    const auto key = std::make_pair(child, issuer);
    if (auto it = signatures_.find(key); it != signatures_.end()) return it->second;
    const bool ok = cert::signature_verifies(nodes_[child].cert, nodes_[issuer].cert);
    signatures_.emplace(key, ok);
    return ok;
  }

  /// What the CRLs that `issuer` signed say of `child` (RFC 5280 6.3.3, for complete
  /// CRLs: a CRL that cannot be relied on leaves the status unknown, which rejects).
  void revocation(std::size_t child, std::size_t issuer, std::vector<std::string>& problems) {
    const auto& ca = nodes_[issuer];
    const std::string who = nodes_[child].cert.display_name();
    for (std::size_t i = 0; i < in_.crls.size(); ++i) {
      const auto key = std::make_pair(i, issuer);
      auto it = crl_issuers_.find(key);
      if (it == crl_issuers_.end()) it = crl_issuers_.emplace(key, in_.crls[i].issued_by(ca.cert)).first;
      if (!it->second) continue;
      const cert::Crl& crl = in_.crls[i];
      const std::string from = "the CRL of " + ca.cert.display_name();
      const std::string unknown = ", so whether " + who + " is revoked is unknown";
      if (ca.get_facts().key_usage && !ca.get_facts().crl_sign)
        problems.push_back(from + " is signed by a key whose keyUsage lacks cRLSign" + unknown);
      for (const auto& p : crl.problems()) problems.push_back(from + " " + p + unknown);
      if (crl.next_update() != TimePoint{} && in_.at > crl.next_update())
        problems.push_back(from + " is out of date (nextUpdate " + format_time(crl.next_update()) + ")" + unknown);
      if (crl.lists(nodes_[child].cert)) problems.push_back(who + " is revoked (listed on " + from + ")");
    }
  }

  void record(const std::vector<std::size_t>& ids, std::vector<Path>& out) {
    Path path;
    for (std::size_t i : ids) path.certs.push_back({nodes_[i].cert, i == 0 ? Source::Leaf : nodes_[i].source});
    check(ids, path.problems);
    out.push_back(std::move(path));
  }

  void check(const std::vector<std::size_t>& ids, std::vector<std::string>& problems) {
    const Policy& policy = in_.policy;
    const std::size_t n = ids.size();
    auto name = [&](std::size_t k) { return nodes_[ids[k]].cert.display_name(); };
    for (std::size_t k = 0; k < n; ++k) {
      const Node& node = nodes_[ids[k]];
      const auto& c = node.cert;
      const bool anchor = k + 1 == n;
      const auto& f = node.get_facts();
      if (!anchor || policy.check_anchor_validity) {
        if (in_.at < c.not_before())
          problems.push_back(name(k) + " is not valid before " + format_time(c.not_before()));
        else if (in_.at > c.not_after())
          problems.push_back(name(k) + " expired on " + format_time(c.not_after()));
      }
      profile_problems(c, f, k == 0 ? Role::Leaf : anchor ? Role::Anchor : Role::Intermediate, policy.profile, problems);
      const auto key = c.key();
      if (key.type == "RSA" && key.bits < policy.min_rsa_bits)
        problems.push_back(name(k) + " has a " + std::to_string(key.bits) + "-bit RSA key (weak)");
      if (key.type == "DSA") problems.push_back(name(k) + " has a DSA key");
      if (anchor) {
        // The anchor is name and key (RFC 5280 6.1.1 d); a certificate that says it is
        // no CA, or may not sign certificates, is still refused, as every library does.
        if (n > 1 && f.basic_constraints && !f.ca) problems.push_back(name(k) + " (anchor) is not a CA");
        if (n > 1 && f.key_usage && !f.key_cert_sign)
          problems.push_back(name(k) + " (anchor) may not sign certificates (keyUsage)");
        // A trusted leaf (a pinned certificate) is still a server's certificate.
        if (n == 1 && !in_.host.empty() && !cert::matches_host(c, in_.host))
          problems.push_back(name(k) + " is not valid for " + in_.host);
        break;
      }
      if (!signature_ok(ids[k], ids[k + 1]))
        problems.push_back("the signature on " + name(k) + " does not verify under the key of " + name(k + 1));
      revocation(ids[k], ids[k + 1], problems);
      if (policy.reject_sha1 && (f.signature_digest == "SHA1" || f.signature_digest == "MD5"))
        problems.push_back(name(k) + " is signed with " + f.signature_digest + " (weak)");
      if (k == 0) {
        if (policy.require_server_auth && f.eku && !f.eku_server_auth && !f.eku_any)
          problems.push_back(name(k) + " is not for TLS servers (extendedKeyUsage lacks serverAuth)");
        if (!in_.host.empty() && !cert::matches_host(c, in_.host))
          problems.push_back(name(k) + " is not valid for " + in_.host);
        // What every library refuses for a TLS server (OpenSSL's purpose check, the
        // loosest): a keyUsage allowing none of the TLS uses, an nsCertType without SSL
        // server. Not for a CA taken as the target (the judge starts at the topmost
        // certificate a server sends, a CA; x509-limbo's rfc5280::ca-as-leaf).
        if (!f.ca && f.key_usage &&
            !(f.key_usage_bits & (cert::kDigitalSignature | cert::kKeyEncipherment | cert::kKeyAgreement)))
          problems.push_back(name(k) + " may not be used by a TLS server (keyUsage)");
        if (!f.ca && f.ns_cert_type && !f.ns_ssl_server)
          problems.push_back(name(k) + " is not for SSL servers (nsCertType)");
        if (policy.leaf_key_usage && (f.key_usage_bits & policy.leaf_key_usage) != policy.leaf_key_usage)
          problems.push_back(name(k) + " does not allow the key usage asked for (keyUsage)");
        continue;
      }
      // An intermediate CA.
      if (f.version < 3 || !f.basic_constraints || !f.ca)
        problems.push_back(name(k) + " is not a CA (basicConstraints)");
      if (f.key_usage && !f.key_cert_sign) problems.push_back(name(k) + " may not sign certificates (keyUsage)");
      if (policy.require_server_auth && f.eku && !f.eku_server_auth && !f.eku_any)
        problems.push_back(name(k) + " may not issue for TLS servers (extendedKeyUsage lacks serverAuth)");
    }
    if (policy.max_intermediates >= 0) {
      std::size_t logical = 0;
      for (std::size_t i = 1; i + 1 < n; ++i)
        if (!nodes_[ids[i]].cert.self_issued()) ++logical;
      if (logical > static_cast<std::size_t>(policy.max_intermediates))
        problems.push_back("the path has " + std::to_string(logical) + " intermediates, more than the " +
                           std::to_string(policy.max_intermediates) + " allowed");
    }
    // pathLenConstraint: the non-self-issued intermediates below each CA.
    for (std::size_t k = 1; k < n; ++k) {
      const auto& f = nodes_[ids[k]].get_facts();
      if (f.path_len < 0) continue;
      std::size_t below = 0;
      for (std::size_t i = 1; i < k; ++i)
        if (!nodes_[ids[i]].cert.self_issued()) ++below;
      if (below > static_cast<std::size_t>(f.path_len))
        problems.push_back(name(k) + " allows " + std::to_string(f.path_len) + " intermediates below it, the path has " +
                           std::to_string(below));
    }
    // Name constraints of each CA (the anchor's too) over every certificate below it;
    // self-issued intermediates are exempt (RFC 5280 6.1.3 b).
    for (std::size_t k = 1; k < n; ++k) {
      if (!nodes_[ids[k]].get_facts().name_constraints) continue;
      for (std::size_t i = 0; i < k; ++i) {
        if (i != 0 && nodes_[ids[i]].cert.self_issued()) continue;
        if (auto v = cert::name_constraints_violation(nodes_[ids[k]].cert, nodes_[ids[i]].cert)) {
          problems.push_back(*v);
          break;
        }
        const auto& excluded = nodes_[ids[k]].get_facts().nc_excluded_dns;
        for (const auto& dns : nodes_[ids[i]].get_facts().san_dns)
          if (wildcard_hits_excluded(dns, excluded))
            problems.push_back(nodes_[ids[i]].cert.display_name() + " has the wildcard " + dns +
                               ", which matches names excluded by " + name(k));
      }
    }
  }

  const PathInput& in_;
  std::vector<Node> nodes_;
  std::unordered_map<cert::Sha256, std::size_t, cert::Sha256Hash> index_;
  std::unordered_multimap<unsigned long, std::size_t> by_subject_;
  std::vector<std::optional<std::vector<std::size_t>>> issuers_;  ///< per node, filled on first use
  std::map<std::pair<std::size_t, std::size_t>, bool> signatures_;
  std::map<std::pair<std::size_t, std::size_t>, bool> crl_issuers_;  ///< (CRL, node): the node signed it
  std::vector<std::size_t> longest_;          ///< the deepest partial path explored
  std::vector<std::size_t> reached_;          ///< nodes reachable from the leaf by issuer names
  std::vector<Path> near_misses_;             ///< paths to an anchor whose signature fails
  std::size_t work_ = 0;
  bool cut_ = false;                          ///< this depth's search stopped short of a longer path
  bool depth_limited_ = false;
};

}  // namespace

PathReport build_paths(const PathInput& input) { return Builder(input).run(); }

}  // namespace trustready::paths
