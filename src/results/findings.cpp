#include "results/findings.h"

#include <algorithm>
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
    case FindingCode::CannotLoad: return "cannot-load";
    case FindingCode::TrustSettings: return "trust-settings";
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

bool cannot_load(const judge::StoreJudgement& j, const std::string& client) {
  for (const auto& l : j.libraries)
    if (l.library == client) return !l.failure.empty();
  return false;
}

/// Libraries that disagree with what the store's anchors allow on a required chain: the
/// store is fine for some of its readers, not for every client that reads it (or the
/// other way round). A library that cannot load the store is said once, not per chain.
void client_findings(const judge::StoreJudgement& j, std::vector<Finding>& out) {
  for (const auto& cj : j.chains) {
    if (cj.status == judge::ChainStatus::NotServed || !cj.chain->required) continue;
    const bool store_ok = cj.status != judge::ChainStatus::Fails;
    for (const auto& c : cj.clients) {
      if (c.accepts == store_ok || c.unavailable || cannot_load(j, c.client)) continue;
      out.push_back({FindingCode::ClientDisagrees, c.client + (c.accepts ? " accepts " : " rejects "),
                     cj.chain->name + (c.reason.empty() ? "" : ": " + c.reason) + " (" + c.users + ")"});
    }
  }
}

/// Each library that loads nothing, the libraries sharing a loader named together
/// (OpenSSL's clients and curl), and each anchor trust settings refuse.
void load_findings(const judge::StoreJudgement& j, std::vector<Finding>& out) {
  std::vector<std::pair<std::string, std::string>> failures;  // failure, the libraries
  for (const auto& l : j.libraries) {
    if (l.failure.empty()) continue;
    auto it = std::find_if(failures.begin(), failures.end(), [&](const auto& f) { return f.first == l.failure; });
    if (it == failures.end()) failures.emplace_back(l.failure, l.library);
    else it->second += ", " + l.library;
  }
  for (const auto& [failure, who] : failures)
    out.push_back({FindingCode::CannotLoad, who + " load nothing: ", failure});
  std::vector<std::pair<std::string, std::string>> refused;  // refusal, the libraries
  for (const auto& l : j.libraries)
    for (const auto& r : l.refused) {
      auto it = std::find_if(refused.begin(), refused.end(), [&](const auto& f) { return f.first == r; });
      if (it == refused.end()) refused.emplace_back(r, l.library);
      else it->second += ", " + l.library;
    }
  for (const auto& [refusal, who] : refused)
    out.push_back({FindingCode::TrustSettings, "trust settings: ", refusal + "; " + who + " do not take it as a TLS anchor"});
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
  load_findings(r.judgement, out);
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
