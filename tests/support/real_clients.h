// The real TLS clients the engines are compared with, each run once against a server on
// 127.0.0.1 with a PEM store as its only trust: openssl s_client, curl, gnutls-cli,
// Debian's python3 ssl and a Java 17 client (tests/data/java/TlsClient.java). Each says
// whether the handshake verified, asking for the host as its users would.
#pragma once

#include <string>

#include "support/fixtures.h"

namespace trustready::testing {

struct Connection {
  int port = 0;
  std::string host;   ///< the name (or IP address) the client asks the certificate for
  std::string store;  ///< the PEM trust store
};

/// s_client -verify_hostname NAME (-verify_ip for an IP address), -verify_return_error.
bool s_client_accepts(const Connection& c);
/// curl https://HOST:PORT/ (--resolve HOST:PORT:127.0.0.1 for a name).
bool curl_accepts(const Connection& c);
/// gnutls-cli --verify-hostname=HOST 127.0.0.1.
bool gnutls_cli_accepts(const Connection& c);
/// ssl.create_default_context(cafile=STORE).wrap_socket(server_hostname=HOST).
bool python_accepts(const Connection& c);
/// TlsClient.java over a PKCS#12 store keytool made from STORE: the default trust
/// manager and HTTPS endpoint identification.
bool java_accepts(const Connection& c);
/// Java can run TlsClient.java from source (a JDK, or a JRE with jdk.compiler).
bool java_usable();

/// `trustready paths CHAIN --store STORE --host HOST --client CLIENT`'s verdict.
bool engine_accepts(const std::string& chain, const std::string& store, const std::string& host,
                    const std::string& client);

/// Every engine against its real clients (openssl against s_client and python3), for
/// the server's chain `chain`; also the ideal engine when it accepts what every real
/// client rejects. One line per difference; empty when all agree.
std::string engines_against_clients(const std::string& chain, const Connection& c);

}  // namespace trustready::testing

/// Every real client the engines are compared with, and nginx to serve them: none is
/// optional (a missing one skips outside CI and fails under it).
#define TRUSTREADY_REQUIRE_REAL_CLIENTS()                                                   \
  do {                                                                                      \
    TRUSTREADY_REQUIRE_TOOL("nginx");                                                       \
    TRUSTREADY_REQUIRE_TOOL("openssl");                                                     \
    TRUSTREADY_REQUIRE_TOOL("/usr/bin/python3");                                            \
    TRUSTREADY_REQUIRE_TOOL("curl");                                                        \
    TRUSTREADY_REQUIRE_TOOL("gnutls-cli");                                                  \
    if (!::trustready::testing::java_usable())                                              \
      TRUSTREADY_SKIP_OUTSIDE_CI("no java with the jdk.compiler module (default-jdk-headless)"); \
  } while (0)
