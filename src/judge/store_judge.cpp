#include "judge/store_judge.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include "cert/openssl_verify.h"
#include "paths/gnutls_engine.h"
#include "paths/path_builder.h"

namespace trustready::judge {

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::Ready: return "ready";
    case Verdict::AtRisk: return "at-risk";
    case Verdict::Broken: return "broken";
    case Verdict::Error: return "error";
  }
  return "?";
}

Verdict worst(Verdict a, Verdict b) { return static_cast<int>(a) > static_cast<int>(b) ? a : b; }

const char* to_string(ChainStatus s) {
  switch (s) {
    case ChainStatus::Verifies: return "verifies";
    case ChainStatus::AtRisk: return "at-risk";
    case ChainStatus::Fails: return "fails";
    case ChainStatus::NotServed: return "not-served";
  }
  return "?";
}

namespace {

/// The catalog's name for a certificate, else its own display name.
std::string name_in_catalog(const cert::Certificate& c, const catalog::Migration& m) {
  for (const auto& x : m.cross_certificates)
    if (x.certificate.sha256() == c.sha256()) return x.name;
  for (const auto& a : m.anchors)
    if (a.certificate.spki_sha256() == c.spki_sha256() && a.certificate.same_subject(c)) return a.name;
  return c.display_name();
}

/// Store certificates that hold `anchor`'s key under its name.
std::vector<cert::Certificate> same_key_and_name(const std::vector<cert::Certificate>& store,
                                                 const cert::Certificate& anchor) {
  std::vector<cert::Certificate> out;
  for (const auto& c : store)
    if (c.spki_sha256() == anchor.spki_sha256() && c.same_subject(anchor)) out.push_back(c);
  return out;
}

/// The store certificates a path up from `presented` could use: those named (byte for
/// byte, as libraries first compare names) as the issuer of a presented certificate or
/// of one already taken, and the migration anchors' own certificates by key and name
/// (names can be encoded differently; the path builder then decides). A store of 150
/// roots gives a handful: the builder and the libraries get only these.
std::vector<cert::Certificate> relevant_anchors(const std::vector<cert::Certificate>& store,
                                                const std::vector<cert::Certificate>& presented,
                                                const catalog::Migration& m) {
  std::vector<cert::Certificate> out;
  std::set<cert::Sha256> seen;
  std::set<std::string_view> wanted;  // issuer names still to look for
  for (const auto& p : presented) wanted.insert(p.issuer_der());
  auto add = [&](const cert::Certificate& c) {
    if (!seen.insert(c.sha256()).second) return;
    out.push_back(c);
    if (!c.self_issued()) wanted.insert(c.issuer_der());
  };
  for (const auto& a : m.anchors)
    if (wanted.contains(a.certificate.subject_der()))
      for (const auto& c : same_key_and_name(store, a.certificate)) add(c);
  // Each round takes the certificates named by the last one's issuers; a store has
  // finitely many, so this ends (at most one round per store certificate).
  for (std::size_t before = SIZE_MAX; before != out.size();) {
    before = out.size();
    for (const auto& c : store)
      if (wanted.contains(c.subject_der())) add(c);
  }
  for (const auto& p : presented) wanted.insert(p.subject_der());  // the store may hold one as sent
  for (const auto& c : store)
    if (wanted.contains(c.subject_der())) add(c);
  return out;
}

/// A verifier's answer, computed once per process for each key. Stores on one host share
/// most of their roots, so the same question comes up once per store; the answer depends
/// only on the certificates, the time and the flags in the key. Each call site (each
/// `Compute` type) keeps its own answers, at most 4096 of them.
template <typename Key, typename Compute>
auto remembered(Key key, Compute compute) -> decltype(compute()) {
  using Value = decltype(compute());
  static std::mutex mutex;
  static std::map<Key, Value> answers;
  {
    std::lock_guard lock(mutex);
    if (auto it = answers.find(key); it != answers.end()) return it->second;
  }
  Value value = compute();
  std::lock_guard lock(mutex);
  if (answers.size() > 4096) answers.clear();
  answers.emplace(std::move(key), value);
  return value;
}

/// The key of an answer about `presented` with `anchors` at `at`: certificates by hash.
using ChainKey = std::tuple<std::vector<cert::Sha256>, std::vector<cert::Sha256>, TimePoint>;
ChainKey chain_key(const std::vector<cert::Certificate>& presented, const std::vector<cert::Certificate>& anchors,
                   TimePoint at) {
  ChainKey key{{}, {}, at};
  for (const auto& p : presented) std::get<0>(key).push_back(p.sha256());
  for (const auto& a : anchors) std::get<1>(key).push_back(a.sha256());
  std::sort(std::get<1>(key).begin(), std::get<1>(key).end());
  return key;
}

/// Every path from the presented certificates to `anchors`, by the path builder.
paths::PathReport all_paths(const std::vector<cert::Certificate>& presented,
                            const std::vector<cert::Certificate>& anchors, TimePoint at) {
  return remembered(chain_key(presented, anchors, at), [&] {
    paths::PathInput in;
    in.leaf = presented.front();
    in.presented.assign(presented.begin() + 1, presented.end());
    in.anchors = anchors;
    in.at = at;
    in.policy.require_server_auth = false;  // the catalog's chains start at a CA certificate, not a server's
    return paths::build_paths(in);
  });
}

/// An OpenSSL client's verdict: curl (partial chains) or the default flags.
ClientCheck openssl_check_name(bool curl, bool accepts, std::string reason) {
  return curl ? ClientCheck{"curl", "curl and libcurl with OpenSSL (partial chains)", accepts, std::move(reason)}
              : ClientCheck{"openssl", "OpenSSL's default verification: openssl s_client, Python's ssl, Ruby, PHP",
                            accepts, std::move(reason)};
}

/// OpenSSL's verdict on the chain as sent, as its clients configure it: default flags
/// (openssl s_client, Python's ssl), or partial chains (curl).
ClientCheck openssl_check(const std::vector<cert::Certificate>& anchors, const std::vector<cert::Certificate>& presented,
                          TimePoint at, bool partial_chain) {
  auto key = std::make_pair(chain_key(presented, anchors, at), partial_chain);
  return remembered(std::move(key), [&] {
    const std::vector<cert::Certificate> rest(presented.begin() + 1, presented.end());
    const auto outcome = cert::verify_with_openssl(presented.front(), rest, anchors, at, partial_chain);
    return openssl_check_name(partial_chain, outcome.ok, outcome.error);
  });
}

FoundPath make_path(std::vector<cert::Certificate> certs, const catalog::Migration& m, bool direct) {
  FoundPath p;
  p.certificates = std::move(certs);
  p.anchor = p.certificates.back();
  p.anchor_name = name_in_catalog(p.anchor, m);
  p.direct = direct;
  p.expires = p.certificates.front().not_after();
  p.expiring_name = name_in_catalog(p.certificates.front(), m);
  for (const auto& c : p.certificates) {
    if (c.not_after() < p.expires) {
      p.expires = c.not_after();
      p.expiring_name = name_in_catalog(c, m);
    }
  }
  return p;
}

std::string join_names(const std::vector<std::string>& names, const char* last_sep) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? last_sep : ", ";
    out += names[i];
  }
  return out;
}

