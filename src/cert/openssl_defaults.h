// The CAfile and CApath this binary's OpenSSL was compiled with.
#pragma once

#include <string>

namespace trustready::cert {

struct OpenSslDefaults {
  std::string cert_file;      ///< e.g. /usr/lib/ssl/cert.pem
  std::string cert_dir;       ///< e.g. /usr/lib/ssl/certs
  std::string file_env;       ///< "SSL_CERT_FILE"
  std::string dir_env;        ///< "SSL_CERT_DIR"
};

OpenSslDefaults openssl_defaults();

}  // namespace trustready::cert
