#include "cert/crl.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cert/decoded.h"

namespace trustready::cert {
namespace {

TimePoint to_time_point(const ASN1_TIME* t) {
  if (!t) return TimePoint{};
  struct tm tm {};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return TimePoint{};
  return TimePoint{std::chrono::seconds{timegm(&tm)}};
}

std::shared_ptr<X509_CRL> own(X509_CRL* crl) { return std::shared_ptr<X509_CRL>(crl, X509_CRL_free); }

}  // namespace

Result<std::vector<Crl>> Crl::parse_all(std::string_view bytes) {
  std::vector<Crl> out;
  if (bytes.find("-----BEGIN X509 CRL-----") != std::string_view::npos) {
    BIO* bio = BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size()));
    while (X509_CRL* crl = PEM_read_bio_X509_CRL(bio, nullptr, nullptr, nullptr)) {
      Crl c;
      c.crl_ = own(crl);
      out.push_back(std::move(c));
    }
    BIO_free(bio);
  } else {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    if (X509_CRL* crl = d2i_X509_CRL(nullptr, &p, static_cast<long>(bytes.size()))) {
      Crl c;
      c.crl_ = own(crl);
      out.push_back(std::move(c));
    }
  }
  ERR_clear_error();
  if (out.empty()) return make_error("no certificate revocation list in it (neither PEM 'X509 CRL' nor DER)");
  return out;
}

std::string Crl::issuer() const {
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, X509_CRL_get_issuer(crl_.get()), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

TimePoint Crl::this_update() const { return to_time_point(X509_CRL_get0_lastUpdate(crl_.get())); }
TimePoint Crl::next_update() const { return to_time_point(X509_CRL_get0_nextUpdate(crl_.get())); }

bool Crl::issued_by(const Certificate& ca) const {
  const Decoded* d = ca.decoded();
  if (!d || X509_NAME_cmp(X509_CRL_get_issuer(crl_.get()), X509_get_subject_name(d->get())) != 0) return false;
  EVP_PKEY* key = X509_get0_pubkey(d->get());
  const bool ok = key && X509_CRL_verify(crl_.get(), key) == 1;
  ERR_clear_error();
  return ok;
}

std::vector<std::string> Crl::problems() const {
  std::vector<std::string> out;
  const int at = X509_CRL_get_ext_by_NID(crl_.get(), NID_crl_number, -1);
  if (at < 0) out.push_back("has no cRLNumber (RFC 5280 5.2.3: MUST be present)");
  else if (X509_EXTENSION_get_critical(X509_CRL_get_ext(crl_.get(), at)))
    out.push_back("marks cRLNumber critical (RFC 5280 5.2.3: MUST NOT)");
  return out;
}

bool Crl::lists(const Certificate& c) const {
  const Decoded* d = c.decoded();
  if (!d) return false;
  X509_REVOKED* entry = nullptr;
  return X509_CRL_get0_by_serial(crl_.get(), &entry, X509_get0_serialNumber(d->get())) == 1;
}

}  // namespace trustready::cert