/// GnuTLS's verdict on the chain as servers send it. GnuTLS stops at a presented
/// certificate found in the store, or else needs the issuer of the last one: it does not
/// look for a trusted issuer of the certificates below (the new root itself), which the
/// tests showed with the real gnutls-cli.
ClientCheck gnutls_check(const std::vector<cert::Certificate>& anchors, const std::vector<cert::Certificate>& presented,
                         TimePoint at) {
  return remembered(chain_key(presented, anchors, at), [&] {
    const std::vector<cert::Certificate> rest(presented.begin() + 1, presented.end());
    const auto outcome = paths::verify_with_gnutls(presented.front(), rest, anchors, at, "");
    return ClientCheck{"gnutls", "GnuTLS clients: gnutls-cli, apt's https transport, wget", outcome.ok, outcome.error};
  });
}

}  // namespace

ChainJudgement judge_chain(const std::vector<cert::Certificate>& anchors, const catalog::Chain& chain,
                           const catalog::Migration& m, const JudgeOptions& options, bool partial_chain) {
  ChainJudgement j;
  j.chain = &chain;
  if (chain.served_until && options.at >= *chain.served_until) {
    j.status = ChainStatus::NotServed;
    j.reason = "not served since " + format_date(*chain.served_until);
    return j;
  }
  if (chain.served_from && options.at < *chain.served_from) {
    j.status = ChainStatus::NotServed;
    j.reason = "not served before " + format_date(*chain.served_from);
    return j;
  }
  const catalog::Anchor* root = m.anchor(chain.issued_under);
  j.would_anchor.push_back(root->name);

  // The chain's own root in the store: the intermediate below the presented
  // cross-certificates is signed by this key, so the path ends here. Like OpenSSL,
  // a trust anchor must be self-issued, and its own signature is not checked.
  // Which of those OpenSSL (self-issued ones) and curl (any, partial chains) would stop at.
  bool direct_for_openssl = false, direct_for_curl = false;
  for (const auto& c : same_key_and_name(anchors, root->certificate)) {
    if (c.valid_at(options.at)) {
      direct_for_curl = true;
      direct_for_openssl = direct_for_openssl || c.self_issued();
    }
    if (!c.self_issued() && !partial_chain) {
      j.failures.push_back(root->name + ": the store holds a certificate with its name and key that is not "
                           "self-issued; only partial-chain clients (curl, Java, NSS) accept it as an anchor");
    } else if (!c.valid_at(options.at)) {
      j.failures.push_back(root->name + ": " + (options.at < c.not_before() ? "not valid before " : "expired on ") +
                           format_date(options.at < c.not_before() ? c.not_before() : c.not_after()));
    } else {
      j.paths.push_back(make_path({c}, m, true));
    }
  }

  // Through the cross-certificates the servers send: every path the builder finds.
  std::vector<cert::Certificate> presented;
  for (const auto& id : chain.presented) presented.push_back(m.cross_certificate(id)->certificate);
  for (const auto& p : presented)
    for (const auto& a : m.anchors)
      if (a.certificate.subject_der() == p.issuer_der() &&
          std::find(j.would_anchor.begin(), j.would_anchor.end(), a.name) == j.would_anchor.end())
        j.would_anchor.push_back(a.name);
  if (!presented.empty()) {
    const auto anchors_used = relevant_anchors(anchors, presented, m);
    for (const auto& p : all_paths(presented, anchors_used, options.at).paths) {
      const auto& anchor = p.certs.back().certificate;
      // A presented certificate that is itself in the store: the direct check above.
      if (p.certs.size() == 1) continue;
      std::vector<cert::Certificate> certs;
      for (const auto& pc : p.certs) certs.push_back(pc.certificate);
      if (!p.valid())
        j.failures.push_back(name_in_catalog(anchor, m) + ": " + p.problems.front());
      else if (!partial_chain && !anchor.self_issued())
        j.failures.push_back(name_in_catalog(anchor, m) +
                             ": not self-issued; only partial-chain clients (curl, Java, NSS) take it as an anchor");
      else
        j.paths.push_back(make_path(std::move(certs), m, false));
    }
    // What the libraries that read a PEM store say, where they may differ from the
    // builder: OpenSSL as its clients configure it, and GnuTLS. OpenSSL looks for a
    // trusted issuer first at every step (X509_V_FLAG_TRUSTED_FIRST, its default), so
    // with the chain's root in the store it stops there, below the cross-certificates,
    // as openssl s_client and curl do in tests/cli/real_clients_test.cpp; only without
    // it is the chain as sent the question.
    if (!partial_chain) {
      for (const bool curl : {false, true}) {
        if (curl ? direct_for_curl : direct_for_openssl)
          j.clients.push_back(openssl_check_name(curl, true, "stops at " + root->name + " in the store"));
        else
          j.clients.push_back(openssl_check(anchors_used, presented, options.at, curl));
      }
      j.clients.push_back(gnutls_check(anchors_used, presented, options.at));
    }
  }

  if (j.paths.empty()) {
    j.status = ChainStatus::Fails;
    j.reason = "no path: the store lacks " + join_names(j.would_anchor, " and ") +
               (j.failures.empty() ? "" : " (" + j.failures.front() + ")");
    return j;
  }
  std::sort(j.paths.begin(), j.paths.end(), [](const FoundPath& a, const FoundPath& b) {
    if (a.direct != b.direct) return a.direct;
    return a.expires > b.expires;
  });
  const FoundPath& best = *std::max_element(j.paths.begin(), j.paths.end(),
                                            [](const FoundPath& a, const FoundPath& b) { return a.expires < b.expires; });
  const std::string via = best.direct ? "through " + best.anchor_name + " itself"
                                      : "through the cross-sign to " + best.anchor_name;
  if (best.expires < options.at + options.horizon) {
    j.status = ChainStatus::AtRisk;
    j.reason = "verifies only until " + format_date(best.expires) + " (" + best.expiring_name + " expires), " + via;
  } else {
    j.status = ChainStatus::Verifies;
    j.reason = "verifies " + via;
  }
  return j;
}

