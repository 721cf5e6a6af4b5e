// The certificate model: raw DER indexed without OpenSSL, decoded by OpenSSL on demand.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cert/der_skeleton.h"
#include "cert/digest.h"
#include "util/result.h"
#include "util/time.h"

namespace trustready::cert {

class Decoded;  // OpenSSL's view of the certificate; defined in cert/decoded.h

/// Public-key facts, from OpenSSL.
struct KeyInfo {
  std::string type;  ///< "RSA", "EC", "Ed25519", ...
  int bits = 0;      ///< key size in bits (curve size for EC)
  std::string curve; ///< "P-256", ... for EC keys
};

/// An immutable certificate. Copies share the DER bytes and the decoded form, and so
/// do certificates read twice (a bundle and a hashed directory hold the same roots):
/// identical DER is interned, so OpenSSL decodes each distinct certificate once.
/// Index fields (fingerprints, names as DER, validity) come from a DER walk; anything
/// needing real X.509 semantics (RFC 2253 names, key type, extensions, signatures)
/// decodes once through OpenSSL and is cached.
class Certificate {
 public:
  /// Indexes one DER certificate; `der` may have trailing bytes (ignored).
  static Result<Certificate> from_der(std::string_view der);

  std::string_view der() const { return skeleton().whole; }
  const Sha256& sha256() const;
  const Sha256& spki_sha256() const;
  std::string_view subject_der() const { return skeleton().subject; }
  std::string_view issuer_der() const { return skeleton().issuer; }
  std::string_view spki_der() const { return skeleton().spki; }
  TimePoint not_before() const { return skeleton().not_before; }
  TimePoint not_after() const { return skeleton().not_after; }
  bool valid_at(TimePoint t) const { return not_before() <= t && t <= not_after(); }
  /// Subject and issuer are the same name (RFC 5280 "self-issued"); decodes only when
  /// the encodings differ.
  bool self_issued() const;

  // --- decoded through OpenSSL on first use ---
  /// Subject in RFC 2253 form ("CN=Amazon Root CA 1,O=Amazon,C=US").
  std::string subject() const;
  std::string issuer() const;
  /// A short name for people: the CN, else the last OU, else O.
  std::string display_name() const;
  KeyInfo key() const;
  /// basicConstraints cA is TRUE.
  bool is_ca() const;
  /// Self-issued and its signature verifies under its own key.
  bool self_signed() const;
  /// Subjects are the same name under RFC 5280 comparison (OpenSSL's canonical form).
  bool same_subject(const Certificate& other) const;
  /// OpenSSL's decoded form; null only if OpenSSL rejects what the DER walk accepted.
  const Decoded* decoded() const;
  /// Why OpenSSL could not decode it (empty when it could).
  std::string decode_error() const;

 private:
  struct Shared;
  const DerSkeleton& skeleton() const;
  std::shared_ptr<Shared> shared_;
};

/// Following issuers by name from `chain`'s first certificate (a leaf) through the rest, in
/// any order: the last one reached, self-issued or whose issuer `chain` lacks. `chain` must
/// not be empty.
const Certificate& topmost_issuer(const std::vector<Certificate>& chain);

/// Distinct DER encodings the intern table holds an entry for (live or not yet swept):
/// for tests and measurement of a long-lived process's memory.
std::size_t interned_entries();

}  // namespace trustready::cert
