#include "cert/openssl_load.h"

#include "cert/plain_pem.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <climits>
#include <memory>

namespace trustready::cert {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct InfoStackFree {
  void operator()(STACK_OF(X509_INFO)* s) const { sk_X509_INFO_pop_free(s, X509_INFO_free); }
};

/// OpenSSL's reason for the last error on this thread, without its codes and file names:
/// X509_load_cert_crl_file_ex reports "PEM lib" over the decoder's real reason, so the
/// earliest error in the queue is the one that says what is wrong.
std::string openssl_reason() {
  unsigned long first = 0;
  for (unsigned long e; (e = ERR_get_error()) != 0;)
    if (first == 0) first = e;
  if (first == 0) return "unknown error";
  const char* reason = ERR_reason_error_string(first);
  return reason ? reason : "error " + std::to_string(ERR_GET_REASON(first));
}

std::string object_names(const STACK_OF(ASN1_OBJECT)* objects) {
  std::string out;
  for (int i = 0; i < sk_ASN1_OBJECT_num(objects); ++i) {
    const int nid = OBJ_obj2nid(sk_ASN1_OBJECT_value(objects, i));
    if (!out.empty()) out += ", ";
    out += nid == NID_undef ? "an unknown purpose" : OBJ_nid2ln(nid);
  }
  return out;
}

/// Why X509_check_trust refuses `x` as a TLS server's anchor, or "" when it does not.
/// libssl verifies a server with the SSL_SERVER trust and check_trust passes no flags;
/// `openssl verify -purpose sslserver` agrees with this in tests/cert/openssl_load_test.cpp.
std::string refusal(X509* x) {
  if (X509_check_trust(x, X509_TRUST_SSL_SERVER, 0) != X509_TRUST_REJECTED) return "";
  STACK_OF(ASN1_OBJECT)* reject = X509_get0_reject_objects(x);
  if (sk_ASN1_OBJECT_num(reject) > 0) return "trust settings reject " + object_names(reject);
  return "trust settings trust it only for " + object_names(X509_get0_trust_objects(x));
}

}  // namespace

Result<OpenSslFileLoad> openssl_load_file(std::string_view bytes) {
  if (auto plain = plain_pem_certificates(bytes)) return OpenSslFileLoad{std::move(*plain), {}};  // no trust settings
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) return Error{"file too large for OpenSSL"};
  ERR_clear_error();
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  if (!bio) return Error{"out of memory"};
  std::unique_ptr<STACK_OF(X509_INFO), InfoStackFree> infos(PEM_X509_INFO_read_bio(bio.get(), nullptr, nullptr, nullptr));
  if (!infos) return Error{openssl_reason()};
  OpenSslFileLoad out;
  int objects = 0;
  for (int i = 0; i < sk_X509_INFO_num(infos.get()); ++i) {
    const X509_INFO* info = sk_X509_INFO_value(infos.get(), i);
    if (info->crl) ++objects;
    if (!info->x509) continue;
    ++objects;
    // The certificate itself, without its trust settings: as our reader's certificates are.
    unsigned char* der = nullptr;
    const int len = i2d_X509(info->x509, &der);
    if (len <= 0) continue;
    auto c = Certificate::from_der(std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len)));
    OPENSSL_free(der);
    if (!c) continue;
    if (std::string why = refusal(info->x509); !why.empty()) out.rejected.push_back({*c, std::move(why)});
    out.certificates.push_back(std::move(*c));
  }
  ERR_clear_error();
  if (objects == 0) return Error{"no certificate or crl found"};
  return out;
}

}  // namespace trustready::cert
