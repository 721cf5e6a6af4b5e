#include "run/run_paths.h"

#include <algorithm>

#include "judge/library_views.h"
#include "results/findings.h"
#include "run/chain_files.h"

namespace trustready::run {
namespace {

/// A library engine's verdict with what that library holds of each store (OpenSSL and
/// GnuTLS load a file all or nothing; trust settings refuse anchors): a store it cannot
/// load makes it reject, saying why; otherwise it is asked again when it holds less.
paths::ClientVerdict as_the_library_holds(const paths::ClientVerdict& asked, const paths::PathInput& input,
                                          const Anchors& anchors) {
  const paths::Engine* engine = paths::find_engine(asked.client);
  if (!engine || engine->id == paths::EngineId::Ideal || engine->id == paths::EngineId::Java) return asked;
  std::vector<cert::Certificate> held;
  for (const auto& [store, effective] : anchors.stores) {
    const auto views = judge::library_views(store, effective);
    const auto view = std::find_if(views.begin(), views.end(), [&](const judge::LibraryView& v) { return v.engine == engine->id; });
    if (view == views.end()) {  // not among its readers: as our reader read it
      held.insert(held.end(), effective.begin(), effective.end());
      continue;
    }
    if (view->failure) return paths::verdict_of(engine->id, false, *view->failure);
    held.insert(held.end(), view->anchors.begin(), view->anchors.end());
  }
  if (held.size() == input.anchors.size()) return asked;
  paths::PathInput again = input;
  again.anchors = std::move(held);
  return paths::ask_engine(engine->id, again);
}

}  // namespace

Result<results::PathsResult> run_paths(const fs::FileTree& root, const catalog::Catalog& catalog,
                                       const PathsRequest& request) {
  auto chain = read_chain(request.chain_files);
  if (!chain) return make_error(chain.error());
  auto anchors = read_anchors(root, request.stores, request.read);
  if (!anchors) return make_error(anchors.error());
  auto crls = read_crls(request.crls);
  if (!crls) return make_error(crls.error());
  results::PathsResult out;
  out.input.leaf = chain->leaf;
  out.input.presented = chain->presented;
  out.input.anchors = anchors->certificates;
  out.input.at = request.at;
  out.input.host = request.host;
  out.input.crls = std::move(*crls);
  out.input.policy.profile = request.profile;
  if (request.cross_signs) out.input.extra = catalog_cross_certificates(catalog);
  out.store_label = anchors->label;
  out.report = paths::build_paths(out.input);
  out.clients = paths::client_verdicts(out.input, out.report, request.clients);
  for (auto& c : out.clients) c = as_the_library_holds(c, out.input, *anchors);
  out.findings = results::paths_findings(out.input, out.clients);
  return out;
}

}  // namespace trustready::run
