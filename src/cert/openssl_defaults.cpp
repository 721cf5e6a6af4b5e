#include "cert/openssl_defaults.h"

#include <openssl/x509.h>

namespace trustready::cert {

OpenSslDefaults openssl_defaults() {
  return {X509_get_default_cert_file(), X509_get_default_cert_dir(), X509_get_default_cert_file_env(),
          X509_get_default_cert_dir_env()};
}

}  // namespace trustready::cert
