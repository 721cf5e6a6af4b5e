// libgnutls is dlopen()ed on the first GnuTLS verdict, not linked: commands that never ask
// GnuTLS (--version, migrations, ...) do not pay its start-up (constructors, priorities).
#include "paths/gnutls_engine.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <map>
#include <mutex>
#include <type_traits>

// gnutls.h's gnutls_free(a) macro calls the library's gnutls_free variable, which is
// reached here through dlsym: the macro must not hide the variable's name.
#undef gnutls_free

#ifndef TRUSTREADY_GNUTLS_SONAME
#define TRUSTREADY_GNUTLS_SONAME "libgnutls.so.30"
#endif

namespace trustready::paths {
namespace {

/// The libgnutls entry points this file uses, resolved once with dlsym; each is typed
/// from gnutls.h's own declaration, so a signature cannot drift.
struct Gnutls {
  decltype(&gnutls_x509_trust_list_init) trust_list_init = nullptr;
  decltype(&gnutls_x509_trust_list_deinit) trust_list_deinit = nullptr;
  decltype(&gnutls_x509_trust_list_add_cas) trust_list_add_cas = nullptr;
  decltype(&gnutls_x509_trust_list_verify_crt2) trust_list_verify_crt2 = nullptr;
  decltype(&gnutls_x509_crt_init) crt_init = nullptr;
  decltype(&gnutls_x509_crt_deinit) crt_deinit = nullptr;
  decltype(&gnutls_x509_crt_import) crt_import = nullptr;
  decltype(&gnutls_x509_crt_list_import2) crt_list_import2 = nullptr;
  decltype(&gnutls_x509_crt_export2) crt_export2 = nullptr;
  decltype(&gnutls_x509_crt_get_key_usage) crt_get_key_usage = nullptr;
  decltype(&gnutls_x509_crt_check_hostname2) crt_check_hostname2 = nullptr;
  decltype(&gnutls_strerror) strerror = nullptr;
  decltype(&gnutls_certificate_verification_status_print) status_print = nullptr;
  decltype(&gnutls_global_set_time_function) set_time_function = nullptr;
  decltype(&gnutls_free) free_variable = nullptr;  ///< the address of the library's gnutls_free
  std::string error;  ///< why libgnutls cannot be used, in one line; empty when it can
};

/// The Debian package shipping a soname: "libgnutls.so.30" is in libgnutls30.
std::string package_of(std::string soname) {
  if (const auto dot_so = soname.find(".so."); dot_so != std::string::npos) soname.erase(dot_so, 4);
  return soname;
}

std::string dl_error() {
  const char* e = dlerror();
  return e ? e : "unknown error";
}

template <typename F>
bool resolve(void* lib, const char* name, F& into, std::string& error) {
  dlerror();  // clear any earlier error, so the one read below is dlsym's
  void* symbol = dlsym(lib, name);
  if (!symbol) {
    error = std::string("GnuTLS is unavailable: ") + TRUSTREADY_GNUTLS_SONAME + " has no " + name + " (" + dl_error() +
            "); install " + package_of(TRUSTREADY_GNUTLS_SONAME);
    return false;
  }
  into = reinterpret_cast<F>(symbol);
  return true;
}

Gnutls load() {
  Gnutls g;
  void* lib = dlopen(TRUSTREADY_GNUTLS_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    g.error = std::string("GnuTLS is unavailable: cannot load ") + TRUSTREADY_GNUTLS_SONAME + " (" + dl_error() +
              "); install " + package_of(TRUSTREADY_GNUTLS_SONAME);
    return g;
  }
  bool ok = true;
#define TRUSTREADY_RESOLVE(member, symbol)                                         \
  static_assert(std::is_same_v<decltype(g.member), decltype(&symbol)>, #symbol); \
  ok = ok && resolve(lib, #symbol, g.member, g.error)
  TRUSTREADY_RESOLVE(trust_list_init, gnutls_x509_trust_list_init);
  TRUSTREADY_RESOLVE(trust_list_deinit, gnutls_x509_trust_list_deinit);
  TRUSTREADY_RESOLVE(trust_list_add_cas, gnutls_x509_trust_list_add_cas);
  TRUSTREADY_RESOLVE(trust_list_verify_crt2, gnutls_x509_trust_list_verify_crt2);
  TRUSTREADY_RESOLVE(crt_init, gnutls_x509_crt_init);
  TRUSTREADY_RESOLVE(crt_deinit, gnutls_x509_crt_deinit);
  TRUSTREADY_RESOLVE(crt_import, gnutls_x509_crt_import);
  TRUSTREADY_RESOLVE(crt_list_import2, gnutls_x509_crt_list_import2);
  TRUSTREADY_RESOLVE(crt_export2, gnutls_x509_crt_export2);
  TRUSTREADY_RESOLVE(crt_get_key_usage, gnutls_x509_crt_get_key_usage);
  TRUSTREADY_RESOLVE(crt_check_hostname2, gnutls_x509_crt_check_hostname2);
  TRUSTREADY_RESOLVE(strerror, gnutls_strerror);
  TRUSTREADY_RESOLVE(status_print, gnutls_certificate_verification_status_print);
  TRUSTREADY_RESOLVE(set_time_function, gnutls_global_set_time_function);
  TRUSTREADY_RESOLVE(free_variable, gnutls_free);
#undef TRUSTREADY_RESOLVE
  if (!ok) {
    dlclose(lib);
    return Gnutls{.error = g.error};  // no pointer into the closed library is kept
  }
  return g;  // the library stays loaded for the life of the process
}

/// libgnutls, loaded on the first call (thread-safe: a function-local static).
const Gnutls& gnutls() {
  static const Gnutls g = load();
  return g;
}

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
  void operator()(gnutls_x509_crt_int* c) const { gnutls().crt_deinit(c); }
};
using Crt = std::unique_ptr<gnutls_x509_crt_int, CrtFree>;

Crt import(const Gnutls& g, const cert::Certificate& c) {
  gnutls_x509_crt_t crt = nullptr;
  if (g.crt_init(&crt) < 0) return nullptr;
  Crt owned(crt);
  const auto der = c.der();
  gnutls_datum_t d{reinterpret_cast<unsigned char*>(const_cast<char*>(der.data())), static_cast<unsigned>(der.size())};
  if (g.crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0) return nullptr;
  return owned;
}

struct TrustListFree {
  void operator()(gnutls_x509_trust_list_st* t) const { gnutls().trust_list_deinit(t, 1); }
};
using TrustList = std::unique_ptr<gnutls_x509_trust_list_st, TrustListFree>;

/// A trust list of the anchors GnuTLS can decode; null when GnuTLS cannot make one.
TrustList trust_list(const Gnutls& g, const std::vector<cert::Certificate>& anchors) {
  gnutls_x509_trust_list_t raw = nullptr;
  if (g.trust_list_init(&raw, 0) < 0) return nullptr;
  TrustList list(raw);
  for (const auto& a : anchors) {
    Crt crt = import(g, a);
    if (!crt) continue;  // GnuTLS refuses it: it cannot be an anchor for GnuTLS either
    gnutls_x509_crt_t one = crt.get();
    if (g.trust_list_add_cas(list.get(), &one, 1, 0) == 1) crt.release();  // the list owns it now
  }
  return list;
}

/// The trust list of an anchor set, made once: importing every root again costs more
/// than the verification (probe asks about many chains with the same stores). Lists are
/// only read by the verifier, which runs under g_time_mutex. The cache is never freed:
/// its lists must not be released after libgnutls's own teardown at exit.
std::shared_ptr<gnutls_x509_trust_list_st> shared_trust_list(const Gnutls& g, const std::vector<cert::Certificate>& anchors) {
  static std::mutex mutex;
  static auto* lists = new std::map<std::string, std::shared_ptr<gnutls_x509_trust_list_st>>();
  std::string key;
  key.reserve(anchors.size() * 32);
  for (const auto& a : anchors) key.append(reinterpret_cast<const char*>(a.sha256().bytes.data()), 32);
  std::lock_guard lock(mutex);
  if (auto it = lists->find(key); it != lists->end()) return it->second;
  TrustList made = trust_list(g, anchors);
  if (!made) return nullptr;
  std::shared_ptr<gnutls_x509_trust_list_st> list(made.release(), TrustListFree{});
  if (lists->size() >= 64) lists->clear();  // a bound for long runs over many stores
  lists->emplace(std::move(key), list);
  return list;
}

/// GnuTLS's own words for a non-zero verification status.
std::string status_text(const Gnutls& g, unsigned status) {
  std::string text;
  gnutls_datum_t printed{};
  if (g.status_print(status, GNUTLS_CRT_X509, &printed, 0) == 0) {
    text.assign(reinterpret_cast<const char*>(printed.data), printed.size);
    (*g.free_variable)(printed.data);
    printed.data = nullptr;
    while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
  } else {
    text = "GnuTLS rejects the chain (status " + std::to_string(status) + ")";
  }
  return text;
}

/// The host as gnutls-cli hands it to the verifier: canonicalize_host() drops one
/// trailing dot of a name (libgnutls itself would compare the dot).
std::string canonical_host(std::string host) {
  unsigned char ip6[16];
  if (!host.empty() && host.back() == '.' && inet_pton(AF_INET6, host.c_str(), ip6) != 1) host.pop_back();
  return host;
}

/// What the handshake checks after the verifier: a server's key signs (TLS 1.3, ECDHE),
/// so a keyUsage without digitalSignature is GNUTLS_E_KEY_USAGE_VIOLATION (libgnutls's
/// check_key_usage_for_sig; an absent or empty keyUsage allows it).
std::string key_usage_violation(const Gnutls& g, gnutls_x509_crt_t leaf) {
  unsigned usage = 0;
  if (g.crt_get_key_usage(leaf, &usage, nullptr) < 0 || usage == 0) return "";
  return usage & GNUTLS_KEY_DIGITAL_SIGNATURE ? "" : g.strerror(GNUTLS_E_KEY_USAGE_VIOLATION);
}

}  // namespace

GnutlsOutcome verify_with_gnutls(const cert::Certificate& target, const std::vector<cert::Certificate>& presented,
                                 const std::vector<cert::Certificate>& anchors, TimePoint at, const std::string& host,
                                 bool server_leaf) {
  GnutlsOutcome out;
  const Gnutls& g = gnutls();
  if (!g.error.empty()) {
    out.error = g.error;
    out.unavailable = true;
    return out;
  }
  const auto list = shared_trust_list(g, anchors);
  if (!list) {
    out.error = "GnuTLS cannot make a trust list";
    return out;
  }
  std::vector<Crt> owned;
  owned.push_back(import(g, target));
  for (const auto& p : presented) owned.push_back(import(g, p));
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
  const std::string name = canonical_host(host);
  if (!name.empty()) {
    data[n].type = GNUTLS_DT_DNS_HOSTNAME;
    data[n++].data = reinterpret_cast<unsigned char*>(const_cast<char*>(name.c_str()));
  }
  unsigned status = 0;
  int rc = 0;
  {
    std::lock_guard<std::mutex> lock(g_time_mutex);
    g_now = static_cast<time_t>(std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count());
    g.set_time_function(verification_time);
    rc = g.trust_list_verify_crt2(list.get(), chain.data(), static_cast<unsigned>(chain.size()), data, n, 0, &status,
                                  nullptr);
  }
  if (rc < 0) {
    out.error = std::string("GnuTLS: ") + g.strerror(rc);
    return out;
  }
  if (status == 0) {
    if (server_leaf) out.error = key_usage_violation(g, chain.front());
    out.ok = out.error.empty();
    return out;
  }
  out.error = status_text(g, status);
  return out;
}

std::string gnutls_host_problem(const cert::Certificate& leaf, const std::string& host) {
  const Gnutls& g = gnutls();
  if (!g.error.empty()) return g.error;
  const Crt crt = import(g, leaf);
  if (!crt) return "GnuTLS cannot decode the certificate";
  // What verify_crt2 does with GNUTLS_DT_DNS_HOSTNAME (flags 0), and the status it sets.
  if (g.crt_check_hostname2(crt.get(), canonical_host(host).c_str(), 0) != 0) return "";
  return status_text(g, GNUTLS_CERT_INVALID | GNUTLS_CERT_UNEXPECTED_OWNER);
}

GnutlsLoad load_with_gnutls(std::string_view pem) {
  GnutlsLoad out;
  const Gnutls& g = gnutls();
  if (!g.error.empty()) {
    out.error = g.error;
    out.unavailable = true;
    return out;
  }
  gnutls_datum_t data{reinterpret_cast<unsigned char*>(const_cast<char*>(pem.data())), static_cast<unsigned>(pem.size())};
  gnutls_x509_crt_t* list = nullptr;
  unsigned count = 0;
  // What gnutls_x509_trust_list_add_trust_mem does with a PEM file: one import of every
  // CERTIFICATE block, failing as a whole on the first it cannot decode.
  const int rc = g.crt_list_import2(&list, &count, &data, GNUTLS_X509_FMT_PEM, 0);
  if (rc < 0) {
    out.error = g.strerror(rc);
    return out;
  }
  std::vector<Crt> owned;
  for (unsigned i = 0; i < count; ++i) owned.emplace_back(list[i]);
  (*g.free_variable)(list);
  out.ok = true;
  for (const auto& crt : owned) {
    gnutls_datum_t der{};
    if (g.crt_export2(crt.get(), GNUTLS_X509_FMT_DER, &der) < 0) continue;
    out.der.emplace_back(reinterpret_cast<const char*>(der.data), der.size);
    (*g.free_variable)(der.data);
  }
  return out;
}

}  // namespace trustready::paths
