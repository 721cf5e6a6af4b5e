#include "paths/gnutls_engine.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>

namespace trustready::paths {
namespace {

// GnuTLS reads the time through one process-wide function: verifications at a given
// --at take turns, each setting the time the function returns.
std::mutex g_time_mutex;
std::atomic<time_t> g_now{0};
time_t verification_time(time_t* t) {
  const time_t now = g_now.load();
  if (t) *t = now;
  return now;
}

struct CrtFree {
  void operator()(gnutls_x509_crt_int* c) const { gnutls_x509_crt_deinit(c); }
};
using Crt = std::unique_ptr<gnutls_x509_crt_int, CrtFree>;

Crt import(const cert::Certificate& c) {
  gnutls_x509_crt_t crt = nullptr;
  if (gnutls_x509_crt_init(&crt) < 0) return nullptr;
  Crt owned(crt);
  const auto der = c.der();
  gnutls_datum_t d{reinterpret_cast<unsigned char*>(const_cast<char*>(der.data())), static_cast<unsigned>(der.size())};
  if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0) return nullptr;
  return owned;
}

struct TrustListFree {
  void operator()(gnutls_x509_trust_list_st* t) const { gnutls_x509_trust_list_deinit(t, 1); }
};

}  // namespace

GnutlsOutcome verify_with_gnutls(const cert::Certificate& target, const std::vector<cert::Certificate>& presented,
                                 const std::vector<cert::Certificate>& anchors, TimePoint at, const std::string& host) {
  GnutlsOutcome out;
  gnutls_x509_trust_list_t raw = nullptr;
  if (gnutls_x509_trust_list_init(&raw, 0) < 0) {
    out.error = "GnuTLS cannot make a trust list";
    return out;
  }
  std::unique_ptr<gnutls_x509_trust_list_st, TrustListFree> list(raw);
  for (const auto& a : anchors) {
    Crt crt = import(a);
    if (!crt) continue;  // GnuTLS refuses it: it cannot be an anchor for GnuTLS either
    gnutls_x509_crt_t one = crt.get();
    if (gnutls_x509_trust_list_add_cas(list.get(), &one, 1, 0) == 1) crt.release();  // the list owns it now
  }
  std::vector<Crt> owned;
  owned.push_back(import(target));
  for (const auto& p : presented) owned.push_back(import(p));
  std::vector<gnutls_x509_crt_t> chain;
  for (const auto& c : owned) {
    if (!c) {
      out.error = "GnuTLS cannot decode a certificate of the chain";
      return out;
    }
    chain.push_back(c.get());
  }
  gnutls_typed_vdata_st data[2] = {};
  unsigned n = 0;
  data[n].type = GNUTLS_DT_KEY_PURPOSE_OID;
  data[n++].data = reinterpret_cast<unsigned char*>(const_cast<char*>(GNUTLS_KP_TLS_WWW_SERVER));
  if (!host.empty()) {
    data[n].type = GNUTLS_DT_DNS_HOSTNAME;
    data[n++].data = reinterpret_cast<unsigned char*>(const_cast<char*>(host.c_str()));
  }
  unsigned status = 0;
  int rc = 0;
  {
    std::lock_guard<std::mutex> lock(g_time_mutex);
    g_now = static_cast<time_t>(std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count());
    gnutls_global_set_time_function(verification_time);
    rc = gnutls_x509_trust_list_verify_crt2(list.get(), chain.data(), static_cast<unsigned>(chain.size()), data, n, 0,
                                            &status, nullptr);
  }
  if (rc < 0) {
    out.error = std::string("GnuTLS: ") + gnutls_strerror(rc);
    return out;
  }
  if (status == 0) {
    out.ok = true;
    return out;
  }
  gnutls_datum_t text{};
  if (gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &text, 0) == 0) {
    out.error.assign(reinterpret_cast<const char*>(text.data), text.size);
    gnutls_free(text.data);
    while (!out.error.empty() && (out.error.back() == ' ' || out.error.back() == '\0')) out.error.pop_back();
  } else {
    out.error = "GnuTLS rejects the chain (status " + std::to_string(status) + ")";
  }
  return out;
}

}  // namespace trustready::paths
