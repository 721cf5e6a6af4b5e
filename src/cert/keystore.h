// Java keystores as trust stores: JKS and JCEKS (read natively), PKCS#12 (through OpenSSL).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cert/certificate.h"
#include "util/result.h"

namespace trustready::cert {

enum class KeystoreFormat { Jks, Jceks, Pkcs12 };
const char* to_string(KeystoreFormat f);

/// Whether the keystore's integrity check (JKS keyed SHA-1 digest, PKCS#12 MAC) passed.
enum class Integrity {
  Verified,    ///< with one of the passwords tried
  Mismatch,    ///< no password tried matches: another password, or the file was altered
  NotChecked,  ///< the file has no MAC, or one OpenSSL cannot compute
};

struct KeystoreEntry {
  std::string alias;
  /// A trustedCertEntry (or a PKCS#12 certificate carrying Java's trusted-usage attribute).
  /// Otherwise a key entry, whose certificates are its chain, end entity first.
  bool trusted = false;
  std::vector<Certificate> certificates;
};

struct Keystore {
  KeystoreFormat format = KeystoreFormat::Jks;
  std::vector<KeystoreEntry> entries;
  Integrity integrity = Integrity::NotChecked;
  std::string password_used;  ///< the password that verified, when Verified
  /// Things a reader should know ("3 certificates without Java's trusted attribute ...").
  std::vector<std::string> notes;

  /// What Java's default TrustManager trusts: every trusted entry, and the first
  /// certificate of every key entry (sun.security.validator.TrustStoreUtil).
  std::vector<Certificate> java_anchors() const;
};

/// JKS/JCEKS magic or a DER SEQUENCE that starts like PKCS#12 (version 3).
bool looks_like_keystore(std::string_view bytes);

/// Parses a keystore, trying each password in turn for its integrity check. Certificates
/// are listed even when no password matches (JKS stores them in the clear; so does
/// PKCS#12 for certificate bags outside encrypted safes), with `integrity` saying so.
/// An error for a file that is not a keystore or is corrupt (bad magic, truncated).
Result<Keystore> parse_keystore(std::string_view bytes, const std::vector<std::string>& passwords);

}  // namespace trustready::cert
