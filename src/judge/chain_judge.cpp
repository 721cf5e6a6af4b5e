// One chain of a migration against one store's anchors: the direct anchor, every path
// through the cross-certificates servers send, and what the libraries say.
#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include "judge/anchor_names.h"
#include "judge/library_views.h"
#include "judge/store_judge.h"
#include "paths/path_builder.h"

namespace trustready::judge {
namespace {

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

/// Every path from the presented certificates to `anchors`, by the path builder; the
/// answer depends only on the certificates and the time, and stores on one host share
/// most roots, so it is computed once per process (at most 4096 kept).
paths::PathReport all_paths(const std::vector<cert::Certificate>& presented,
                            const std::vector<cert::Certificate>& anchors, TimePoint at) {
  using Key = std::tuple<std::vector<cert::Sha256>, std::vector<cert::Sha256>, TimePoint>;
  static std::mutex mutex;
  static std::map<Key, paths::PathReport> answers;
  Key key{{}, {}, at};
  for (const auto& p : presented) std::get<0>(key).push_back(p.sha256());
  for (const auto& a : anchors) std::get<1>(key).push_back(a.sha256());
  std::sort(std::get<1>(key).begin(), std::get<1>(key).end());
  {
    std::lock_guard lock(mutex);
    if (auto it = answers.find(key); it != answers.end()) return it->second;
  }
  paths::PathInput in;
  in.leaf = presented.front();
  in.presented.assign(presented.begin() + 1, presented.end());
  in.anchors = anchors;
  in.at = at;
  in.policy.require_server_auth = false;  // the catalog's chains start at a CA certificate, not a server's
  paths::PathReport report = paths::build_paths(in);
  std::lock_guard lock(mutex);
  if (answers.size() > 4096) answers.clear();
  answers.emplace(std::move(key), report);
  return report;
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

/// The chain's own root in the store: the intermediate below the presented
/// cross-certificates is signed by this key, so the path ends here. Like OpenSSL, a
/// trust anchor must be self-issued, and its own signature is not checked.
void direct_anchor(const std::vector<cert::Certificate>& anchors, const catalog::Anchor& root,
                   const catalog::Migration& m, const JudgeOptions& options, bool partial_chain, ChainJudgement& j) {
  for (const auto& c : same_key_and_name(anchors, root.certificate)) {
    if (!c.self_issued() && !partial_chain) {
      j.failures.push_back(root.name + ": the store holds a certificate with its name and key that is not "
                           "self-issued; only partial-chain clients (curl, Java, NSS) accept it as an anchor");
    } else if (!c.valid_at(options.at)) {
      j.failures.push_back(root.name + ": " + (options.at < c.not_before() ? "not valid before " : "expired on ") +
                           format_date(options.at < c.not_before() ? c.not_before() : c.not_after()));
    } else {
      j.paths.push_back(make_path({c}, m, true));
    }
  }
}

/// Through the cross-certificates the servers send: every path the builder finds.
void cross_signed_paths(const std::vector<cert::Certificate>& presented, const std::vector<cert::Certificate>& anchors,
                        const catalog::Migration& m, TimePoint at, bool partial_chain, ChainJudgement& j) {
  for (const auto& p : all_paths(presented, anchors, at).paths) {
    const auto& anchor = p.certs.back().certificate;
    if (p.certs.size() == 1) continue;  // a presented certificate that is itself in the store: direct_anchor
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
}

/// Which of a library's anchors the chain's own root is, where the library stops below the
/// cross-certificates: OpenSSL at a valid self-issued one, partial-chain libraries (curl,
/// GnuTLS, which trusts any certificate of its list) at any valid one.
bool stops_at_root(const LibraryView& view, const catalog::Anchor& root, TimePoint at) {
  const bool self_issued_only = view.engine == paths::EngineId::OpenSsl;
  for (const auto& c : same_key_and_name(view.anchors, root.certificate))
    if (c.valid_at(at) && (!self_issued_only || c.self_issued())) return true;
  return false;
}

/// What each library that reads the store says, with what it really holds of the store
/// (judge/library_views.h). OpenSSL looks for a trusted issuer first at every step
/// (X509_V_FLAG_TRUSTED_FIRST, its default), so with the chain's root in the store it stops
/// there, below the cross-certificates, as openssl s_client and curl do in
/// tests/cli/real_clients_test.cpp; only without it is the chain as sent the question.
/// GnuTLS is always asked: it does not stop early in the same way.
void library_verdicts(const std::vector<cert::Certificate>& presented, const std::vector<LibraryView>& views,
                      const catalog::Anchor& root, const catalog::Migration& m, TimePoint at, ChainJudgement& j) {
  for (const auto& view : views) {
    if (view.failure) {
      j.clients.push_back(paths::verdict_of(view.engine, false, *view.failure));
      continue;
    }
    const bool stops = stops_at_root(view, root, at);
    if (view.engine != paths::EngineId::Gnutls && stops) {
      j.clients.push_back(paths::verdict_of(view.engine, true, "stops at " + root.name + " in the store"));
      continue;
    }
    if (presented.empty()) {  // the servers send no cross-certificate: the root is the only way
      j.clients.push_back(paths::verdict_of(view.engine, stops, stops ? "" : "the store lacks " + root.name));
      continue;
    }
    paths::PathInput in;
    in.leaf = presented.front();
    in.presented.assign(presented.begin() + 1, presented.end());
    in.anchors = relevant_anchors(view.anchors, presented, m);
    in.at = at;
    j.clients.push_back(paths::ask_engine(view.engine, in));
  }
}

/// What the store lacks for a chain that fails, without calling "lacking" an anchor it
/// holds: "the store lacks A and B; it holds C, but C expired on 2034-06-29".
std::string what_is_lacking(const ChainJudgement& j) {
  std::vector<std::string> lacking;
  for (const auto& name : j.would_anchor)
    if (std::none_of(j.held_not_valid.begin(), j.held_not_valid.end(), [&](const auto& h) { return h.first == name; }))
      lacking.push_back(name);
  std::string out = lacking.empty() ? "" : "the store lacks " + join_names(lacking, " and ");
  for (const auto& [name, why] : j.held_not_valid)
    out += (out.empty() ? "the store holds " : "; it holds ") + name + ", but it " + (why.starts_with("expired") ? "" : "is ") + why;
  if (!j.failures.empty() && j.held_not_valid.empty()) out += " (" + j.failures.front() + ")";
  return out;
}

/// The verdict from the paths found: the longest-lived one decides.
void conclude(const JudgeOptions& options, ChainJudgement& j) {
  if (j.paths.empty()) {
    j.status = ChainStatus::Fails;
    j.reason = "no path: " + what_is_lacking(j);
    return;
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
}

}  // namespace

ChainJudgement judge_chain(const std::vector<cert::Certificate>& anchors, const catalog::Chain& chain,
                           const catalog::Migration& m, const JudgeOptions& options, bool partial_chain,
                           const std::vector<LibraryView>& libraries) {
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
  direct_anchor(anchors, *root, m, options, partial_chain, j);

  std::vector<cert::Certificate> presented;
  for (const auto& id : chain.presented) presented.push_back(m.cross_certificate(id)->certificate);
  for (const auto& p : presented)
    for (const auto& a : m.anchors)
      if (a.certificate.subject_der() == p.issuer_der() &&
          std::find(j.would_anchor.begin(), j.would_anchor.end(), a.name) == j.would_anchor.end())
        j.would_anchor.push_back(a.name);
  for (const auto& a : m.anchors) {
    if (std::find(j.would_anchor.begin(), j.would_anchor.end(), a.name) == j.would_anchor.end()) continue;
    if (auto why = none_valid_at(same_key_and_name(anchors, a.certificate), options.at); !why.empty())
      j.held_not_valid.emplace_back(a.name, why);
  }
  if (!presented.empty()) {
    const auto anchors_used = relevant_anchors(anchors, presented, m);
    cross_signed_paths(presented, anchors_used, m, options.at, partial_chain, j);
  }
  library_verdicts(presented, libraries, *root, m, options.at, j);
  conclude(options, j);
  return j;
}

}  // namespace trustready::judge
