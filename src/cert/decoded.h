// Internal to cert/: OpenSSL's decoded X509 behind RAII. Nothing outside cert/ includes this.
#pragma once

#include <openssl/x509.h>

#include <memory>

namespace trustready::cert {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

class Decoded {
 public:
  explicit Decoded(X509Ptr x) : x509_(std::move(x)) {}
  X509* get() const { return x509_.get(); }

 private:
  X509Ptr x509_;
};

}  // namespace trustready::cert
