// What curl and Java check on a server's leaf beyond its path, each as its own code does
// it (neither asks OpenSSL): curl's host check (lib/vtls/openssl.c ossl_verifyhost and
// lib/vtls/hostcheck.c), Java's HTTPS endpoint identification (sun.security.util.
// HostnameChecker, TLS) and its end-entity checks for a TLS server (sun.security.
// validator.EndEntityChecker). Pure functions over the leaf's facts.
#pragma once

#include <string>

#include "cert/x509_facts.h"

namespace trustready::paths {

/// Why curl 7.88.1 as Debian 12 ships it (with the CVE-2023-28321 fix: a wildcard only as
/// a whole first label "*.") refuses `leaf` for `host`, in curl's words; empty when it
/// takes it. SAN dNSName for a name, SAN iPAddress for an IP address; the last subject
/// CN only when the leaf has neither kind of SAN; a trailing dot on either side ignored.
std::string curl_host_problem(const cert::X509Facts& leaf, const std::string& host);

/// Why JDK 17's HTTPS endpoint identification refuses `leaf` for `host`; empty when it
/// takes it. An IP address only against SAN iPAddresses; a name against SAN dNSNames,
/// or the last subject CN when there is no dNSName; the host's trailing dot dropped (as
/// JSSE does for SNI), a name in the certificate with one never matches; wildcards
/// within any label. Not modelled: the public-suffix rule for anchors in the JDK's own
/// cacerts, and internationalized names (taken as no valid name).
std::string java_host_problem(const cert::X509Facts& leaf, const std::string& host);

/// Why JSSE's end-entity check refuses `leaf` as a TLS server's certificate in a TLS 1.3
/// or ECDHE handshake (the key must sign): keyUsage without digitalSignature, an
/// extendedKeyUsage without serverAuth, anyExtendedKeyUsage or SGC, an nsCertType
/// without SSL server. Empty when it takes it.
std::string java_server_problem(const cert::X509Facts& leaf);

}  // namespace trustready::paths
