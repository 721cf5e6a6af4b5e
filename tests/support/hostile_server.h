// A misbehaving server for the probe tests: tests/support/hostile_server.py (python3,
// stdlib, asyncio) on a free 127.0.0.1 port, one behaviour per instance. It exits by
// itself after 120 s and when the test dies.
#pragma once

#include <memory>
#include <string>

#include "support/child_process.h"
#include "support/fixtures.h"

namespace trustready::testing {

enum class HostileMode {
  Silent,                ///< accepts, never answers, keeps the socket open
  Slow,                  ///< one byte of a TLS ServerHello-looking record per second
  Garbage,               ///< 10 MiB of random bytes, then closes
  HugeChain,             ///< a real TLS server sending 1,000 certificates (the leaf, then 999
                         ///< copies of chain's last one): about 1 MB, over OpenSSL's 100 KiB
                         ///< default client limit (s_client: "excessive message size")
  ResetMidHandshake,     ///< reads the ClientHello, sends 40 bytes of a ServerHello, then RST
  OversizedRecord,       ///< after the ClientHello, a record of 2^14+2048+1 bytes (one too many)
  SmtpNoGreeting,        ///< accepts, never sends 220
  SmtpEndlessMultiline,  ///< 220, then "250-" lines forever after EHLO (stops after 60 s)
  SmtpNoStarttls,        ///< 220, EHLO answered without STARTTLS (STARTTLS: 502)
  Smtp421,               ///< greets "421 4.7.0 Too many connections" and closes
  Smtp454,               ///< offers STARTTLS, answers it "454 4.7.0 TLS not available"
  SmtpPipelineStrict,    ///< greets after 300 ms; "554 SMTP synchronization error" to a client
                         ///< that sent before a reply; else a real STARTTLS with chain/key
  Proxy407,              ///< answers a CONNECT "407 Proxy Authentication Required"
  Proxy502,              ///< answers a CONNECT "502 Bad Gateway"
  ProxySilent,           ///< reads the CONNECT, never answers
};

/// The mode's name, as hostile_server.py takes it ("SmtpPipelineStrict").
std::string to_string(HostileMode mode);

class HostileServer {
 public:
  /// Starts the script in `mode`; `chain` (PEM, the leaf first) and `key` are needed for
  /// HugeChain and for SmtpPipelineStrict's STARTTLS (without them it answers 454).
  /// Waits at most 10 s for the port.
  explicit HostileServer(HostileMode mode, const std::string& chain = "", const std::string& key = "");
  /// The port accepts connections.
  bool started() const { return port_ > 0; }
  /// Its port on 127.0.0.1.
  int port() const { return port_; }
  /// The log: for the SMTP modes "C: line" (the client's), "S: line" (replies) and
  /// "PIPELINED: ..." for what a client sent before the reply to its last command.
  std::string log_file() const { return dir_ / "hostile.log"; }
  /// The log's text and what python printed, for a failure message.
  std::string log() const;
  /// The log has a PIPELINED line: the client did not wait for a reply.
  bool client_pipelined() const;

 private:
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> python_;
};

}  // namespace trustready::testing
