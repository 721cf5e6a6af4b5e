#include "cert/x509_facts.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <string>

#include "cert/decoded.h"

namespace trustready::cert {
namespace {

struct NameConstraintsFree {
  void operator()(NAME_CONSTRAINTS* nc) const { NAME_CONSTRAINTS_free(nc); }
};

std::string reason_of(int code) {
  switch (code) {
    case X509_V_ERR_PERMITTED_VIOLATION: return "a name outside the permitted subtrees";
    case X509_V_ERR_EXCLUDED_VIOLATION: return "a name inside an excluded subtree";
    case X509_V_ERR_SUBTREE_MINMAX: return "name constraints with minimum or maximum (unsupported)";
    case X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE: return "a name constraint of an unsupported type";
    case X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX: return "a name constraint with unsupported syntax";
    case X509_V_ERR_UNSUPPORTED_NAME_SYNTAX: return "a name of unsupported syntax under name constraints";
    default: return X509_verify_cert_error_string(code);
  }
}

std::string octets(const ASN1_OCTET_STRING* s) {
  if (!s) return {};
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
}

}  // namespace

X509Facts x509_facts(const Certificate& c) {
  X509Facts f;
  const Decoded* d = c.decoded();
  if (!d) {
    f.invalid_extensions = true;
    return f;
  }
  X509* x = d->get();
  const uint32_t flags = X509_get_extension_flags(x);  // also caches the extensions
  f.version = static_cast<int>(X509_get_version(x)) + 1;
  f.basic_constraints = flags & EXFLAG_BCONS;
  f.ca = flags & EXFLAG_CA;
  f.path_len = f.ca ? static_cast<int>(X509_get_pathlen(x)) : -1;
  f.key_usage = flags & EXFLAG_KUSAGE;
  const uint32_t ku = X509_get_key_usage(x);
  f.key_cert_sign = ku & KU_KEY_CERT_SIGN;
  f.digital_signature = ku & KU_DIGITAL_SIGNATURE;
  f.key_encipherment = ku & KU_KEY_ENCIPHERMENT;
  f.eku = flags & EXFLAG_XKUSAGE;
  const uint32_t xku = X509_get_extended_key_usage(x);
  f.eku_server_auth = f.eku && (xku & XKU_SSL_SERVER);
  f.eku_any = f.eku && (xku & XKU_ANYEKU);
  f.unhandled_critical = flags & EXFLAG_CRITICAL;
  f.invalid_extensions = flags & EXFLAG_INVALID;
  f.name_constraints = X509_get_ext_by_NID(x, NID_name_constraints, -1) >= 0;
  int md = NID_undef, pk = NID_undef, bits = 0;
  uint32_t sig_flags = 0;
  if (X509_get_signature_info(x, &md, &pk, &bits, &sig_flags) == 1 && md != NID_undef) {
    const char* name = OBJ_nid2sn(md);
    f.signature_digest = name ? name : "";
  }
  ERR_clear_error();
  return f;
}

bool signature_verifies(const Certificate& child, const Certificate& issuer) {
  const Decoded* c = child.decoded();
  const Decoded* i = issuer.decoded();
  if (!c || !i) return false;
  EVP_PKEY* key = X509_get0_pubkey(i->get());
  const bool ok = key && X509_verify(c->get(), key) == 1;
  ERR_clear_error();
  return ok;
}

unsigned long subject_name_hash(const Certificate& c) {
  const Decoded* d = c.decoded();
  return d ? X509_subject_name_hash(d->get()) : 0;
}

unsigned long issuer_name_hash(const Certificate& c) {
  const Decoded* d = c.decoded();
  return d ? X509_issuer_name_hash(d->get()) : 0;
}

bool issued_by_name(const Certificate& child, const Certificate& issuer) {
  if (child.issuer_der() == issuer.subject_der()) return true;
  const Decoded* c = child.decoded();
  const Decoded* i = issuer.decoded();
  return c && i && X509_NAME_cmp(X509_get_issuer_name(c->get()), X509_get_subject_name(i->get())) == 0;
}

std::optional<std::string> name_constraints_violation(const Certificate& ca, const Certificate& subject) {
  const Decoded* a = ca.decoded();
  const Decoded* s = subject.decoded();
  if (!a || !s) return "cannot be decoded";
  int crit = 0;
  std::unique_ptr<NAME_CONSTRAINTS, NameConstraintsFree> nc(
      static_cast<NAME_CONSTRAINTS*>(X509_get_ext_d2i(a->get(), NID_name_constraints, &crit, nullptr)));
  if (!nc) {
    ERR_clear_error();
    if (crit == -1) return std::nullopt;  // absent
    return "name constraints of " + ca.display_name() + " cannot be decoded";
  }
  const int rc = NAME_CONSTRAINTS_check(s->get(), nc.get());
  ERR_clear_error();
  if (rc == X509_V_OK) return std::nullopt;
  return subject.display_name() + " has " + reason_of(rc) + " of " + ca.display_name();
}

bool matches_host(const Certificate& leaf, std::string_view host) {
  const Decoded* d = leaf.decoded();
  if (!d) return false;
  const std::string h(host);
  int rc = 0;
  if (h.find(':') != std::string::npos || (!h.empty() && h.find_first_not_of("0123456789.") == std::string::npos))
    rc = X509_check_ip_asc(d->get(), h.c_str(), 0);
  else
    rc = X509_check_host(d->get(), h.data(), h.size(),
                         X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, nullptr);
  ERR_clear_error();
  return rc == 1;
}

std::string subject_key_id(const Certificate& c) {
  const Decoded* d = c.decoded();
  return d ? octets(X509_get0_subject_key_id(d->get())) : std::string();
}

std::string authority_key_id(const Certificate& c) {
  const Decoded* d = c.decoded();
  return d ? octets(X509_get0_authority_key_id(d->get())) : std::string();
}

}  // namespace trustready::cert
