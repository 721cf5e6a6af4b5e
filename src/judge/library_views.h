// What each TLS library that reads a PEM store really holds of it: OpenSSL and GnuTLS
// load a file all or nothing, GnuTLS skips TRUSTED CERTIFICATE blocks, and OpenSSL's
// trust settings refuse some anchors for TLS servers. The judge asks each library with
// its own view, so a store our reader reads in part is not "ready" for a library that
// loads none of it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cert/certificate.h"
#include "paths/engines.h"
#include "stores/store.h"

namespace trustready::judge {

struct LibraryView {
  stores::Library library;
  paths::EngineId engine;
  /// Set when the library loads nothing from the store; says why, naming the file.
  std::optional<std::string> failure;
  /// What it trusts as a TLS server's anchor.
  std::vector<cert::Certificate> anchors;
  /// Anchors its trust settings refuse, each "NAME: trust settings reject ...".
  std::vector<std::string> refused;
};

/// One view per library that reads `store` (none for a Java keystore or an NSS database,
/// whose one reader the judge models itself). `anchors`: the store's effective anchors.
std::vector<LibraryView> library_views(const stores::Store& store, const std::vector<cert::Certificate>& anchors);

/// The engine that answers for a library.
paths::EngineId engine_of(stores::Library library);

}  // namespace trustready::judge
