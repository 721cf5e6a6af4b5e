// Findings: what the results say beyond the verdict (a stale copy of the system bundle,
// a client library that disagrees), computed below the renderers so every output says
// the same. Each has a stable code (later a SARIF rule id, a Prometheus label).
#pragma once

#include <string>

namespace trustready::results {

enum class FindingCode {
  StaleCopy,           ///< an application's copy of the system bundle that lacks anchors it has since gained
  DiffersFromSystem,   ///< a copy of the system bundle that lacks some of its anchors and holds others
  ClientDisagrees,     ///< a library that reads the store gives another verdict than the store's on a chain
  ClientsDisagree,     ///< `paths`: the engines do not agree, so a migration breaks the ones that reject
  OnlyIdealRejects,    ///< `paths`: only our builder rejects, because of --profile or --crl
  NoSystemStore,       ///< `check`: no system trust store at all under the root
  CannotLoad,          ///< a library that reads the store loads nothing from it (one damaged block, DER)
  TrustSettings,       ///< OpenSSL's trust settings in the store refuse an anchor for TLS servers
};

/// The stable, kebab-case name of a code ("stale-copy").
const char* to_string(FindingCode code);

struct Finding {
  FindingCode code;
  /// The words a person reads first, with their separator ("stale copy: ", "curl accepts ").
  std::string lead;
  std::string rest;
  std::string message() const { return lead + rest; }
};

}  // namespace trustready::results
