#include "cert/certificate.h"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "cert/decoded.h"

namespace trustready::cert {

struct Certificate::Shared {
  std::string der;
  DerSkeleton skeleton;  ///< views into `der`
  Sha256 sha256;
  Sha256 spki_sha256;
  std::once_flag once;
  std::optional<Decoded> decoded;
  std::string decode_error;
};

namespace {

/// Live certificates by a fast hash of their DER, so equal DER shares one decoded form
/// and a root seen in a dozen stores costs one SHA-256, not a dozen. Bytes are compared
/// on a hash match; entries whose certificates are gone are dropped as they are met, and
/// all of them in a sweep once the table has taken as many new entries as the last sweep
/// left (at least 1,024): a long-lived process reading millions of distinct certificates
/// holds at most about twice its live ones, at an amortised constant cost per insert.
struct InternTable {
  std::mutex mutex;
  std::unordered_map<std::size_t, std::vector<std::weak_ptr<void>>> entries;
  std::size_t added_since_sweep = 0;
  std::size_t left_by_last_sweep = 0;  // live entries then: the next sweep waits as long

  void sweep_if_due() {
    if (++added_since_sweep < std::max<std::size_t>(1024, left_by_last_sweep)) return;
    added_since_sweep = 0;
    for (auto it = entries.begin(); it != entries.end();) {
      std::erase_if(it->second, [](const std::weak_ptr<void>& w) { return w.expired(); });
      it = it->second.empty() ? entries.erase(it) : std::next(it);
    }
    left_by_last_sweep = entries.size();
  }
};

InternTable& intern_table() {
  static auto* table = new InternTable;  // never destroyed: certificates may outlive statics
  return *table;
}

}  // namespace

std::size_t interned_entries() {
  InternTable& table = intern_table();
  std::lock_guard lock(table.mutex);
  std::size_t n = 0;
  for (const auto& [hash, bucket] : table.entries) n += bucket.size();
  return n;
}

Result<Certificate> Certificate::from_der(std::string_view der) {
  auto probe = read_der_skeleton(der);
  if (!probe) return Error{probe.error()};
  InternTable& table = intern_table();
  std::lock_guard lock(table.mutex);
  Certificate c;
  auto& bucket = table.entries[std::hash<std::string_view>{}(probe->whole)];
  for (auto it = bucket.begin(); it != bucket.end();) {
    auto existing = std::static_pointer_cast<Shared>(it->lock());
    if (!existing) {
      it = bucket.erase(it);
      continue;
    }
    if (existing->der == probe->whole) {
      c.shared_ = std::move(existing);
      return c;
    }
    ++it;
  }
  const Sha256 digest = Sha256::of(probe->whole);
  c.shared_ = std::make_shared<Shared>();
  c.shared_->der.assign(probe->whole);
  // Re-read over the owned copy so every view points into shared storage.
  c.shared_->skeleton = read_der_skeleton(c.shared_->der).value();
  c.shared_->sha256 = digest;
  c.shared_->spki_sha256 = Sha256::of(c.shared_->skeleton.spki);
  bucket.push_back(c.shared_);
  table.sweep_if_due();  // after the push: `bucket` is not used again
  return c;
}

const DerSkeleton& Certificate::skeleton() const { return shared_->skeleton; }
const Sha256& Certificate::sha256() const { return shared_->sha256; }
const Sha256& Certificate::spki_sha256() const { return shared_->spki_sha256; }

const Decoded* Certificate::decoded() const {
  std::call_once(shared_->once, [s = shared_.get()] {
    const auto* p = reinterpret_cast<const unsigned char*>(s->der.data());
    X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(s->der.size())));
    if (x) {
      // OpenSSL fills its cache of a certificate's extensions (key identifiers, flags) on
      // first use, and another thread verifying with the same X509 can read those fields
      // while they are written (ThreadSanitizer saw it in tests/paths/engines_threads_test).
      // Filled here, once, before the certificate is shared.
      X509_check_purpose(x.get(), -1, 0);
      ERR_clear_error();
      s->decoded.emplace(std::move(x));
    } else {
      char buf[256];
      ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
      ERR_clear_error();
      s->decode_error = std::string("OpenSSL cannot decode the certificate: ") + buf;
    }
  });
  return shared_->decoded ? &*shared_->decoded : nullptr;
}