StoreJudgement judge_store(const stores::Store& store, const catalog::Migration& m, const JudgeOptions& options) {
  StoreJudgement out;
  if (store.error) {
    out.verdict = Verdict::Error;
    out.reason = *store.error;
    return out;
  }
  if (store.certificates.empty()) {
    out.verdict = Verdict::Error;
    out.reason = store.location.path + ": no certificates" +
                 (store.problems.empty() ? std::string() : " (" + store.problems.front() + ")");
    return out;
  }
  // OpenSSL ends a path only at a self-issued trusted certificate: a cross-certificate
  // with an anchor's key and name in a PEM bundle is no anchor for it. Java and NSS
  // stop at any trusted certificate, so there the cross-certificate is the anchor.
  const bool any_trusted_counts = store.location.verifier != stores::Verifier::OpenSsl;
  for (const auto& a : m.anchors) {
    const auto matches = same_key_and_name(store.certificates, a.certificate);
    const bool present = std::any_of(matches.begin(), matches.end(),
                                     [&](const cert::Certificate& c) { return any_trusted_counts || c.self_issued(); });
    if (present) out.present.push_back(&a);
    else if (a.recommended) out.missing.push_back(&a);
  }
  std::string broken_reason, risk_reason;
  for (const auto& chain : m.chains) {
    out.chains.push_back(judge_chain(store.certificates, chain, m, options,
                                     store.location.verifier != stores::Verifier::OpenSsl));
    const ChainJudgement& cj = out.chains.back();
    if (!chain.required) continue;
    if (cj.status == ChainStatus::Fails && broken_reason.empty()) broken_reason = chain.name + ": " + cj.reason;
    if (cj.status == ChainStatus::AtRisk && risk_reason.empty()) risk_reason = chain.name + ": " + cj.reason;
  }
  out.verdict = !broken_reason.empty() ? Verdict::Broken : !risk_reason.empty() ? Verdict::AtRisk : Verdict::Ready;
  if (!broken_reason.empty()) {
    out.reason = broken_reason;
  } else if (!risk_reason.empty()) {
    out.reason = risk_reason;
  } else {
    for (const auto& cj : out.chains) {
      if (cj.chain->required && cj.status == ChainStatus::Verifies) {
        out.reason = cj.chain->name + " " + cj.reason;
        break;
      }
    }
    if (out.reason.empty()) out.reason = "no chain of this migration is served at this date";
  }
  return out;
}

}  // namespace trustready::judge
