#include "cert/capath.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>

#include "cert/decoded.h"
#include "cert/plain_pem.h"

namespace trustready::cert {
namespace {

std::string hex8(unsigned long h) {
  char out[16];
  std::snprintf(out, sizeof out, "%08lx", h & 0xffffffffUL);
  return out;
}

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};

/// OpenSSL's reason for the last error, without the error queue's file and line.
std::string last_reason() {
  const unsigned long e = ERR_peek_last_error();
  const char* reason = e ? ERR_reason_error_string(e) : nullptr;
  ERR_clear_error();
  return reason ? reason : "no certificate";
}

}  // namespace

std::string subject_hash(const Certificate& c) {
  // The subject alone, decoded from its DER: X509_NAME_hash_ex hashes the name's
  // canonical form, and decoding the whole certificate (its key too) for it cost more
  // than the rest of a CApath's reading.
  const auto der = c.subject_der();
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  X509_NAME* name = d2i_X509_NAME(nullptr, &p, static_cast<long>(der.size()));
  if (!name) {
    ERR_clear_error();
    return {};
  }
  int ok = 0;
  const unsigned long h = X509_NAME_hash_ex(name, nullptr, nullptr, &ok);
  X509_NAME_free(name);
  ERR_clear_error();
  return ok ? hex8(h) : std::string();
}

std::string subject_hash_old(const Certificate& c) {
  const Decoded* d = c.decoded();
  return d ? hex8(X509_subject_name_hash_old(d->get())) : std::string();
}

CapathFileLoad load_capath_file(std::string_view bytes) {
  // by_file.c, X509_load_cert_file_ex for X509_FILETYPE_PEM (OpenSSL 3.0): read
  // PEM_read_bio_X509_AUX until "no start line" after at least one certificate; any
  // other failure, or none at all, returns 0 and by_dir.c stops counting N there. The
  // certificates read before the failure stay in the store.
  CapathFileLoad out;
  if (auto plain = plain_pem_certificates(bytes)) {  // what that loop would add, without a second decode
    for (const auto& c : *plain) out.added.push_back(c.sha256());
    return out;
  }
  std::unique_ptr<BIO, BioFree> in(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  if (!in) {
    out.stops = true;
    out.why = "out of memory";
    return out;
  }
  ERR_clear_error();
  for (;;) {
    X509Ptr x(PEM_read_bio_X509_AUX(in.get(), nullptr, nullptr, const_cast<char*>("")));
    if (!x) {
      const bool clean_end = ERR_GET_REASON(ERR_peek_last_error()) == PEM_R_NO_START_LINE && !out.added.empty();
      if (!clean_end) {
        out.stops = true;
        out.why = out.added.empty() ? "no PEM certificate (" + last_reason() + ")" : last_reason();
      }
      ERR_clear_error();
      return out;
    }
    unsigned char* der = nullptr;
    const int len = i2d_X509(x.get(), &der);
    if (len > 0) out.added.push_back(Sha256::of(std::string_view(reinterpret_cast<char*>(der), static_cast<std::size_t>(len))));
    OPENSSL_free(der);
  }
}

}  // namespace trustready::cert
