#include "cert/openssl_verify.h"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <memory>

#include "cert/decoded.h"

namespace trustready::cert {
namespace {

struct StoreFree {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct CtxFree {
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};
struct StackFree {
  void operator()(STACK_OF(X509)* s) const { sk_X509_free(s); }  // does not free the X509s we own
};

/// The host as clients hand it to OpenSSL: an IP address with set1_ip (Python's ssl,
/// s_client -verify_ip), a name with set1_host and the default flags (s_client
/// -verify_hostname, Python but for its NO_PARTIAL_WILDCARDS).
bool expect_host(X509_VERIFY_PARAM* param, const std::string& host) {
  unsigned char ip[16];
  if (inet_pton(AF_INET, host.c_str(), ip) == 1 || inet_pton(AF_INET6, host.c_str(), ip) == 1)
    return X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1;
  X509_VERIFY_PARAM_set_hostflags(param, 0);
  return X509_VERIFY_PARAM_set1_host(param, host.data(), host.size()) == 1;
}

}  // namespace

VerifyOutcome verify_with_openssl(const Certificate& target, const std::vector<Certificate>& untrusted,
                                  const std::vector<Certificate>& anchors, TimePoint at, bool partial_chain) {
  OpenSslSetup setup;
  setup.partial_chain = partial_chain;
  return verify_with_openssl(target, untrusted, anchors, at, setup);
}

VerifyOutcome verify_with_openssl(const Certificate& target, const std::vector<Certificate>& untrusted,
                                  const std::vector<Certificate>& anchors, TimePoint at, const OpenSslSetup& setup) {
  VerifyOutcome out;
  const Decoded* leaf = target.decoded();
  if (!leaf) {
    out.error = target.decode_error();
    return out;
  }
  std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
  std::unique_ptr<STACK_OF(X509), StackFree> chain(sk_X509_new_null());
  std::unique_ptr<X509_STORE_CTX, CtxFree> ctx(X509_STORE_CTX_new());
  if (!store || !chain || !ctx) {
    out.error = "out of memory";
    return out;
  }
  for (const auto& a : anchors)
    if (const Decoded* d = a.decoded()) X509_STORE_add_cert(store.get(), d->get());  // takes a reference
  ERR_clear_error();  // duplicate anchors report "cert already in hash table"
  for (const auto& u : untrusted)
    if (const Decoded* d = u.decoded()) sk_X509_push(chain.get(), d->get());

  if (!X509_STORE_CTX_init(ctx.get(), store.get(), leaf->get(), chain.get())) {
    out.error = "X509_STORE_CTX_init failed";
    ERR_clear_error();
    return out;
  }
  // libssl's order: the "ssl_server" defaults first, then the settings of the client.
  if (setup.tls_server) X509_STORE_CTX_set_default(ctx.get(), "ssl_server");
  X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(at.time_since_epoch().count()));
  if (setup.partial_chain) X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_PARTIAL_CHAIN);
  if (!setup.host.empty() && !expect_host(X509_STORE_CTX_get0_param(ctx.get()), setup.host)) {
    out.error = "OpenSSL cannot take the host name " + setup.host;
    ERR_clear_error();
    return out;
  }
  const int rc = X509_verify_cert(ctx.get());
  ERR_clear_error();
  if (rc == 1) {
    out.ok = true;
    STACK_OF(X509)* built = X509_STORE_CTX_get0_chain(ctx.get());
    std::vector<Certificate> inputs = untrusted;
    inputs.insert(inputs.end(), anchors.begin(), anchors.end());
    inputs.push_back(target);
    for (int i = 0; i < sk_X509_num(built); ++i) {
      X509* x = sk_X509_value(built, i);
      for (const auto& c : inputs) {
        if (c.decoded() && c.decoded()->get() == x) {
          out.path.push_back(c);
          break;
        }
      }
    }
    return out;
  }
  const int err = X509_STORE_CTX_get_error(ctx.get());
  const int depth = X509_STORE_CTX_get_error_depth(ctx.get());
  out.error = X509_verify_cert_error_string(err);
  if (X509* bad = X509_STORE_CTX_get_current_cert(ctx.get())) {
    char name[256] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(bad), NID_commonName, name, sizeof name);
    if (name[0] == '\0')
      X509_NAME_get_text_by_NID(X509_get_subject_name(bad), NID_organizationalUnitName, name, sizeof name);
    out.error += " (depth " + std::to_string(depth) + (name[0] ? std::string(", ") + name : std::string()) + ")";
  }
  return out;
}

std::string openssl_host_problem(const Certificate& leaf, const std::string& host) {
  const Decoded* d = leaf.decoded();
  if (!d) return "OpenSSL cannot decode the certificate";
  X509* x = d->get();
  unsigned char ip[16];
  const bool is_ip = inet_pton(AF_INET, host.c_str(), ip) == 1 || inet_pton(AF_INET6, host.c_str(), ip) == 1;
  // The flags X509_VERIFY_PARAM_set1_host gets in expect_host(): 0.
  const int matches = is_ip ? X509_check_ip_asc(x, host.c_str(), 0) : X509_check_host(x, host.data(), host.size(), 0, nullptr);
  if (matches == 1) return "";
  std::string out = X509_verify_cert_error_string(is_ip ? X509_V_ERR_IP_ADDRESS_MISMATCH : X509_V_ERR_HOSTNAME_MISMATCH);
  char name[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, name, sizeof name);
  if (name[0] == '\0') X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_organizationalUnitName, name, sizeof name);
  return out + " (depth 0" + (name[0] ? std::string(", ") + name : std::string()) + ")";
}

}  // namespace trustready::cert
