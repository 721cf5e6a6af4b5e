#include "run/run_probe.h"

#include <chrono>
#include <future>
#include <map>
#include <mutex>

#include "judge/presented_judge.h"
#include "stores/effective_anchors.h"
#include "stores/readers.h"

namespace trustready::run {
namespace {

std::string label_of(const stores::Store& store, const stores::EffectiveAnchors& effective) {
  std::string label = store.location.path;
  if (!effective.judged_with.empty()) label += " (with " + effective.judged_with + ")";
  return label;
}

/// The stores named with --store, each judged on its own; or every store discovery finds.
Result<std::vector<judge::JudgedStore>> read_stores(const fs::FileTree& root, const ProbeRequest& request) {
  std::vector<judge::JudgedStore> out;
  if (!request.stores.empty()) {
    for (const auto& path : request.stores) {
      auto store = stores::read_store(root, stores::named_location(root, path), request.discovery.read);
      if (store.error) return make_error(*store.error);
      auto effective = stores::effective_anchors(root, store, {}, request.discovery.read);
      if (effective.certificates.empty()) return make_error(path + ": no trusted certificates");
      auto label = label_of(store, effective);
      out.push_back(judge::prepare_store(std::move(store), std::move(effective.certificates), std::move(label)));
    }
    return out;
  }
  const auto found = stores::discover(root, request.discovery);
  for (const auto& store : found.stores) {
    if (store.location.role == stores::StoreRole::AnchorSource) continue;
    auto effective = stores::effective_anchors(root, store, found.stores, request.discovery.read);
    auto label = label_of(store, effective);
    out.push_back(judge::prepare_store(store, std::move(effective.certificates), std::move(label)));
  }
  if (out.empty()) return make_error("no trust store found under " + root.root() + " (name one with --store)");
  return out;
}

/// Roots known to exist, so a chain sent without its root is not called incomplete.
std::vector<cert::Certificate> known_roots(const std::vector<judge::JudgedStore>& stores, const catalog::Catalog& c) {
  std::vector<cert::Certificate> out;
  for (const auto& s : stores) out.insert(out.end(), s.anchors.begin(), s.anchors.end());
  for (const auto& m : c.migrations())
    for (const auto& a : m.anchors) out.push_back(a.certificate);
  return out;
}

/// Each distinct chain is judged once, however many targets and names present it; a
/// second target asking while the first is judged waits for that answer.
class ChainJudge {
 public:
  ChainJudge(const std::vector<judge::JudgedStore>& stores, std::vector<cert::Certificate> roots,
             const ProbeRequest& request)
      : stores_(stores), roots_(std::move(roots)), request_(request) {}

  /// The chain's verdicts for `host`: the chain judged once (no host), then the name
  /// checked on its leaf by each engine that verified it.
  std::shared_ptr<const results::ChainVerdicts> judge(const std::vector<cert::Certificate>& chain,
                                                      const std::string& host) {
    auto base = judged(chain);
    auto out = std::make_shared<results::ChainVerdicts>();
    out->shape = base->shape;
    out->stores = judge::for_host(base->stores, chain.front(), host);
    return out;
  }

  std::shared_ptr<const results::ChainVerdicts> judged(const std::vector<cert::Certificate>& chain) {
    std::string key;
    for (const auto& c : chain) key.append(reinterpret_cast<const char*>(c.sha256().bytes.data()), c.sha256().bytes.size());
    std::promise<std::shared_ptr<const results::ChainVerdicts>> mine;
    std::shared_future<std::shared_ptr<const results::ChainVerdicts>> answer;
    {
      std::lock_guard lock(mutex_);
      // A bound for runs over many names (each its own entry): start again past it.
      if (cache_.size() >= kMaxEntries) {
        judged_ += cache_.size();
        cache_.clear();
      }
      auto [it, fresh] = cache_.try_emplace(key);
      if (!fresh) {
        answer = it->second;
      } else {
        it->second = mine.get_future().share();
      }
    }
    if (answer.valid()) return answer.get();
    auto verdicts = std::make_shared<results::ChainVerdicts>();
    verdicts->shape = judge::shape_of(chain, roots_);
    for (const auto& s : stores_)
      verdicts->stores.push_back(judge::judge_presented(chain, "", request_.at, s, request_.clients));
    mine.set_value(verdicts);
    return verdicts;
  }

