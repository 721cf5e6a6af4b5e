#include "paths/engines.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <tuple>

#include "cert/openssl_verify.h"
#include "cert/x509_facts.h"
#include "paths/client_rules.h"
#include "paths/gnutls_engine.h"

namespace trustready::paths {
namespace {

const std::vector<Engine> kEngines = {
    {EngineId::Ideal, "ideal", "trustready's path builder: a client that tries every path",
     "trustready's builder: accepts iff some path is valid; host names by SAN only (no CN, a trailing dot kept)",
     Method::PathBuilder},
    {EngineId::OpenSsl, "openssl", "OpenSSL's default verification: openssl s_client, Python's ssl, Ruby, PHP",
     "X509_verify_cert as libssl verifies a server (purpose and trust SSL_SERVER; s_client, Python ssl, Node): the "
     "path must end at a self-signed trusted root; the host by X509_VERIFY_PARAM_set1_host/set1_ip, the CN when no "
     "dNSName",
     Method::OpenSsl},
    {EngineId::Curl, "curl", "curl and libcurl with OpenSSL (partial chains)",
     "OpenSSL as curl 7.88 sets it up: X509_V_FLAG_PARTIAL_CHAIN, so any trusted certificate is an anchor, purpose "
     "SSL_SERVER; curl's own host check (the CN only without any SAN, trailing dots ignored)",
     Method::Curl},
    {EngineId::Gnutls, "gnutls", "GnuTLS clients: gnutls-cli, apt's https transport, wget",
     "libgnutls's verifier as gnutls-cli uses it (gnutls_x509_trust_list_verify_crt2, TLS server purpose, the host "
     "without its trailing dot), and the handshake's check that the leaf may sign (keyUsage digitalSignature)",
     Method::Gnutls},
    {EngineId::Java, "java", "Java's PKIX trust manager (JSSE clients, keytool stores)",
     "PKIX semantics (any trusted certificate is an anchor), computed with OpenSSL and partial chains, not by a JVM; "
     "then JSSE's TLS server checks (keyUsage digitalSignature, serverAuth) and HTTPS endpoint identification",
     Method::Java},
};

ClientVerdict blank(const Engine& e) {
  ClientVerdict v;
  v.client = e.name, v.users = e.users, v.how = e.how;
  return v;
}

ClientVerdict ideal(const PathReport& report) {
  ClientVerdict v = blank(engine(EngineId::Ideal));
  if (report.any_valid()) {
    v.accepts = true;
    for (const auto& pc : report.paths.front().certs) v.path.push_back(pc.certificate);
    v.reason = "path 1";
  } else if (!report.incomplete.empty()) {
    // The search was cut short: the paths it saw do not say why no valid one exists.
    v.reason = "the search " + report.incomplete + " without finding a valid path";
  } else if (!report.paths.empty()) {
    v.reason = report.paths.front().problems.front();
  } else {
    v.reason = report.no_path_reason;
  }
  return v;
}

/// The target is a CA: the judge asks about the certificates above a server's leaf,
/// starting at the topmost one the server sends. A real client checks a server's purpose
/// on the leaf below it, so no leaf check applies (as before the library asked).
bool ca_target(const cert::X509Facts& facts) { return facts.ca; }

/// libcrypto's X509_verify_cert against exactly the store, set up as the engine's
/// clients set it up; curl and Java then check the leaf in their own code.
ClientVerdict openssl_engine(const Engine& e, const PathInput& in) {
  ClientVerdict v = blank(e);
  const cert::X509Facts facts = cert::x509_facts(in.leaf);
  cert::OpenSslSetup setup;
  setup.partial_chain = e.method != Method::OpenSsl;
  setup.tls_server = e.method != Method::Java && !ca_target(facts);  // Java's PKIX checks no purpose on the CAs
  if (e.method == Method::OpenSsl) setup.host = in.host;
  const auto outcome = cert::verify_with_openssl(in.leaf, in.presented, in.anchors, in.at, setup);
  if (!outcome.ok) {
    v.reason = outcome.error;
    return v;
  }
  if (e.method == Method::Java && !ca_target(facts)) v.reason = java_server_problem(facts);
  if (v.reason.empty() && !in.host.empty()) {
    if (e.method == Method::Curl) v.reason = curl_host_problem(facts, in.host);
    if (e.method == Method::Java) v.reason = java_host_problem(facts, in.host);
  }
  if (!v.reason.empty()) return v;
  v.accepts = true;
  v.path = outcome.path;
  return v;
}

ClientVerdict gnutls_engine(const Engine& e, const PathInput& in) {
  ClientVerdict v = blank(e);
  const bool server_leaf = !ca_target(cert::x509_facts(in.leaf));
  const auto outcome = verify_with_gnutls(in.leaf, in.presented, in.anchors, in.at, in.host, server_leaf);
  v.accepts = outcome.ok;
  v.unavailable = outcome.unavailable;
  v.reason = outcome.ok ? "" : outcome.error;
  return v;
}

/// What an engine's answer depends on: the method, the certificates by hash (the anchors,
/// in any order, as one digest of their sorted hashes: a store holds ~150), the time and
/// the host.
using AnswerKey = std::tuple<Method, cert::Sha256, std::vector<cert::Sha256>, cert::Sha256, TimePoint, std::string>;

AnswerKey key_of(Method method, const PathInput& in) {
  AnswerKey key{method, in.leaf.sha256(), {}, {}, in.at, in.host};
  for (const auto& p : in.presented) std::get<2>(key).push_back(p.sha256());
  std::vector<cert::Sha256> anchors;
  anchors.reserve(in.anchors.size());
  for (const auto& a : in.anchors) anchors.push_back(a.sha256());
  std::sort(anchors.begin(), anchors.end());
  std::string all;
  all.reserve(anchors.size() * 32);
  for (const auto& a : anchors) all.append(reinterpret_cast<const char*>(a.bytes.data()), a.bytes.size());
  std::get<3>(key) = cert::Sha256::of(all);
  return key;
}

/// The library's answer, computed once per key for the process (at most 4096 kept).
ClientVerdict remembered(const Engine& e, const PathInput& in) {
  static std::mutex mutex;
  static std::map<AnswerKey, ClientVerdict> answers;
  AnswerKey key = key_of(e.method, in);
  {
    std::lock_guard lock(mutex);
    if (auto it = answers.find(key); it != answers.end()) {
      ClientVerdict v = it->second;
      v.client = e.name, v.users = e.users, v.how = e.how;
      return v;
    }
  }
  ClientVerdict v = e.method == Method::Gnutls ? gnutls_engine(e, in) : openssl_engine(e, in);
  std::lock_guard lock(mutex);
  if (answers.size() > 4096) answers.clear();
  answers.emplace(std::move(key), v);
  return v;
}

}  // namespace

const std::vector<Engine>& engines() { return kEngines; }

const Engine& engine(EngineId id) {
  for (const auto& e : kEngines)
    if (e.id == id) return e;
  return kEngines.front();
}

const Engine* find_engine(std::string_view name) {
  for (const auto& e : kEngines)
    if (e.name == name) return &e;
  return nullptr;
}

std::vector<std::string> engine_names() {
  std::vector<std::string> out;
  for (const auto& e : kEngines) out.emplace_back(e.name);
  return out;
}

const char* verdict_word(const ClientVerdict& v) {
  if (v.unavailable) return "error";
  return v.accepts ? "trusted" : "untrusted";
}

ClientVerdict verdict_of(EngineId id, bool accepts, std::string reason) {
  ClientVerdict v = blank(engine(id));
  v.accepts = accepts;
  v.reason = std::move(reason);
  return v;
}

std::string host_problem(EngineId id, const cert::Certificate& leaf, const std::string& host) {
  if (host.empty()) return "";
  switch (engine(id).method) {
    case Method::PathBuilder:
      return cert::matches_host(leaf, host) ? "" : leaf.display_name() + " is not valid for " + host;
    case Method::OpenSsl: return cert::openssl_host_problem(leaf, host);
    case Method::Curl: return curl_host_problem(cert::x509_facts(leaf), host);
    case Method::Java: return java_host_problem(cert::x509_facts(leaf), host);
    case Method::Gnutls: return gnutls_host_problem(leaf, host);
  }
  return "";
}

ClientVerdict ask_engine(EngineId id, const PathInput& input) {
  const Engine& e = engine(id);
  if (e.method == Method::PathBuilder) return ideal(build_paths(input));
  return remembered(e, input);
}

std::vector<ClientVerdict> client_verdicts(const PathInput& input, const PathReport& report,
                                           const std::vector<std::string>& clients) {
  std::vector<ClientVerdict> out;
  for (const auto& e : kEngines) {
    if (!clients.empty() && std::find(clients.begin(), clients.end(), e.name) == clients.end()) continue;
    out.push_back(e.id == EngineId::Ideal ? ideal(report) : remembered(e, input));
  }
  return out;
}

}  // namespace trustready::paths
