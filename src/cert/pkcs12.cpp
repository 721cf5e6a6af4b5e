// PKCS#12 keystores through OpenSSL, read the way Java reads them: a certificate is a
// trust anchor only when it carries Oracle's trusted-key-usage attribute (what keytool
// writes for trustedCertEntry), or is a key entry's own certificate.
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <algorithm>
#include <map>
#include <memory>

#include "cert/keystore.h"

namespace trustready::cert {

Result<Keystore> parse_java_keystore(std::string_view bytes, const std::vector<std::string>& passwords);

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12, PKCS12_free>>;
using ObjPtr = std::unique_ptr<ASN1_OBJECT, Deleter<ASN1_OBJECT, ASN1_OBJECT_free>>;
using X509Owned = std::unique_ptr<X509, Deleter<X509, X509_free>>;

struct AuthSafesFree {
  void operator()(STACK_OF(PKCS7) * s) const { sk_PKCS7_pop_free(s, PKCS7_free); }
};
struct BagsFree {
  void operator()(STACK_OF(PKCS12_SAFEBAG) * s) const { sk_PKCS12_SAFEBAG_pop_free(s, PKCS12_SAFEBAG_free); }
};

std::string openssl_reason() {
  const unsigned long e = ERR_peek_last_error();
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  const char* reason = ERR_reason_error_string(e);
  return reason ? reason : buf;
}

bool has_attribute(const PKCS12_SAFEBAG* bag, const ASN1_OBJECT* oid) {
  const STACK_OF(X509_ATTRIBUTE)* attrs = PKCS12_SAFEBAG_get0_attrs(bag);
  for (int i = 0; i < sk_X509_ATTRIBUTE_num(attrs); ++i)
    if (OBJ_cmp(X509_ATTRIBUTE_get0_object(sk_X509_ATTRIBUTE_value(attrs, i)), oid) == 0) return true;
  return false;
}

std::string local_key_id(const PKCS12_SAFEBAG* bag) {
  const ASN1_TYPE* t = PKCS12_SAFEBAG_get0_attr(bag, NID_localKeyID);
  if (!t || t->type != V_ASN1_OCTET_STRING) return {};
  return std::string(reinterpret_cast<const char*>(t->value.octet_string->data),
                     static_cast<std::size_t>(t->value.octet_string->length));
}

/// Verifies the MAC with each password; "" also tries OpenSSL's NULL (no password) form.
Integrity check_mac(PKCS12* p12, const std::vector<std::string>& passwords, Keystore& ks, const char** used) {
  if (!PKCS12_mac_present(p12)) {
    ks.notes.push_back("no integrity MAC (a password-less PKCS#12, as recent JDKs write cacerts)");
    return Integrity::NotChecked;
  }
  // No password at all is tried as the empty one: OpenSSL's NULL form, then "".
  // (`*used` must outlive this call: it points into `passwords` or at a static.)
  static const std::vector<std::string> kNoPassword{""};
  for (const auto& password : passwords.empty() ? kNoPassword : passwords) {
    std::vector<const char*> candidates = {password.c_str()};
    if (password.empty()) candidates.insert(candidates.begin(), nullptr);
    for (const char* candidate : candidates) {
      ERR_clear_error();
      if (PKCS12_verify_mac(p12, candidate, -1) == 1) {
        ks.password_used = password;
        *used = candidate;
        return Integrity::Verified;
      }
      const unsigned long e = ERR_peek_last_error();
      if (e != 0 && ERR_GET_REASON(e) != PKCS12_R_MAC_VERIFY_FAILURE) {
        ks.notes.push_back("the integrity MAC cannot be checked by this OpenSSL: " + openssl_reason());
        return Integrity::NotChecked;
      }
    }
  }
  ERR_clear_error();
  return Integrity::Mismatch;
}

}  // namespace

const char* to_string(KeystoreFormat f) {
  switch (f) {
    case KeystoreFormat::Jks: return "JKS";
    case KeystoreFormat::Jceks: return "JCEKS";
    case KeystoreFormat::Pkcs12: return "PKCS#12";
  }
  return "?";
}

std::vector<Certificate> Keystore::java_anchors() const {
  std::vector<Certificate> out;
  for (const auto& e : entries)
    if (!e.certificates.empty()) out.push_back(e.certificates.front());
  return out;
}

bool looks_like_keystore(std::string_view b) {
  auto u32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
    return v;
  };
  if (b.size() >= 4 && (u32(0) == 0xFEEDFEEDu || u32(0) == 0xCECECECEu)) return true;
  // PFX ::= SEQUENCE { version INTEGER (3), ... }: 30 8x.. 02 01 03
  if (b.size() < 8 || static_cast<unsigned char>(b[0]) != 0x30) return false;
  std::size_t at = 2;
  const auto len0 = static_cast<unsigned char>(b[1]);
  if (len0 & 0x80) at += len0 & 0x7f;
  return at + 3 <= b.size() && b[at] == 0x02 && b[at + 1] == 0x01 && b[at + 2] == 0x03;
}

