// What the probe tests share: running `trustready probe --format json` and reading its
// JSON Lines, asking the real clients (openssl s_client, curl, gnutls-cli) the same question,
// and the test PKIs (made once per process).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/fixtures.h"
#include "support/test_pki.h"

namespace trustready::probe_tests {

using nlohmann::json;
namespace testing = ::trustready::testing;

/// One probe run: its status, stderr, the JSON lines by target, and its wall time.
struct ProbeRun {
  testing::CommandResult result;
  std::map<std::string, json> by_target;
  double seconds = 0;
  /// The line for `target` (an empty object when probe printed none: the test fails there).
  const json& at(const std::string& target) const {
    static const json none = json::object();
    const auto it = by_target.find(target);
    return it == by_target.end() ? none : it->second;
  }
  /// Everything probe said, for a failure message.
  std::string said() const { return "exit " + std::to_string(result.exit_code) + "\n" + result.out + result.err; }
};

/// `j` without its null members, recursively: json::value() then gives the default for
/// them (null is "none" in probe's lines: no error, no proxy, no HTTP status).
inline json without_nulls(json j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end();) it = it->is_null() ? j.erase(it) : std::next(it);
    for (auto& [key, member] : j.items()) member = without_nulls(member);
  } else if (j.is_array()) {
    for (auto& element : j) element = without_nulls(element);
  }
  return j;
}

/// `env` (VAR=value ...) then `trustready probe --format json ARGS`; stdout must be JSON Lines.
inline ProbeRun probe(const std::string& args, const std::string& env = "") {
  ProbeRun p;
  const auto start = std::chrono::steady_clock::now();
  p.result = testing::run("env " + env + " " + testing::quote(testing::binary()) + " probe --format json " + args);
  p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::istringstream lines(p.result.out);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    auto j = json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << line;
    if (j.is_discarded()) continue;
    const std::string target = j.value("target", "");
    p.by_target[target] = without_nulls(std::move(j));
  }
  return p;
}

/// results[] entry for `store` in a target's line (an empty object when missing).
inline const json& result_for(const json& line, const std::string& store) {
  static const json none = json::object();
  if (!line.contains("results")) return none;
  for (const auto& r : line["results"])
    if (r.value("store", "") == store) return r;
  return none;
}

/// The verdict of engine `client` in a results[] entry ("" when it did not judge).
inline std::string client_verdict(const json& result, const std::string& client) {
  if (!result.contains("clients")) return "";
  for (const auto& c : result["clients"])
    if (c.value("client", "") == client) return c.value("verdict", "");
  return "";
}

/// A real client's answer and the exact command that gave it.
struct ClientAnswer {
  bool accepts = false;
  std::string command;
};

/// Where a real client connects, and what it asks the certificate for.
struct Endpoint {
  std::string name;  ///< a DNS name, or an IP address ("::1")
  int port = 0;
  std::string store;
  std::string address = "127.0.0.1";
  std::string starttls;  ///< s_client -starttls PROTOCOL ("smtp"), empty for none
};

inline bool is_ip(const std::string& name) { return name.find(':') != std::string::npos || name == "127.0.0.1"; }

