// Certificate revocation lists, for `paths --crl`: which certificates of a path a CA
// has revoked. Revocation is not what a CA migration changes, but a path through a
// revoked intermediate is no path, and an operator holding the CA's CRL can say so.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cert/certificate.h"
#include "util/result.h"
#include "util/time.h"

struct X509_crl_st;

namespace trustready::cert {

class Crl {
 public:
  /// Every CRL in `bytes`: PEM ("X509 CRL" blocks, any number) or one DER CRL. An error
  /// when none decodes; the caller adds the file name.
  static Result<std::vector<Crl>> parse_all(std::string_view bytes);

  /// The issuer name, RFC 2253.
  std::string issuer() const;
  TimePoint this_update() const;
  /// The epoch when the CRL has no nextUpdate.
  TimePoint next_update() const;
  /// Names `ca` as issuer and its signature verifies under `ca`'s key.
  bool issued_by(const Certificate& ca) const;
  /// What makes the CRL itself unusable under RFC 5280 5.2 (empty when nothing does).
  std::vector<std::string> problems() const;
  /// Lists `c`'s serial number (the caller has checked the CRL is `c`'s issuer's).
  bool lists(const Certificate& c) const;

 private:
  std::shared_ptr<X509_crl_st> crl_;
};

}  // namespace trustready::cert
