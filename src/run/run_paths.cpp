#include "run/run_paths.h"

#include "results/findings.h"
#include "run/chain_files.h"

namespace trustready::run {

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
  out.findings = results::paths_findings(out.input, out.clients);
  return out;
}

}  // namespace trustready::run
