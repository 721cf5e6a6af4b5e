// A TLS client with no socket: bytes from the server go in, bytes for the server come
// out, and the caller (probe/'s Asio sessions) moves them. It only captures: the peer is
// never verified during the handshake (SSL_VERIFY_NONE), so one handshake answers for
// every store and engine the judge asks afterwards. OpenSSL stays inside cert/.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cert/certificate.h"
#include "util/result.h"

namespace trustready::cert {

/// What every handshake of one run shares (OpenSSL's SSL_CTX): made once, used from any thread.
class TlsClientContext {
 public:
  static Result<TlsClientContext> create();
  ~TlsClientContext();
  TlsClientContext(TlsClientContext&&) noexcept;
  TlsClientContext& operator=(TlsClientContext&&) noexcept;

 private:
  friend class TlsClient;
  TlsClientContext() = default;
  struct State;
  std::unique_ptr<State> state_;
};

/// One connection's TLS state. Not shared between threads.
class TlsClient {
 public:
  enum class Step { NeedInput, Done, Failed };

  /// `sni`: the name sent in server_name (none for an IP address literal, as clients do).
  TlsClient(const TlsClientContext& context, const std::string& sni);
  ~TlsClient();
  TlsClient(TlsClient&&) noexcept;
  TlsClient& operator=(TlsClient&&) noexcept;

  /// Bytes the server sent.
  void received(std::string_view bytes);
  /// Drives the handshake as far as the input allows.
  Step handshake();
  /// Bytes to send to the server (the ClientHello, ...); empties the queue.
  std::string take_output();
  /// Why the handshake or a read failed, in OpenSSL's words ("tlsv1 alert protocol version").
  const std::string& error() const { return error_; }

  // After Step::Done:
  std::string version() const;  ///< "TLSv1.3"
  std::string cipher() const;   ///< "TLS_AES_256_GCM_SHA384"
  /// The certificates as the server sent them, the leaf first; at most `max` are kept.
  std::vector<Certificate> presented(std::size_t max = 1000) const;

  /// Queues application data (encrypted into take_output()).
  bool write(std::string_view plain);
  /// Application data decrypted from what was received so far (may be empty).
  /// Step::Failed once the peer closed or a record is bad; NeedInput otherwise.
  Step read(std::string& plain, std::size_t max = 16 * 1024);

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::string error_;
};

}  // namespace trustready::cert
