#include "judge/presented_judge.h"

#include <algorithm>
#include <map>

namespace trustready::judge {

const char* to_string(PresentedWord w) {
  switch (w) {
    case PresentedWord::Trusted: return "trusted";
    case PresentedWord::Untrusted: return "untrusted";
    case PresentedWord::Error: return "error";
  }
  return "error";
}

JudgedStore prepare_store(stores::Store store, std::vector<cert::Certificate> anchors, std::string label) {
  JudgedStore out{std::move(store), std::move(anchors), {}, std::move(label)};
  out.views = library_views(out.store, out.anchors);
  return out;
}

namespace {

bool wanted(const std::vector<std::string>& clients, paths::EngineId id) {
  return clients.empty() ||
         std::find(clients.begin(), clients.end(), std::string(paths::engine(id).name)) != clients.end();
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

/// The store's readers, each with what it holds of the store; a Java keystore's reader is
/// Java. Empty for a store no engine models (an NSS database): the path builder decides.
std::vector<paths::ClientVerdict> readers_say(const paths::PathInput& input, const JudgedStore& s,
                                              const std::vector<std::string>& clients) {
  std::vector<paths::ClientVerdict> out;
  for (const auto& view : s.views) {
    if (!wanted(clients, view.engine)) continue;
    if (view.failure) {
      out.push_back(paths::verdict_of(view.engine, false, *view.failure));
      continue;
    }
    paths::PathInput held = input;
    held.anchors = view.anchors;
    out.push_back(paths::ask_engine(view.engine, held));
  }
  if (s.views.empty() && s.store.location.verifier == stores::Verifier::Java && wanted(clients, paths::EngineId::Java))
    out.push_back(paths::ask_engine(paths::EngineId::Java, input));
  return out;
}

/// The verdict in words: who verifies, through what, and who rejects, and why.
void conclude(PresentedVerdict& v) {
  v.path.clear();
  v.anchor.clear();
  std::vector<std::string> accept, reject;
  std::string why;
  for (const auto& c : v.clients) {
    if (std::find(v.deciders.begin(), v.deciders.end(), c.client) == v.deciders.end() || c.unavailable) continue;
    if (c.accepts) {
      accept.push_back(c.client);
      if (v.path.empty() && !c.path.empty()) v.path = c.path;
    } else {
      reject.push_back(c.client);
      why += (why.empty() ? "" : "; ") + c.client + ": " + c.reason;
    }
  }
  if (accept.empty() && reject.empty()) {
    v.verdict = PresentedWord::Error;
    v.reason = "no engine could be asked";
    return;
  }
  if (v.path.empty())  // the builder's path, when the engine did not say which it took
    for (const auto& c : v.clients)
      if (c.client == "ideal" && c.accepts && !c.path.empty()) v.path = c.path;
  if (!v.path.empty()) v.anchor = v.path.back().display_name();
  v.verdict = reject.empty() ? PresentedWord::Trusted : PresentedWord::Untrusted;
  if (reject.empty()) {
    v.reason = "verified by " + joined(accept) + (v.anchor.empty() ? "" : " through " + v.anchor);
    return;
  }
  v.reason = "rejected by " + why + (accept.empty() ? "" : " (" + joined(accept) + " verify it)");
}

}  // namespace

PresentedVerdict judge_presented(const std::vector<cert::Certificate>& chain, const std::string& host, TimePoint at,
                                 const JudgedStore& s, const std::vector<std::string>& clients) {
  PresentedVerdict v;
  v.store = s.label;
  if (s.store.error) {
    v.reason = *s.store.error;
    return v;
  }
  if (chain.empty()) {
    v.reason = "the server sent no certificate";
    return v;
  }
  paths::PathInput input;
  input.leaf = chain.front();
  input.presented.assign(chain.begin() + 1, chain.end());
  input.anchors = s.anchors;
  input.at = at;
  v.clients = readers_say(input, s, clients);
  for (const auto& c : v.clients) v.deciders.push_back(c.client);
  if (wanted(clients, paths::EngineId::Ideal) || v.clients.empty()) {
    const auto report = paths::build_paths(input);
    auto ideal = paths::client_verdicts(input, report, {"ideal"});
    v.clients.insert(v.clients.end(), ideal.begin(), ideal.end());
    if (v.deciders.empty()) v.deciders.push_back("ideal");
  }
  conclude(v);
  if (host.empty()) return v;
  return for_host({v}, chain.front(), host).front();
}

std::vector<PresentedVerdict> for_host(const std::vector<PresentedVerdict>& base, const cert::Certificate& leaf,
                                       const std::string& host) {
  std::vector<PresentedVerdict> out = base;
  if (host.empty()) return out;
  std::map<std::string, std::string> problem;  // engine name -> its words, asked once
  for (auto& v : out) {
    if (v.clients.empty()) continue;  // an unreadable store: its error stands
    for (auto& c : v.clients) {
      if (!c.accepts) continue;
      auto it = problem.find(c.client);
      if (it == problem.end()) {
        const paths::Engine* e = paths::find_engine(c.client);
        it = problem.emplace(c.client, e ? paths::host_problem(e->id, leaf, host) : "").first;
      }
      if (it->second.empty()) continue;
      c.accepts = false;
      c.reason = it->second;
      c.path.clear();
    }
    conclude(v);
  }
  return out;
}

ChainShape shape_of(const std::vector<cert::Certificate>& chain, const std::vector<cert::Certificate>& known_roots) {
  ChainShape out;
  if (chain.empty()) return out;
  for (std::size_t i = 1; i < chain.size(); ++i)
    if (chain[i - 1].issuer_der() != chain[i].subject_der() || chain[i - 1].self_issued()) out.in_order = false;
  const cert::Certificate& top = cert::topmost_issuer(chain);
  const bool root_known = top.self_issued() || std::any_of(known_roots.begin(), known_roots.end(), [&](const cert::Certificate& r) {
                            return r.self_issued() && r.subject_der() == top.issuer_der();
                          });
  if (!root_known) {
    out.complete = false;
    out.note = "the server does not send the issuer of " + top.display_name() + " (" + top.issuer() +
               "), and no store judged holds it as a root: an intermediate is missing (or the root is unknown here). "
               "Clients that fetch missing issuers from the certificate's AIA URL (browsers, Windows) may still "
               "succeed; OpenSSL, curl, GnuTLS and Java do not fetch them";
  }
  if (!out.in_order) {
    const std::string order = "the certificates are not in order (each should be issued by the one after it); "
                              "OpenSSL, GnuTLS and browsers reorder them, older clients may not";
    out.note = out.note.empty() ? order : order + "; " + out.note;
  }
  return out;
}

}  // namespace trustready::judge
