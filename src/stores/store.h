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
  Keystore,   ///< a Java keystore (JKS, JCEKS or PKCS#12)
  NssDb,      ///< an NSS certificate database (cert9.db), with NSS's trust flags
  ProgramRoots,  ///< roots compiled into a program or library (node, libnssckbi.so)
};

/// How the store's consumers verify, which decides what counts as an anchor.
enum class Verifier {
  OpenSsl,  ///< only self-issued certificates are anchors (OpenSSL's default flags)
  Java,     ///< PKIX: any trusted certificate is an anchor, self-signed or not
  Nss,      ///< certificates flagged as trusted CAs for TLS are anchors, self-signed or not
};

enum class StoreRole {
  TrustStore,    ///< TLS clients read it when they verify
  AnchorSource,  ///< an update tool compiles it into the trust stores (not read by clients)
};

const char* to_string(StoreKind kind);
const char* to_string(StoreRole role);
const char* to_string(Verifier verifier);

struct StoreLocation {
  std::string id;    ///< stable name, e.g. "debian-bundle", "ssl-cert-file"
  StoreKind kind = StoreKind::Bundle;
  StoreRole role = StoreRole::TrustStore;
  std::string path;  ///< inside the root, as found (before symlinks)
  std::vector<std::string> consumers;
  std::string found_by;  ///< "Debian layout", "SSL_CERT_FILE", "OpenSSL's compiled-in default", ...
  /// CertDir only: file suffixes the update tool reads (empty: every file).
  std::vector<std::string> suffixes;
  Verifier verifier = Verifier::OpenSsl;
  /// Keystores: a password named with the store (-Djavax.net.ssl.trustStorePassword),
  /// tried before --store-password and the default "changeit".
  std::string password;
  /// Another store whose anchors the consumers trust as well: its id (an NSS database
  /// and the NSS built-in roots module) or its path (node and NODE_EXTRA_CA_CERTS).
  std::string also_trusts;
  /// Said about the store whatever it holds ("Debian's certifi.where() returns the system bundle").
  std::vector<std::string> notes;
};

/// A trust store location read with OpenSSL semantics; callers adjust the rest.
inline StoreLocation trust_location(std::string id, StoreKind kind, std::string path,
                                    std::vector<std::string> consumers, std::string found_by) {
  StoreLocation loc;
  loc.id = std::move(id);
  loc.kind = kind;
  loc.path = std::move(path);
  loc.consumers = std::move(consumers);
  loc.found_by = std::move(found_by);
  return loc;
}

struct Store {
  StoreLocation location;
  std::string resolved_path;  ///< inside the root, symlinks followed
  std::vector<cert::Certificate> certificates;
  /// Certificates the store explicitly distrusts (NSS "p" flags): never anchors, even
  /// when the store named in also_trusts holds them.
  std::vector<cert::Certificate> distrusted;
  std::string format;  ///< "JKS", "PKCS#12", "PEM", ... when it is worth saying
  /// Keystores: the integrity check passed with the JDK's default password "changeit"
  /// (a fix may then name it; any other password is never printed).
  bool default_password = false;
  /// Facts about the store a reader should know (integrity not checked, who overrides it).
  std::vector<std::string> notes;
  /// Parts that could not be read ("xyz.0: symbolic link loop"); the rest was read.
  std::vector<std::string> problems;
  /// Set when the store as a whole could not be read; names the path and the cause.
  std::optional<std::string> error;
};

}  // namespace trustready::stores
