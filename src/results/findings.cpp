#include "results/findings.h"

#include <set>
#include <utility>

#include "results/stores_result.h"

namespace trustready::results {

const char* to_string(FindingCode code) {
  switch (code) {
    case FindingCode::StaleCopy: return "stale-copy";
    case FindingCode::DiffersFromSystem: return "differs-from-system";
    case FindingCode::ClientDisagrees: return "client-disagrees";
    case FindingCode::ClientsDisagree: return "clients-disagree";
    case FindingCode::OnlyIdealRejects: return "only-ideal-rejects";
    case FindingCode::NoSystemStore: return "no-system-store";
  }
  return "?";
}

bool PathsResult::all_accept() const {
  for (const auto& c : clients)
    if (!c.accepts) return false;
  return true;
}

bool StoresResult::any_error() const {
  for (const auto& s : stores)
    if (s.error) return true;
  return false;
}

namespace {

using AnchorKey = std::pair<std::string, cert::Sha256>;  // subject bytes, SPKI
AnchorKey key_of(const cert::Certificate& c) { return {std::string(c.subject_der()), c.spki_sha256()}; }

/// Libraries that disagree with the store's own verdict on a required chain: the store
/// is fine for its readers, not for every client that reads it (or the other way round).
void client_findings(const judge::StoreJudgement& j, std::vector<Finding>& out) {
  for (const auto& cj : j.chains) {
    if (cj.status == judge::ChainStatus::NotServed || !cj.chain->required) continue;
    const bool store_ok = cj.status != judge::ChainStatus::Fails;
    for (const auto& c : cj.clients) {
      if (c.accepts == store_ok || c.unavailable) continue;
      out.push_back({FindingCode::ClientDisagrees, c.client + (c.accepts ? " accepts " : " rejects "),
                     cj.chain->name + (c.reason.empty() ? "" : ": " + c.reason) + " (" + c.users + ")"});
    }
  }
}

}  // namespace

std::optional<CopyComparison> compare_with_system(const stores::Store& store, const stores::Store& system) {
  if (store.certificates.size() < 20) return std::nullopt;
  std::set<AnchorKey> sys, own;
  for (const auto& c : system.certificates) sys.insert(key_of(c));
  for (const auto& c : store.certificates) own.insert(key_of(c));
  CopyComparison cmp;
  cmp.system_path = system.location.path;
  for (const auto& k : own) (sys.count(k) ? cmp.shared : cmp.extra)++;
  for (const auto& k : sys)
    if (!own.count(k)) ++cmp.behind;
  if (cmp.shared * 2 < own.size()) return std::nullopt;
  return cmp;
}

std::vector<Finding> store_findings(const StoreResult& r) {
  std::vector<Finding> out;
  if (r.copy && r.copy->behind > 0 && r.copy->extra == 0)
    out.push_back({FindingCode::StaleCopy, "stale copy: ",
                   std::to_string(r.copy->behind) + " anchors behind the system bundle " + r.copy->system_path});
  else if (r.copy && r.copy->behind > 0)
    out.push_back({FindingCode::DiffersFromSystem, "differs from the system bundle ",
                   r.copy->system_path + ": lacks " + std::to_string(r.copy->behind) + " of its anchors, holds " +
                       std::to_string(r.copy->extra) + " it does not"});
  client_findings(r.judgement, out);
  return out;
}

std::vector<Finding> paths_findings(const paths::PathInput& input, const std::vector<paths::ClientVerdict>& clients) {
  bool differ = false, libraries_differ = false, ideal_rejects = false;
  const paths::ClientVerdict* first_library = nullptr;
  for (const auto& c : clients) {
    if (c.unavailable) continue;
    differ = differ || c.accepts != clients.front().accepts;
    if (c.client == "ideal") {
      ideal_rejects = !c.accepts;
      continue;
    }
    if (!first_library) first_library = &c;
    libraries_differ = libraries_differ || c.accepts != first_library->accepts;
  }
  if (!differ) return {};
  const bool strict_profile = input.policy.profile != paths::Profile::Default;
  if (!libraries_differ && ideal_rejects && (strict_profile || !input.crls.empty())) {
    std::string what = strict_profile ? std::string("the ") + to_string(input.policy.profile) + " profile" : "";
    if (strict_profile && !input.crls.empty()) what += " and ";
    if (!input.crls.empty()) what += "the CRLs given";
    return {{FindingCode::OnlyIdealRejects, "only ideal rejects: ",
             "it applies " + what + ", which TLS libraries as clients configure them do not"}};
  }
  return {{FindingCode::ClientsDisagree, "the clients disagree: ", "a migration breaks the ones that reject"}};
}

}  // namespace trustready::results
