// The skeleton of an X.509 certificate read straight from its DER bytes.
//
// Why by hand: OpenSSL 3.0 needs ~95 us to decode one certificate (d2i_X509 caches
// extensions, names and keys), and a system store holds ~150 of them. Indexing a
// store only needs the byte ranges of a few TBSCertificate fields, which a bounds-
// checked TLV walk finds in about a microsecond; OpenSSL decodes only the
// certificates a path actually needs.
#pragma once

#include <cstdint>
#include <string_view>

#include "util/result.h"
#include "util/time.h"

namespace trustready::cert {

struct DerSkeleton {
  std::string_view whole;       ///< the Certificate SEQUENCE, tag to end
  std::string_view issuer;      ///< Name, full TLV
  std::string_view subject;     ///< Name, full TLV
  std::string_view spki;        ///< SubjectPublicKeyInfo, full TLV
  std::string_view serial;      ///< INTEGER contents
  TimePoint not_before{};
  TimePoint not_after{};
};

/// Walks the Certificate's outer structure. `der` may hold trailing bytes (an OpenSSL
/// TRUSTED CERTIFICATE carries its X509_CERT_AUX after the certificate); `whole` says
/// where the certificate ends.
Result<DerSkeleton> read_der_skeleton(std::string_view der);

}  // namespace trustready::cert