Result<Keystore> parse_keystore(std::string_view bytes, const std::vector<std::string>& passwords) {
  if (bytes.size() >= 4 && (static_cast<unsigned char>(bytes[0]) == 0xFE || static_cast<unsigned char>(bytes[0]) == 0xCE))
    return parse_java_keystore(bytes, passwords);
  ERR_clear_error();
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(bytes.size())));
  if (!p12) {
    ERR_clear_error();
    return make_error("not a JKS, JCEKS or PKCS#12 keystore");
  }
  Keystore ks;
  ks.format = KeystoreFormat::Pkcs12;
  const char* password = nullptr;
  ks.integrity = check_mac(p12.get(), passwords, ks, &password);

  std::unique_ptr<STACK_OF(PKCS7), AuthSafesFree> safes(PKCS12_unpack_authsafes(p12.get()));
  if (!safes) return make_error("PKCS#12 contents cannot be decoded: " + openssl_reason());
  static const ObjPtr trusted_usage(OBJ_txt2obj("2.16.840.1.113894.746875.1.1", 1));
  std::size_t encrypted_skipped = 0;
  std::vector<Certificate> unattributed;
  std::map<std::string, std::size_t> key_ids;  // localKeyID -> entry index
  for (int i = 0; i < sk_PKCS7_num(safes.get()); ++i) {
    PKCS7* safe = sk_PKCS7_value(safes.get(), i);
    std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), BagsFree> bags;
    const int nid = OBJ_obj2nid(safe->type);
    if (nid == NID_pkcs7_data) {
      bags.reset(PKCS12_unpack_p7data(safe));
    } else if (nid == NID_pkcs7_encrypted) {
      if (ks.integrity == Integrity::Verified) bags.reset(PKCS12_unpack_p7encdata(safe, password, -1));
      for (std::size_t k = 0; !bags && ks.integrity != Integrity::Verified && k < passwords.size(); ++k)
        bags.reset(PKCS12_unpack_p7encdata(safe, passwords[k].c_str(), -1));
      if (!bags) {
        ERR_clear_error();
        ++encrypted_skipped;
        continue;
      }
    }
    if (!bags) continue;
    for (int k = 0; k < sk_PKCS12_SAFEBAG_num(bags.get()); ++k) {
      const PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags.get(), k);
      const int bag_nid = PKCS12_SAFEBAG_get_nid(bag);
      const std::string id = local_key_id(bag);
      if (bag_nid == NID_keyBag || bag_nid == NID_pkcs8ShroudedKeyBag) {
        if (!id.empty() && !key_ids.count(id)) {
          key_ids[id] = ks.entries.size();
          KeystoreEntry e;
          char* name = PKCS12_get_friendlyname(const_cast<PKCS12_SAFEBAG*>(bag));
          if (name) e.alias = name;
          OPENSSL_free(name);
          ks.entries.push_back(std::move(e));
        }
        continue;
      }
      if (bag_nid != NID_certBag || PKCS12_SAFEBAG_get_bag_nid(bag) != NID_x509Certificate) continue;
      X509Owned x(PKCS12_SAFEBAG_get1_cert(bag));
      unsigned char* der = nullptr;
      const int len = x ? i2d_X509(x.get(), &der) : -1;
      if (len <= 0) return make_error("certificate bag " + std::to_string(k + 1) + " cannot be decoded");
      auto c = Certificate::from_der(std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len)));
      OPENSSL_free(der);
      if (!c) return make_error("certificate bag " + std::to_string(k + 1) + ": " + c.error());
      KeystoreEntry e;
      char* name = PKCS12_get_friendlyname(const_cast<PKCS12_SAFEBAG*>(bag));
      if (name) e.alias = name;
      OPENSSL_free(name);
      e.certificates.push_back(std::move(*c));
      if (trusted_usage && has_attribute(bag, trusted_usage.get())) {
        e.trusted = true;
        ks.entries.push_back(std::move(e));
      } else if (!id.empty()) {  // a key entry's own certificate; the key bag may come later
        auto [it, fresh] = key_ids.try_emplace(id, ks.entries.size());
        if (fresh) {
          ks.entries.push_back(std::move(e));
        } else {
          auto& entry = ks.entries[it->second];
          entry.certificates.insert(entry.certificates.begin(), e.certificates.front());
          if (entry.alias.empty()) entry.alias = e.alias;
        }
      } else {
        unattributed.push_back(std::move(e.certificates.front()));
      }
    }
  }
  ERR_clear_error();
  // keytool stores the CA certificates of a key entry's chain with a friendlyName and no
  // localKeyID: Java uses them to complete that chain, never as anchors. Those that
  // issued a key's certificate (or another such CA) are that; the rest are loose.
  std::vector<std::string_view> issuers;
  for (const auto& e : ks.entries)
    if (!e.trusted)
      for (const auto& c : e.certificates) issuers.push_back(c.issuer_der());
  std::size_t chain = 0;
  std::vector<bool> in_chain(unattributed.size(), false);
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t i = 0; i < unattributed.size(); ++i) {
      const auto& c = unattributed[i];
      if (in_chain[i] || std::find(issuers.begin(), issuers.end(), c.subject_der()) == issuers.end()) continue;
      issuers.push_back(c.issuer_der());
      in_chain[i] = true;
      ++chain;
      grew = true;
    }
  }
  const std::size_t loose = unattributed.size() - chain;
  if (chain > 0)
    ks.notes.push_back(std::to_string(chain) +
                       " CA certificates of key entries' chains (Java completes those chains with them; no anchors)");
  if (loose > 0)
    ks.notes.push_back(std::to_string(loose) +
                       " certificates lack Java's trusted-certificate attribute and belong to no key, so Java "
                       "ignores them (a bundle made with openssl pkcs12 -export without -jdktrust)");
  if (encrypted_skipped > 0)
    ks.notes.push_back(std::to_string(encrypted_skipped) +
                       " encrypted parts could not be opened without the keystore password (give --store-password)");
  return ks;
}

}  // namespace trustready::cert
