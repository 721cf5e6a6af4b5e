#include "paths/engines.h"

#include <algorithm>
#include <optional>

#include "cert/openssl_verify.h"
#include "cert/x509_facts.h"
#include "paths/gnutls_engine.h"

namespace trustready::paths {
namespace {

ClientVerdict ideal(const PathReport& report) {
  ClientVerdict v{"ideal", "trustready's builder: accepts iff some path is valid", false, "", {}};
  if (report.any_valid()) {
    v.accepts = true;
    for (const auto& pc : report.paths.front().certs) v.path.push_back(pc.certificate);
    v.reason = "path 1";
  } else if (!report.paths.empty()) {
    v.reason = report.paths.front().problems.front();
  } else {
    v.reason = report.incomplete.empty() ? report.no_path_reason : report.incomplete;
  }
  return v;
}

/// libcrypto's X509_verify_cert against exactly the store, then the host name as
/// clients ask OpenSSL to check it (X509_check_host after the chain).
cert::VerifyOutcome openssl_outcome(const PathInput& in, bool partial_chain) {
  return cert::verify_with_openssl(in.leaf, in.presented, in.anchors, in.at, partial_chain);
}

ClientVerdict openssl_engine(const PathInput& in, const cert::VerifyOutcome& outcome, std::string name,
                             std::string how) {
  ClientVerdict v{std::move(name), std::move(how), false, "", {}};
  if (!outcome.ok) {
    v.reason = outcome.error;
    return v;
  }
  if (!in.host.empty() && !cert::matches_host(in.leaf, in.host)) {
    v.reason = "the leaf is not valid for " + in.host;
    return v;
  }
  v.accepts = true;
  v.path = outcome.path;
  return v;
}

ClientVerdict gnutls_engine(const PathInput& in) {
  ClientVerdict v{"gnutls",
                  "libgnutls's verifier as gnutls-cli uses it (gnutls_x509_trust_list_verify_crt2, TLS server "
                  "purpose)",
                  false, "", {}};
  const auto outcome = verify_with_gnutls(in.leaf, in.presented, in.anchors, in.at, in.host);
  v.accepts = outcome.ok;
  v.reason = outcome.ok ? "" : outcome.error;
  return v;
}

}  // namespace

const std::vector<std::string>& client_names() {
  static const std::vector<std::string> names = {"ideal", "openssl", "curl", "gnutls", "java"};
  return names;
}

std::vector<ClientVerdict> client_verdicts(const PathInput& input, const PathReport& report,
                                           const std::vector<std::string>& clients) {
  auto wanted = [&](const std::string& n) {
    return clients.empty() || std::find(clients.begin(), clients.end(), n) != clients.end();
  };
  std::vector<ClientVerdict> out;
  if (wanted("ideal")) out.push_back(ideal(report));
  if (wanted("openssl"))
    out.push_back(openssl_engine(input, openssl_outcome(input, false), "openssl",
                                 "X509_verify_cert, default flags (openssl s_client, Python ssl, Node): the path "
                                 "must end at a self-signed trusted root"));
  // curl and java ask OpenSSL the same question (partial chains): asked once.
  std::optional<cert::VerifyOutcome> partial;
  if (wanted("curl") || wanted("java")) partial = openssl_outcome(input, true);
  if (wanted("curl"))
    out.push_back(openssl_engine(input, *partial, "curl",
                                 "OpenSSL as curl sets it up: X509_V_FLAG_PARTIAL_CHAIN, so any trusted "
                                 "certificate is an anchor"));
  if (wanted("gnutls")) out.push_back(gnutls_engine(input));
  if (wanted("java"))
    out.push_back(openssl_engine(input, *partial, "java",
                                 "PKIX semantics (any trusted certificate is an anchor), computed with OpenSSL "
                                 "and partial chains, not by a JVM"));
  return out;
}

}  // namespace trustready::paths