std::string Certificate::decode_error() const {
  decoded();
  return shared_->decode_error;
}

namespace {

std::string name_rfc2253(const X509_NAME* name) {
  BIO* bio = BIO_new(BIO_s_mem());
  if (!bio) return {};
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

std::string last_entry(const X509_NAME* name, int nid) {
  int idx = -1, last = -1;
  while ((idx = X509_NAME_get_index_by_NID(name, nid, idx)) >= 0) last = idx;
  if (last < 0) return {};
  const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, last));
  unsigned char* utf8 = nullptr;
  const int len = ASN1_STRING_to_UTF8(&utf8, value);
  if (len < 0) return {};
  std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

}  // namespace

std::string Certificate::subject() const {
  const Decoded* d = decoded();
  return d ? name_rfc2253(X509_get_subject_name(d->get())) : std::string("(undecodable)");
}

std::string Certificate::issuer() const {
  const Decoded* d = decoded();
  return d ? name_rfc2253(X509_get_issuer_name(d->get())) : std::string("(undecodable)");
}

std::string Certificate::display_name() const {
  const Decoded* d = decoded();
  if (!d) return "(undecodable) " + sha256().hex().substr(0, 16);
  const X509_NAME* name = X509_get_subject_name(d->get());
  for (int nid : {NID_commonName, NID_organizationalUnitName, NID_organizationName}) {
    std::string v = last_entry(name, nid);
    if (!v.empty()) return v;
  }
  return name_rfc2253(name);
}

KeyInfo Certificate::key() const {
  KeyInfo info;
  const Decoded* d = decoded();
  if (!d) return info;
  const EVP_PKEY* pkey = X509_get0_pubkey(d->get());
  if (!pkey) return info;
  info.bits = EVP_PKEY_get_bits(pkey);
  switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA: info.type = "RSA"; break;
    case EVP_PKEY_EC: {
      info.type = "EC";
      char curve[64] = {};
      std::size_t len = 0;
      if (EVP_PKEY_get_utf8_string_param(pkey, "group", curve, sizeof curve, &len)) {
        const int nid = OBJ_sn2nid(curve);
        const char* nist = nid != NID_undef ? EC_curve_nid2nist(nid) : nullptr;
        info.curve = nist ? nist : curve;
      }
      break;
    }
    case EVP_PKEY_ED25519: info.type = "Ed25519"; break;
    case EVP_PKEY_ED448: info.type = "Ed448"; break;
    case EVP_PKEY_DSA: info.type = "DSA"; break;
    default: info.type = OBJ_nid2sn(EVP_PKEY_get_base_id(pkey)); break;
  }
  return info;
}

bool Certificate::is_ca() const {
  const Decoded* d = decoded();
  return d && X509_check_ca(d->get()) != 0 && (X509_get_extension_flags(d->get()) & EXFLAG_CA);
}

bool Certificate::self_issued() const {
  if (subject_der() == issuer_der()) return true;
  const Decoded* d = decoded();
  return d && X509_NAME_cmp(X509_get_subject_name(d->get()), X509_get_issuer_name(d->get())) == 0;
}

bool Certificate::self_signed() const {
  if (!self_issued()) return false;
  const Decoded* d = decoded();
  if (!d) return false;
  const int ok = X509_verify(d->get(), X509_get0_pubkey(d->get()));
  ERR_clear_error();
  return ok == 1;
}

bool Certificate::same_subject(const Certificate& other) const {
  if (subject_der() == other.subject_der()) return true;
  const Decoded* a = decoded();
  const Decoded* b = other.decoded();
  return a && b && X509_NAME_cmp(X509_get_subject_name(a->get()), X509_get_subject_name(b->get())) == 0;
}

const Certificate& topmost_issuer(const std::vector<Certificate>& chain) {
  const Certificate* top = &chain.front();
  for (std::size_t step = 0; step < chain.size() && !top->self_issued(); ++step) {
    const auto issuer = std::find_if(chain.begin(), chain.end(), [&](const Certificate& c) {
      return c.subject_der() == top->issuer_der() && c.sha256() != top->sha256();
    });
    if (issuer == chain.end()) break;
    top = &*issuer;
  }
  return *top;
}

}  // namespace trustready::cert
