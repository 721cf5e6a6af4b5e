// A test PKI made by the real openssl command line in a TempDir: roots, cross-signs,
// intermediates and leaves shaped like a CA migration. Keys exist only in the TempDir.
#pragma once

#include <string>
#include <vector>

#include "support/fixtures.h"

namespace trustready::testing {

class TestPki {
 public:
  /// Writes the extension profiles; every certificate below is RSA 2048, SHA-256, except
  /// the *_ec ones: ECDSA P-256 keys, SHA-256.
  explicit TestPki(const TempDir& dir);

  /// A self-signed root NAME.pem (key NAME.key), valid from `from_days` to `to_days`
  /// relative to now (negative: in the past).
  std::string root(const std::string& name, int from_days = -1, int to_days = 3650);
  /// NAME.pem: a CA certificate for NAME's key (made if missing) issued by ISSUER.
  /// Issuing an existing root's key under another root is a cross-signature.
  std::string ca(const std::string& name, const std::string& issuer, int from_days = -1, int to_days = 1000,
                 const std::string& out = "");
  /// NAME.pem: a server certificate for DNS name `host`, issued by ISSUER.
  std::string leaf(const std::string& name, const std::string& issuer, const std::string& host, int to_days = 300);
  /// root() with an ECDSA P-256 key.
  std::string root_ec(const std::string& name, int from_days = -1, int to_days = 3650);
  /// ca() with an ECDSA P-256 key for NAME (made if missing); ISSUER's key may be either.
  std::string ca_ec(const std::string& name, const std::string& issuer, int from_days = -1, int to_days = 1000,
                    const std::string& out = "");
  /// leaf() with an ECDSA P-256 key (keyUsage digitalSignature only, as for ECDSA).
  std::string leaf_ec(const std::string& name, const std::string& issuer, const std::string& host,
                      int to_days = 300);
  /// NAME.pem issued by ISSUER (self-signed when ISSUER is empty) with exactly the
  /// extensions given as openssl x509v3_config lines ("basicConstraints=critical,CA:TRUE,pathlen:0");
  /// its key is made if missing.
  std::string custom(const std::string& name, const std::string& issuer, const std::string& extensions,
                     int from_days = -1, int to_days = 300);
  /// FILE: a CRL signed by ISSUER that revokes the certificates NAME.pem of `revoke`
  /// (issued by ISSUER), with a cRLNumber and 30 days to its nextUpdate.
  std::string crl(const std::string& file, const std::string& issuer, const std::vector<std::string>& revoke);
  /// Concatenates the named certificates into FILE (a chain or a bundle).
  std::string bundle(const std::string& file, const std::vector<std::string>& names);
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

  /// The ATS shape: roots "Class 2", "Services G2", "Root CA 1"; cross-certificates
  /// sfsg2_x_class2.pem and root1_x_sfsg2.pem; "Server CA" under Root CA 1; "leaf" for
  /// example.test; chain.pem as servers send it (leaf, Server CA, both cross-certificates).
  void make_ats_shaped();

 private:
  /// Makes NAME.key (RSA 2048, or P-256 when `ec`), replacing one there unless `keep`.
  void make_key(const std::string& name, bool ec, bool keep);
  std::string make_leaf(const std::string& name, const std::string& issuer, const std::string& host, int to_days,
                        bool ec);
  void sign(const std::string& name, const std::string& issuer, const std::string& extfile,
            const std::string& section, int from_days, int to_days, const std::string& out);
  std::string dir_;
};

}  // namespace trustready::testing
