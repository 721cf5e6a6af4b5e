// Client engines: the verdict a TLS client library gives for one chain and one store,
// configured as real clients configure it, beside our own builder's ("ideal").
#pragma once

#include <string>
#include <vector>

#include "cert/certificate.h"
#include "paths/path_builder.h"

namespace trustready::paths {

struct ClientVerdict {
  std::string client;                     ///< "ideal", "openssl", "curl", "java"
  std::string how;                        ///< how the engine is configured, for people
  bool accepts = false;
  std::string reason;                     ///< why not (or which path, when it accepts)
  std::vector<cert::Certificate> path;    ///< the path it built, leaf first (when it accepts)
};

/// Known engine names, in display order.
const std::vector<std::string>& client_names();

/// Each engine's verdict for `input` (the same leaf, intermediates, anchors, time and
/// host); `report` is the builder's answer for it, used for "ideal". `clients` empty: all.
std::vector<ClientVerdict> client_verdicts(const PathInput& input, const PathReport& report,
                                           const std::vector<std::string>& clients = {});

}  // namespace trustready::paths
