// Client engines, in one registry: each TLS client library as its clients configure it
// (who uses it, how it verifies), and the verdict it gives for one chain and one store.
// `check`, `paths` and `probe` all ask here; nothing else wires a library's verifier.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cert/certificate.h"
#include "paths/path_builder.h"

namespace trustready::paths {

enum class EngineId { Ideal, OpenSsl, Curl, Gnutls, Java };

/// How an engine verifies.
enum class Method {
  PathBuilder,  ///< our builder: some valid path exists
  OpenSsl,      ///< X509_verify_cert as libssl sets it up for a client: purpose and trust SSL_SERVER, the host by OpenSSL
  Curl,         ///< X509_verify_cert as curl sets it up (partial chains, SSL_SERVER), then curl's own host check
  Gnutls,       ///< gnutls_x509_trust_list_verify_crt2 as gnutls-cli asks it, then the handshake's key usage check
  Java,         ///< PKIX (partial chains) by OpenSSL, then JSSE's end-entity and host checks
};

struct Engine {
  EngineId id;
  std::string_view name;   ///< "openssl": what --client takes and output says
  std::string_view users;  ///< who verifies this way, for people
  std::string_view how;    ///< how it is configured, for people
  Method method;
};

/// Every engine, in display order.
const std::vector<Engine>& engines();
const Engine& engine(EngineId id);
/// nullptr for a name no engine has.
const Engine* find_engine(std::string_view name);
/// The names, in display order (for --client's choices).
std::vector<std::string> engine_names();

struct ClientVerdict {
  std::string client;                   ///< the engine's name
  std::string users;                    ///< who verifies this way
  std::string how;                      ///< how the engine is configured
  bool accepts = false;
  /// The library could not be asked (libgnutls not installed): no verdict, and `reason` says why.
  bool unavailable = false;
  std::string reason;                   ///< why not (or which path, when it accepts)
  std::vector<cert::Certificate> path;  ///< the path it built, leaf first (when it says)
};
/// "trusted", "untrusted", or "error" when the library could not be asked, as design.md's JSON says a verdict.
const char* verdict_word(const ClientVerdict& v);

/// A verdict in an engine's name that was decided without asking it (the judge knows the
/// library stops at a trusted root it holds).
ClientVerdict verdict_of(EngineId id, bool accepts, std::string reason);

/// One library engine's verdict for the input's leaf, presented certificates, anchors,
/// time and host (not ideal: it needs the builder's report). Answers are remembered for
/// the process: stores on one host share most roots, so the same question comes up once
/// per store.
ClientVerdict ask_engine(EngineId id, const PathInput& input);

/// Why engine `id` refuses `leaf` for `host`, in its words, when the chain verified without
/// a host; empty when it takes it. Asking the chain with no host, then this, gives the
/// engine's verdict for the chain and the host: each library checks the name on the leaf
/// after the chain, so a run over many names verifies each chain once.
std::string host_problem(EngineId id, const cert::Certificate& leaf, const std::string& host);

/// Each engine's verdict for `input`; `report` is the builder's answer for it, used for
/// "ideal". `clients` empty: all, else those names.
std::vector<ClientVerdict> client_verdicts(const PathInput& input, const PathReport& report,
                                           const std::vector<std::string>& clients = {});

}  // namespace trustready::paths