  std::size_t distinct() {
    std::lock_guard lock(mutex_);
    return judged_ + cache_.size();
  }

 private:
  const std::vector<judge::JudgedStore>& stores_;
  std::vector<cert::Certificate> roots_;
  const ProbeRequest& request_;
  static constexpr std::size_t kMaxEntries = 2048;
  std::size_t judged_ = 0;  ///< entries dropped by the bound
  std::mutex mutex_;
  std::map<std::string, std::shared_future<std::shared_ptr<const results::ChainVerdicts>>> cache_;
};

void tally(const results::ProbeResult& r, results::ProbeSummary& s) {
  ++s.targets;
  if (r.target->protocol == probe::Protocol::Http) ++s.not_connected;
  if (r.failed()) ++s.failed;
  else if (!r.trusted_everywhere()) ++s.untrusted;
  if (!r.verdicts) return;
  for (const auto& v : r.verdicts->stores) {
    auto& t = s.stores[v.store];
    if (v.verdict == judge::PresentedWord::Trusted) ++t.trusted;
    else if (v.verdict == judge::PresentedWord::Untrusted) ++t.untrusted;
    else ++t.errors;
  }
}

}  // namespace

Result<results::ProbeSummary> run_probe(const fs::FileTree& root, const catalog::Catalog& catalog,
                                        const ProbeRequest& request, const ProbeSink& sink,
                                        probe::Progress* progress) {
  const auto started = std::chrono::steady_clock::now();
  auto stores = read_stores(root, request);
  if (!stores) return make_error(stores.error());
  auto tls = cert::TlsClientContext::create();
  if (!tls) return make_error(tls.error());
  const auto roots = known_roots(*stores, catalog);
  ChainJudge judge(*stores, roots, request);
  probe::EngineSettings engine = request.engine;
  if (request.aia)
    engine.lacks_issuer = [&roots](const std::vector<cert::Certificate>& chain) {
      return !judge::shape_of(chain, roots).complete;
    };
  results::ProbeSummary summary;
  for (const auto& s : *stores) summary.store_order.push_back(s.label);
  std::mutex output;
  auto finish = [&](results::ProbeResult&& r) {
    std::lock_guard lock(output);
    tally(r, summary);
    sink(r);
  };
  // Plain HTTP has no certificate: it is said, never connected.
  std::vector<probe::Target> tls_targets;
  std::vector<std::optional<probe::Proxy>> tls_proxies;
  for (std::size_t i = 0; i < request.targets.size(); ++i) {
    const auto& t = request.targets[i];
    if (t.protocol == probe::Protocol::Http) {
      results::ProbeResult r;
      r.target = &t;
      r.capture.index = i;
      r.capture.stage = probe::Stage::Done;
      if (request.migration) r.impact = catalog::impact_of(*request.migration, t.host, true);
      finish(std::move(r));
      continue;
    }
    tls_targets.push_back(t);
    if (!request.proxies.empty()) tls_proxies.push_back(request.proxies[i]);
  }
  auto captured = [&](const probe::Target& t, probe::Capture&& capture) {
    results::ProbeResult r;
    r.target = &t;
    r.host = t.host;
    if (request.migration) {
      r.impact = catalog::impact_of(*request.migration, t.host, false);
      r.migration = request.migration->id;
    }
    if (capture.ok()) r.verdicts = judge.judge(capture.presented, t.host);
    if (capture.ok() && !capture.fetched.empty()) {
      auto chain = capture.presented;
      chain.insert(chain.end(), capture.fetched.begin(), capture.fetched.end());
      r.with_fetched = judge.judge(chain, t.host);
    }
    r.capture = std::move(capture);
    finish(std::move(r));
  };
  auto ran = probe::capture_all(tls_targets, tls_proxies, engine, *tls, captured, progress);
  if (!ran) return make_error(ran.error());
  summary.distinct_chains = judge.distinct();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace trustready::run
