#include "support/real_clients.h"

#include <arpa/inet.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "support/fixtures.h"

namespace trustready::testing {
namespace {

bool is_ip(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

std::string port_of(const Connection& c) { return std::to_string(c.port); }

}  // namespace

bool s_client_accepts(const Connection& c) {
  const std::string check = is_ip(c.host) ? " -verify_ip " + quote(c.host)
                                          : " -servername " + quote(c.host) + " -verify_hostname " + quote(c.host);
  return run("timeout 10 openssl s_client -connect 127.0.0.1:" + port_of(c) + check +
             " -verify_return_error -CAfile " + quote(c.store) + " < /dev/null")
             .exit_code == 0;
}

bool curl_accepts(const Connection& c) {
  const std::string authority = c.host + ":" + port_of(c);
  const std::string resolve = is_ip(c.host) ? "" : " --resolve " + quote(authority + ":127.0.0.1");
  return run("timeout 10 curl -sS --max-time 5 --cacert " + quote(c.store) + resolve + " " +
             quote("https://" + authority + "/"))
             .exit_code == 0;
}

bool gnutls_cli_accepts(const Connection& c) {
  return run("timeout 10 gnutls-cli --x509cafile=" + quote(c.store) + " --port=" + port_of(c) +
             " --verify-hostname=" + quote(c.host) + " 127.0.0.1 < /dev/null")
             .exit_code == 0;
}

bool python_accepts(const Connection& c) {
  return run("timeout 10 /usr/bin/python3 -c " +
             quote("import socket, ssl, sys\n"
                   "ctx = ssl.create_default_context(cafile=sys.argv[1])\n"
                   "with socket.create_connection(('127.0.0.1', int(sys.argv[2])), timeout=5) as s:\n"
                   "    with ctx.wrap_socket(s, server_hostname=sys.argv[3]):\n"
                   "        pass\n") +
             " " + quote(c.store) + " " + port_of(c) + " " + quote(c.host))
             .exit_code == 0;
}

bool java_accepts(const Connection& c) {
  const std::string p12 = c.store + ".p12";
  run("rm -f " + quote(p12));
  const auto imported = run("keytool -importcert -noprompt -storetype PKCS12 -storepass changeit -keystore " +
                            quote(p12) + " -alias anchor -file " + quote(c.store));
  if (imported.exit_code != 0) throw std::runtime_error("keytool: " + imported.out + imported.err);
  return run("timeout 60 java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 " +
             quote(source_dir() + "/tests/data/java/TlsClient.java") + " " + quote(p12) + " " + port_of(c) + " " +
             quote(c.host))
             .exit_code == 0;
}

bool java_usable() {
  static const bool usable = tool_available("java") && tool_available("keytool") &&
                             run("java --list-modules | grep -q '^jdk.compiler@'").exit_code == 0;
  return usable;
}

bool engine_accepts(const std::string& chain, const std::string& store, const std::string& host,
                    const std::string& client) {
  const auto r = run(quote(binary()) + " paths --no-cross-signs --format json --host " + quote(host) + " " +
                     quote(chain) + " --store " + quote(store) + " --client " + client);
  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  if (j.is_discarded()) throw std::runtime_error("trustready paths: " + r.out + r.err);
  return j.at("clients").at(0).at("accepts").get<bool>();
}

std::string engines_against_clients(const std::string& chain, const Connection& c) {
  std::string differ;
  bool any_accepts = false;
  auto check = [&](const std::string& client, bool real, const std::string& real_name) {
    any_accepts = any_accepts || real;
    const bool ours = engine_accepts(chain, c.store, c.host, client);
    if (ours != real)
      differ += client + " engine " + (ours ? "accepts" : "rejects") + ", " + real_name + " " +
                (real ? "accepts" : "rejects") + "\n";
  };
  check("openssl", s_client_accepts(c), "openssl s_client");
  check("openssl", python_accepts(c), "python3 ssl");
  check("curl", curl_accepts(c), "curl");
  check("gnutls", gnutls_cli_accepts(c), "gnutls-cli");
  check("java", java_accepts(c), "java (TlsClient.java)");
  if (!any_accepts && engine_accepts(chain, c.store, c.host, "ideal"))
    differ += "ideal engine accepts what every real client rejects\n";
  return differ;
}

}  // namespace trustready::testing