/// "127.0.0.1:443" or "[::1]:443".
inline std::string authority(const std::string& address, int port) {
  return (address.find(':') != std::string::npos ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

/// openssl s_client with only the store (no CApath, no default store): verified means it
/// exited 0 after a real handshake (not "Cipher is (NONE)").
inline ClientAnswer s_client(const Endpoint& e) {
  const std::string check = is_ip(e.name) ? " -verify_ip " + testing::quote(e.name)
                                          : " -servername " + testing::quote(e.name) + " -verify_hostname " +
                                                testing::quote(e.name);
  const std::string command = "timeout 10 openssl s_client -connect " + authority(e.address, e.port) +
                              (e.starttls.empty() ? "" : " -starttls " + e.starttls) + check + " -CAfile " +
                              testing::quote(e.store) + " -no-CApath -no-CAstore -verify_return_error </dev/null";
  const auto r = testing::run(command + " 2>&1");
  return {r.exit_code == 0 && r.out.find("Cipher is (NONE)") == std::string::npos, command};
}

inline ClientAnswer curl(const Endpoint& e) {
  const std::string url_host = e.name.find(':') != std::string::npos ? "[" + e.name + "]" : e.name;
  const std::string resolve =
      is_ip(e.name) ? "" : " --resolve " + testing::quote(e.name + ":" + std::to_string(e.port) + ":" + e.address);
  const std::string command = "timeout 10 curl -sS -o /dev/null --max-time 5 --cacert " + testing::quote(e.store) +
                              resolve + " " +
                              testing::quote("https://" + url_host + ":" + std::to_string(e.port) + "/");
  return {testing::run(command).exit_code == 0, command};
}

inline ClientAnswer gnutls_cli(const Endpoint& e) {
  const std::string command = "timeout 10 gnutls-cli --x509cafile=" + testing::quote(e.store) +
                              " --verify-hostname=" + testing::quote(e.name) + " -p " + std::to_string(e.port) + " " +
                              e.address + " </dev/null";
  return {testing::run(command).exit_code == 0, command};
}

/// For each real client, a line where probe's engine for it said otherwise; empty when all agree.
inline std::string disagreements(const json& line, const Endpoint& e, bool tls_only_openssl = false) {
  const json& result = result_for(line, e.store);
  std::string out;
  auto compare = [&](const std::string& engine, const ClientAnswer& real) {
    const std::string verdict = client_verdict(result, engine);
    if (verdict != (real.accepts ? "trusted" : "untrusted"))
      out += engine + " engine said '" + verdict + "' but the real client " + (real.accepts ? "accepts" : "rejects") +
             ": " + real.command + "\n";
  };
  compare("openssl", s_client(e));
  if (tls_only_openssl) return out;
  compare("curl", curl(e));
  compare("gnutls", gnutls_cli(e));
  return out;
}

inline bool all_verdicts(const json& result, const std::string& verdict) {
  if (!result.contains("clients") || result["clients"].empty()) return false;
  for (const auto& c : result["clients"])
    if (c.value("verdict", "") != verdict) return false;
  return result.value("verdict", "") == verdict;
}

/// A PKI made once per process: Root CA 1 -> Server CA -> a leaf for localhost, and with
/// `ats` the whole ATS shape around it (Class 2 -> Services G2 -> Root CA 1) and an
/// unrelated root. ctest runs each test in a process of its own: only ProbeLive pays for
/// the ATS shape.
struct Pki {
  testing::TempDir dir;
  testing::TestPki pki{dir};
  explicit Pki(bool ats) {
    if (ats) {
      pki.make_ats_shaped();
      pki.root("Unrelated");
    } else {
      pki.root("Root CA 1");
      pki.ca("Server CA", "Root CA 1");
    }
    pki.leaf("local", "Server CA", "localhost");
    pki.bundle("local-chain.pem", {"local", "Server CA"});
  }
  std::string path(const std::string& name) const { return pki.path(name); }
  /// Root CA 1 only: trusts every chain here that reaches Server CA.
  std::string root1() const { return path("Root CA 1.pem"); }
  /// Class 2 only: trusts only chains that send both cross-certificates.
  std::string class2() const { return path("Class 2.pem"); }
  std::string unrelated() const { return path("Unrelated.pem"); }
  std::string local_chain() const { return path("local-chain.pem"); }
  std::string local_key() const { return path("local.key"); }
};

/// Root CA 1, Server CA and the localhost leaf: for the SMTP, proxy and hostile suites.
inline Pki& pki() {
  static Pki p(false);
  return p;
}
/// The ATS shape too: for ProbeLive.
inline Pki& ats_pki() {
  static Pki p(true);
  return p;
}

inline const char* const kLeafExtensions =
    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
    "extendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n";

}  // namespace trustready::probe_tests
