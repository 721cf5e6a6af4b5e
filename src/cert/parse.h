// Decoding certificate files: PEM (one or many, with anything between blocks), DER,
// PKCS#7 (PEM or DER), OpenSSL TRUSTED CERTIFICATE blocks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cert/certificate.h"
#include "util/result.h"

namespace trustready::cert {

struct ParsedCertificates {
  std::vector<Certificate> certificates;
  /// Blocks that could not be decoded, each naming where ("PEM block 3 at line 120: ...").
  /// The good certificates are still returned: a TLS library loading the same file
  /// behaves differently per library, so the caller reports these rather than guessing.
  std::vector<std::string> problems;
};

/// Decodes every certificate in `bytes`. An error only when nothing usable is there
/// (empty, garbage, one truncated DER certificate); the message names the cause, the
/// caller adds the file name.
Result<ParsedCertificates> parse_certificates(std::string_view bytes);

/// Forgets the PEM text already decoded in this process (parse_certificates decodes equal
/// certificate text once); for measuring a first read.
void forget_decoded_pem();

/// PEM text of one certificate ("-----BEGIN CERTIFICATE-----", 64-column base64).
std::string to_pem(const Certificate& c);

}  // namespace trustready::cert
