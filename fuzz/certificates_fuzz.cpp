// Fuzz target: a file read as a certificate bundle (PEM, DER, PKCS#7: the DER walk of
// cert/der_skeleton and the PEM scanner are hand-written), then every fact the path
// builder asks of each certificate, the same bytes as a CApath HASH.N file, as OpenSSL's CA-file
// loader takes it, and as a CRL file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cert/capath.h"
#include "cert/crl.h"
#include "cert/openssl_load.h"
#include "cert/parse.h"
#include "cert/x509_facts.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trustready;
  cert::forget_decoded_pem();  // each input on its own: a crash must reproduce from its input alone
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto parsed = cert::parse_certificates(bytes)) {
    for (const auto& c : parsed->certificates) {
      (void)c.display_name();
      (void)c.self_issued();
      (void)cert::x509_facts(c);
      (void)cert::subject_name_hash(c);
      (void)cert::subject_hash(c);
      (void)cert::subject_hash_old(c);
      (void)cert::to_pem(c);
    }
  }
  (void)cert::load_capath_file(bytes);  // a HASH.N file as OpenSSL's CApath loads it
  if (auto load = cert::openssl_load_file(bytes))  // a CAfile as X509_STORE_load_file loads it
    for (const auto& r : load->rejected) (void)r.why;
  if (auto crls = cert::Crl::parse_all(bytes)) {
    for (const auto& crl : *crls) {
      (void)crl.issuer();
      (void)crl.problems();
      (void)crl.next_update();
    }
  }
  return 0;
}
