#include "cert/tls_client.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace trustready::cert {
namespace {

/// The reason of the first error OpenSSL queued on this thread (and clears the queue).
std::string take_openssl_error(const char* fallback) {
  std::string reason;
  for (unsigned long e; (e = ERR_get_error()) != 0;) {
    if (!reason.empty()) continue;
    const char* r = ERR_reason_error_string(e);
    reason = r ? r : "error " + std::to_string(ERR_GET_REASON(e));
  }
  return reason.empty() ? fallback : reason;
}

}  // namespace

struct TlsClientContext::State {
  SSL_CTX* ctx = nullptr;
  ~State() { SSL_CTX_free(ctx); }
};

Result<TlsClientContext> TlsClientContext::create() {
  TlsClientContext out;
  out.state_ = std::make_unique<State>();
  out.state_->ctx = SSL_CTX_new(TLS_client_method());
  if (!out.state_->ctx) return make_error("cannot make a TLS context: " + take_openssl_error("out of memory"));
  SSL_CTX* ctx = out.state_->ctx;
  // Capture, never verify: the judge asks every store and engine afterwards.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  // With VERIFY_NONE libssl still builds and verifies the chain (and ignores the answer):
  // a callback that accepts skips X509_verify_cert altogether.
  SSL_CTX_set_cert_verify_callback(ctx, [](X509_STORE_CTX*, void*) { return 1; }, nullptr);
  // Take whatever the server offers (TLS 1.0, SHA-1, small keys) so the chain is seen
  // and judged; the engines refuse weak certificates themselves, with a reason.
  SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
  SSL_CTX_set_security_level(ctx, 0);
  SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0");
  // One handshake per target, no resumption: every result comes from a full handshake.
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
  return out;
}

TlsClientContext::~TlsClientContext() = default;
TlsClientContext::TlsClientContext(TlsClientContext&&) noexcept = default;
TlsClientContext& TlsClientContext::operator=(TlsClientContext&&) noexcept = default;

struct TlsClient::State {
  SSL* ssl = nullptr;
  BIO* in = nullptr;   ///< what the server sent (owned by ssl)
  BIO* out = nullptr;  ///< what goes to the server (owned by ssl)
  ~State() { SSL_free(ssl); }
};

TlsClient::TlsClient(const TlsClientContext& context, const std::string& sni) : state_(std::make_unique<State>()) {
  state_->ssl = SSL_new(context.state_->ctx);
  state_->in = BIO_new(BIO_s_mem());
  state_->out = BIO_new(BIO_s_mem());
  if (!state_->ssl || !state_->in || !state_->out) {
    BIO_free(state_->in);
    BIO_free(state_->out);
    state_->in = state_->out = nullptr;
    error_ = "cannot make a TLS connection: " + take_openssl_error("out of memory");
    return;
  }
  BIO_set_mem_eof_return(state_->in, -1);  // empty input: "want read", not end of stream
  SSL_set_bio(state_->ssl, state_->in, state_->out);
  SSL_set_connect_state(state_->ssl);
  if (!sni.empty()) SSL_set_tlsext_host_name(state_->ssl, sni.c_str());
}

TlsClient::~TlsClient() = default;
TlsClient::TlsClient(TlsClient&&) noexcept = default;
TlsClient& TlsClient::operator=(TlsClient&&) noexcept = default;

void TlsClient::received(std::string_view bytes) {
  if (state_->in && !bytes.empty()) BIO_write(state_->in, bytes.data(), static_cast<int>(bytes.size()));
}

TlsClient::Step TlsClient::handshake() {
  if (!state_->in) return Step::Failed;
  ERR_clear_error();
  const int rc = SSL_do_handshake(state_->ssl);
  if (rc == 1) return Step::Done;
  const int why = SSL_get_error(state_->ssl, rc);
  if (why == SSL_ERROR_WANT_READ || why == SSL_ERROR_WANT_WRITE) return Step::NeedInput;
  error_ = take_openssl_error("the handshake failed");
  return Step::Failed;
}

std::string TlsClient::take_output() {
  std::string bytes;
  if (!state_->out) return bytes;
  const auto pending = BIO_ctrl_pending(state_->out);
  bytes.resize(pending);
  if (pending > 0) {
    const int n = BIO_read(state_->out, bytes.data(), static_cast<int>(pending));
    bytes.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  }
  return bytes;
}

std::string TlsClient::version() const { return state_->ssl ? SSL_get_version(state_->ssl) : ""; }

std::string TlsClient::cipher() const {
  const SSL_CIPHER* c = state_->ssl ? SSL_get_current_cipher(state_->ssl) : nullptr;
  return c ? SSL_CIPHER_standard_name(c) ? SSL_CIPHER_standard_name(c) : SSL_CIPHER_get_name(c) : "";
}

std::vector<Certificate> TlsClient::presented(std::size_t max) const {
  std::vector<Certificate> out;
  // On a client the peer's chain includes the leaf (SSL_get_peer_cert_chain(3)).
  STACK_OF(X509)* chain = state_->ssl ? SSL_get_peer_cert_chain(state_->ssl) : nullptr;
  const int n = chain ? sk_X509_num(chain) : 0;
  for (int i = 0; i < n && out.size() < max; ++i) {
    unsigned char* der = nullptr;
    const int len = i2d_X509(sk_X509_value(chain, i), &der);
    if (len <= 0) continue;
    auto c = Certificate::from_der(std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len)));
    OPENSSL_free(der);
    if (c) out.push_back(std::move(*c));
  }
  return out;
}

bool TlsClient::write(std::string_view plain) {
  if (!state_->in) return false;
  ERR_clear_error();
  std::size_t written = 0;
  if (SSL_write_ex(state_->ssl, plain.data(), plain.size(), &written) == 1) return true;
  error_ = take_openssl_error("cannot write");
  return false;
}

TlsClient::Step TlsClient::read(std::string& plain, std::size_t max) {
  if (!state_->in) return Step::Failed;
  ERR_clear_error();
  std::string buffer(max, '\0');
  std::size_t got = 0;
  if (SSL_read_ex(state_->ssl, buffer.data(), buffer.size(), &got) == 1) {
    plain.append(buffer, 0, got);
    return Step::NeedInput;
  }
  const int why = SSL_get_error(state_->ssl, 0);
  if (why == SSL_ERROR_WANT_READ || why == SSL_ERROR_WANT_WRITE) return Step::NeedInput;
  error_ = why == SSL_ERROR_ZERO_RETURN ? "the server closed the TLS connection" : take_openssl_error("cannot read");
  return Step::Failed;
}

}  // namespace trustready::cert
