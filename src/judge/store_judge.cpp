#include "judge/store_judge.h"

#include <algorithm>

#include "judge/anchor_names.h"

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

std::string name_in_catalog(const cert::Certificate& c, const catalog::Migration& m) {
  for (const auto& x : m.cross_certificates)
    if (x.certificate.sha256() == c.sha256()) return x.name;
  for (const auto& a : m.anchors)
    if (a.certificate.spki_sha256() == c.spki_sha256() && a.certificate.same_subject(c)) return a.name;
  return c.display_name();
}

std::vector<cert::Certificate> same_key_and_name(const std::vector<cert::Certificate>& store,
                                                 const cert::Certificate& anchor) {
  std::vector<cert::Certificate> out;
  for (const auto& c : store)
    if (c.spki_sha256() == anchor.spki_sha256() && c.same_subject(anchor)) out.push_back(c);
  return out;
}

std::string none_valid_at(const std::vector<cert::Certificate>& copies, TimePoint at) {
  if (copies.empty()) return "";
  for (const auto& c : copies)
    if (c.valid_at(at)) return "";
  const auto& c = copies.front();
  return at < c.not_before() ? "not valid before " + format_date(c.not_before())
                             : "expired on " + format_date(c.not_after());
}

namespace {

/// The readers that reject a chain the store's anchors verify decide it: with every
/// reader rejecting the chain fails for this store, with some it is at risk (those
/// readers' clients break). The chain's status and sentence say so.
void apply_readers(ChainJudgement& cj, std::vector<std::string>& breaks) {
  std::size_t asked = 0;
  std::vector<const paths::ClientVerdict*> rejecting;
  for (const auto& c : cj.clients) {
    if (c.unavailable) continue;
    ++asked;
    if (!c.accepts) rejecting.push_back(&c);
  }
  if (rejecting.empty()) return;
  std::string who;
  for (const auto* c : rejecting) {
    if (std::find(breaks.begin(), breaks.end(), c->client) == breaks.end()) breaks.push_back(c->client);
    who += (who.empty() ? "" : "; ") + c->client + (c->reason.empty() ? "" : ": " + c->reason);
  }
  if (rejecting.size() == asked) {
    cj.status = ChainStatus::Fails;
    cj.reason = "every library that reads the store rejects it (" + who + ")";
    return;
  }
  cj.status = ChainStatus::AtRisk;
  cj.reason = "breaks " + std::string(rejecting.size() == 1 ? rejecting.front()->users : "some of its readers") +
              " (" + who + "); the others: " + cj.reason;
}

/// The verdict and its one sentence: the first required chain that fails (broken), else
/// the first at risk, else the first that verifies. Readers count (apply_readers).
void conclude(StoreJudgement& out) {
  std::string broken_reason, risk_reason;
  for (auto& cj : out.chains) {
    if (!cj.chain->required || cj.status == ChainStatus::NotServed) continue;
    if (cj.status != ChainStatus::Fails) apply_readers(cj, out.breaks);
    if (cj.status == ChainStatus::Fails && broken_reason.empty()) broken_reason = cj.chain->name + ": " + cj.reason;
    if (cj.status == ChainStatus::AtRisk && risk_reason.empty()) risk_reason = cj.chain->name + ": " + cj.reason;
  }
  out.verdict = !broken_reason.empty() ? Verdict::Broken : !risk_reason.empty() ? Verdict::AtRisk : Verdict::Ready;
  if (!broken_reason.empty()) {
    out.reason = broken_reason;
    return;
  }
  if (!risk_reason.empty()) {
    out.reason = risk_reason;
    return;
  }
  for (const auto& cj : out.chains) {
    if (cj.chain->required && cj.status == ChainStatus::Verifies) {
      out.reason = cj.chain->name + " " + cj.reason;
      return;
    }
  }
  out.reason = "no chain of this migration is served at this date";
}

void record_loads(const std::vector<LibraryView>& views, StoreJudgement& out) {
  for (const auto& v : views)
    out.libraries.push_back({std::string(paths::engine(v.engine).name), std::string(paths::engine(v.engine).users),
                             v.failure.value_or(""), v.refused});
}

}  // namespace

StoreJudgement judge_store(const stores::Store& store, const std::vector<cert::Certificate>& anchors,
                           const catalog::Migration& m, const JudgeOptions& options) {
  StoreJudgement out;
  if (store.error) {
    out.verdict = Verdict::Error;
    out.reason = *store.error;
    return out;
  }
  if (anchors.empty()) {
    out.verdict = Verdict::Error;
    out.reason = store.location.path + ": no certificates" +
                 (store.problems.empty() ? std::string() : " (" + store.problems.front().message + ")");
    return out;
  }
  // OpenSSL ends a path only at a self-issued trusted certificate: a cross-certificate
  // with an anchor's key and name in a PEM bundle is no anchor for it. Java and NSS
  // stop at any trusted certificate, so there the cross-certificate is the anchor.
  const bool partial_chain = store.location.verifier != stores::Verifier::OpenSsl;
  for (const auto& a : m.anchors) {
    const auto matches = same_key_and_name(anchors, a.certificate);
    const bool present = std::any_of(matches.begin(), matches.end(),
                                     [&](const cert::Certificate& c) { return partial_chain || c.self_issued(); });
    if (present) {
      out.present.push_back(&a);
      if (auto why = none_valid_at(matches, options.at); !why.empty()) out.not_valid.emplace_back(&a, why);
    } else if (a.recommended) {
      out.missing.push_back(&a);
    }
  }
  // Adding the migration's roots helps only if one the store lacks is valid then.
  if (std::none_of(out.missing.begin(), out.missing.end(),
                   [&](const catalog::Anchor* a) { return a->certificate.valid_at(options.at); }))
    out.no_fix_reason = out.missing.empty() ? "the store holds every anchor this migration recommends"
                                            : "every anchor the store lacks is itself expired or not yet valid then";
  const auto views = library_views(store, anchors);
  record_loads(views, out);
  for (const auto& chain : m.chains)
    out.chains.push_back(judge_chain(anchors, chain, m, options, partial_chain, views));
  conclude(out);
  return out;
}

StoreJudgement judge_store(const stores::Store& store, const catalog::Migration& m, const JudgeOptions& options) {
  return judge_store(store, store.certificates, m, options);
}

}  // namespace trustready::judge
