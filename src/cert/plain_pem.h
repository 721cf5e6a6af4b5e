// A fast answer to "would OpenSSL's PEM loader take exactly these certificates": a file
// of nothing but well-formed "CERTIFICATE" blocks that our reader read without a problem. Such a file (every distribution's bundle, every
// update-ca-certificates file) loads the same through PEM_X509_INFO_read_bio or
// X509_load_cert_file; decoding it there again would cost a full OpenSSL decode per
// certificate per store (x6 the time of `check`). Anything else takes the real loader.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "cert/certificate.h"

namespace trustready::cert {

/// The certificates of `bytes` in file order when it is such a file, else nullopt.
std::optional<std::vector<Certificate>> plain_pem_certificates(std::string_view bytes);

}  // namespace trustready::cert
