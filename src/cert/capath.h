// OpenSSL's CApath lookup (crypto/x509/by_dir.c) as far as one certificate and one file
// go: the name a certificate is looked up under, and what loading one HASH.N file adds.
// stores/ walks the folder with these and so holds exactly what the lookup finds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cert/certificate.h"
#include "cert/digest.h"

namespace trustready::cert {

/// The subject name hash a CApath lookup opens HASH.N by (X509_NAME_hash_ex, what
/// `openssl x509 -subject_hash` prints): 8 lowercase hex digits; empty when OpenSSL
/// cannot decode the certificate.
std::string subject_hash(const Certificate& c);
/// The MD5 name hash of OpenSSL before 1.0 (`openssl x509 -subject_hash_old`), which no
/// lookup of OpenSSL 1.0 or later opens.
std::string subject_hash_old(const Certificate& c);

/// What by_dir's X509_load_cert_file_ex(..., X509_FILETYPE_PEM) does with one HASH.N file.
struct CapathFileLoad {
  /// The certificates it adds to the store, in file order (those before a failure too).
  std::vector<Sha256> added;
  /// The load failed (no PEM certificate in it, or a damaged one): by_dir tries no higher N.
  bool stops = false;
  /// Why it failed, in OpenSSL's words ("no start line", "bad base64 decode").
  std::string why;
};
CapathFileLoad load_capath_file(std::string_view bytes);

}  // namespace trustready::cert
