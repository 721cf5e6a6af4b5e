// Trust stores: where they are, who reads them, what they hold.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cert/certificate.h"

namespace trustready::stores {

enum class StoreKind {
  Bundle,     ///< one file of concatenated PEM (or DER / PKCS#7) certificates
  HashedDir,  ///< OpenSSL CApath: certificates under subject-hash names (HASH.N)
  CertDir,    ///< a folder of certificate files fed to a distribution's update tool
};

enum class StoreRole {
  TrustStore,    ///< TLS clients read it when they verify
  AnchorSource,  ///< an update tool compiles it into the trust stores (not read by clients)
};

const char* to_string(StoreKind kind);
const char* to_string(StoreRole role);

struct StoreLocation {
  std::string id;    ///< stable name, e.g. "debian-bundle", "ssl-cert-file"
  StoreKind kind = StoreKind::Bundle;
  StoreRole role = StoreRole::TrustStore;
  std::string path;  ///< inside the root, as found (before symlinks)
  std::vector<std::string> consumers;
  std::string found_by;  ///< "Debian layout", "SSL_CERT_FILE", "OpenSSL's compiled-in default", ...
  /// CertDir only: file suffixes the update tool reads (empty: every file).
  std::vector<std::string> suffixes;
};

struct Store {
  StoreLocation location;
  std::string resolved_path;  ///< inside the root, symlinks followed
  std::vector<cert::Certificate> certificates;
  /// Parts that could not be read ("xyz.0: symbolic link loop"); the rest was read.
  std::vector<std::string> problems;
  /// Set when the store as a whole could not be read; names the path and the cause.
  std::optional<std::string> error;
};

}  // namespace trustready::stores
