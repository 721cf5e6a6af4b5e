#include "cert/x509_facts.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

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

/// Criticality of the extension `nid`: -1 absent, 0 or 1.
int critical(X509* x, int nid) {
  const int at = X509_get_ext_by_NID(x, nid, -1);
  return at < 0 ? -1 : X509_EXTENSION_get_critical(X509_get_ext(x, at));
}

std::string ia5(const ASN1_IA5STRING* s) {
  return s ? std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                         static_cast<std::size_t>(ASN1_STRING_length(s)))
           : std::string();
}

/// An iPAddress as text: dotted decimal, or IPv6 in RFC 5952's form (inet_ntop's).
std::string ip_text(const ASN1_OCTET_STRING* s) {
  const std::string raw = octets(s);
  char buf[INET6_ADDRSTRLEN] = {};
  if (raw.size() == 4 && inet_ntop(AF_INET, raw.data(), buf, sizeof buf)) return buf;
  if (raw.size() == 16 && inet_ntop(AF_INET6, raw.data(), buf, sizeof buf)) return buf;
  return "(an iPAddress of " + std::to_string(raw.size()) + " octets)";
}

void read_profile(X509* x, X509Facts& f) {
  f.bc_critical = critical(x, NID_basic_constraints) == 1;

  const int aki_crit = critical(x, NID_authority_key_identifier);
  f.aki = aki_crit >= 0;
  f.aki_critical = aki_crit == 1;
  if (f.aki) {
    auto* akid = static_cast<AUTHORITY_KEYID*>(X509_get_ext_d2i(x, NID_authority_key_identifier, nullptr, nullptr));
    if (akid) {
      f.aki_keyid = akid->keyid != nullptr;
      f.aki_id = octets(akid->keyid);
      f.aki_issuer_or_serial = akid->issuer != nullptr || akid->serial != nullptr;
      AUTHORITY_KEYID_free(akid);
    }
  }
  const int ski_crit = critical(x, NID_subject_key_identifier);
  f.ski = ski_crit >= 0;
  f.ski_critical = ski_crit == 1;
  f.ski_id = octets(X509_get0_subject_key_id(x));

  const int nc_crit = critical(x, NID_name_constraints);
  f.name_constraints = nc_crit >= 0;
  f.nc_critical = nc_crit == 1;
  if (f.name_constraints) {
    auto* nc = static_cast<NAME_CONSTRAINTS*>(X509_get_ext_d2i(x, NID_name_constraints, nullptr, nullptr));
    if (!nc) {
      f.invalid_extensions = true;
    } else {
      // Counts a subtree list; keeps its DNS names in `dns` when given (the excluded ones
      // are checked against wildcards), and flags any DNS name that is no host name.
      auto collect = [&](STACK_OF(GENERAL_SUBTREE)* trees, std::vector<std::string>* dns) {
        const int n = trees ? sk_GENERAL_SUBTREE_num(trees) : 0;
        for (int i = 0; i < n; ++i) {
          const GENERAL_SUBTREE* t = sk_GENERAL_SUBTREE_value(trees, i);
          if (t->base->type != GEN_DNS) continue;
          const std::string name = ia5(t->base->d.dNSName);
          // RFC 5280 4.2.1.10: a DNS constraint is a host name, no leading period.
          if (name.empty() || name.front() == '.') f.nc_malformed_dns = true;
          if (dns) dns->push_back(name);
        }
        return n;
      };
      const int permitted = collect(nc->permittedSubtrees, nullptr);
      const int excluded = collect(nc->excludedSubtrees, &f.nc_excluded_dns);
      f.nc_empty = permitted == 0 && excluded == 0;
      NAME_CONSTRAINTS_free(nc);
    }
  }
  const int pc_crit = critical(x, NID_policy_constraints);
  f.policy_constraints = pc_crit >= 0;
  f.pc_critical = pc_crit == 1;

  const int san_crit = critical(x, NID_subject_alt_name);
  f.san = san_crit >= 0;
  f.san_critical = san_crit == 1;
  if (f.san) {
    auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x, NID_subject_alt_name, nullptr, nullptr));
    if (!names) {
      f.invalid_extensions = true;
    } else {
      f.san_entries = static_cast<std::size_t>(sk_GENERAL_NAME_num(names));
      for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME* g = sk_GENERAL_NAME_value(names, i);
        if (g->type == GEN_DNS) f.san_dns.push_back(ia5(g->d.dNSName));
        if (g->type == GEN_IPADD) f.san_ips.push_back(ip_text(g->d.iPAddress));
      }
      GENERAL_NAMES_free(names);
    }
  }
  const X509_NAME* subject = X509_get_subject_name(x);
  f.subject_empty = X509_NAME_entry_count(subject) == 0;
  for (int at = X509_NAME_get_index_by_NID(subject, NID_commonName, -1); at >= 0;
       at = X509_NAME_get_index_by_NID(subject, NID_commonName, at)) {
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, at)));
    if (len >= 0) f.subject_cns.emplace_back(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(len));
    OPENSSL_free(utf8);
  }

  const ASN1_INTEGER* serial = X509_get0_serialNumber(x);
  const int serial_len = ASN1_STRING_length(serial);
  const unsigned char* serial_bytes = ASN1_STRING_get0_data(serial);
  f.serial_negative = ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER;
  f.serial_zero = true;
  for (int i = 0; i < serial_len; ++i) f.serial_zero = f.serial_zero && serial_bytes[i] == 0;
  // RFC 5280 4.1.2.2: at most 20 octets as encoded (a high bit costs a leading zero).
  f.serial_too_long = serial_len + (serial_len > 0 && (serial_bytes[0] & 0x80) && !f.serial_negative ? 1 : 0) > 20;

  if (critical(x, NID_info_access) >= 0) {
    auto* aia = static_cast<AUTHORITY_INFO_ACCESS*>(X509_get_ext_d2i(x, NID_info_access, nullptr, nullptr));
    f.aia_malformed = !aia || sk_ACCESS_DESCRIPTION_num(aia) == 0;
    for (int i = 0; aia && i < sk_ACCESS_DESCRIPTION_num(aia); ++i) {
      const ACCESS_DESCRIPTION* d = sk_ACCESS_DESCRIPTION_value(aia, i);
      if (OBJ_obj2nid(d->method) != NID_ad_ca_issuers || d->location->type != GEN_URI) continue;
      const ASN1_IA5STRING* uri = d->location->d.uniformResourceIdentifier;
      f.ca_issuers.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                                static_cast<std::size_t>(ASN1_STRING_length(uri)));
    }
    AUTHORITY_INFO_ACCESS_free(aia);
  }

  const ASN1_OBJECT* alg = nullptr;
  X509_ALGOR* params = nullptr;
  if (X509_PUBKEY_get0_param(const_cast<ASN1_OBJECT**>(&alg), nullptr, nullptr, &params, X509_get_X509_PUBKEY(x)) ==
          1 &&
      OBJ_obj2nid(alg) == NID_X9_62_id_ecPublicKey && params) {
    int ptype = 0;
    const void* pval = nullptr;
    X509_ALGOR_get0(nullptr, &ptype, &pval, params);
    if (ptype == V_ASN1_OBJECT) {
      const char* sn = OBJ_nid2sn(OBJ_obj2nid(static_cast<const ASN1_OBJECT*>(pval)));
      f.ec_curve = sn ? sn : "";
    } else {
      f.ec_explicit_curve = true;
    }
  }
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
  f.crl_sign = ku & KU_CRL_SIGN;
  f.key_usage_bits = ku;
  f.eku = flags & EXFLAG_XKUSAGE;
  const uint32_t xku = X509_get_extended_key_usage(x);
  f.eku_server_auth = f.eku && (xku & XKU_SSL_SERVER);
  f.eku_any = f.eku && (xku & XKU_ANYEKU);
  f.eku_critical = critical(x, NID_ext_key_usage) == 1;
  f.eku_sgc = f.eku && (xku & XKU_SGC);
  f.ns_cert_type = flags & EXFLAG_NSCERT;
  if (f.ns_cert_type) {
    auto* bits = static_cast<ASN1_BIT_STRING*>(X509_get_ext_d2i(x, NID_netscape_cert_type, nullptr, nullptr));
    f.ns_ssl_server = bits && ASN1_BIT_STRING_get_bit(bits, 1);
    ASN1_BIT_STRING_free(bits);
  }
  f.unhandled_critical = flags & EXFLAG_CRITICAL;
  f.invalid_extensions = flags & EXFLAG_INVALID;
  int md = NID_undef, pk = NID_undef, bits = 0;
  uint32_t sig_flags = 0;
  if (X509_get_signature_info(x, &md, &pk, &bits, &sig_flags) == 1 && md != NID_undef) {
    const char* name = OBJ_nid2sn(md);
    f.signature_digest = name ? name : "";
  }
  read_profile(x, f);
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

}  // namespace trustready::cert
