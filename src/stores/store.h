// Trust stores: where they are, where they came from, who reads them, what they hold.
// A store's identity is typed (kind, origin, owner); its id is a stable name for output
// and no module outside stores/ reads meaning into its text.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cert/certificate.h"
#include "stores/problem.h"

namespace trustready::stores {

enum class StoreKind {
  Bundle,     ///< one file of concatenated PEM (or DER / PKCS#7) certificates
  HashedDir,  ///< OpenSSL CApath: certificates under subject-hash names (HASH.N)
  CertDir,    ///< a folder of certificate files fed to a distribution's update tool
  Keystore,   ///< a Java keystore (JKS, JCEKS or PKCS#12)
  NssDb,      ///< an NSS certificate database (cert9.db), with NSS's trust flags
  ProgramRoots,  ///< roots compiled into a program or library (node, libnssckbi.so)
};

/// How the store's consumers verify, which decides what counts as an anchor.
enum class Verifier {
  OpenSsl,  ///< only self-issued certificates are anchors (OpenSSL's default flags)
  Java,     ///< PKIX: any trusted certificate is an anchor, self-signed or not
  Nss,      ///< certificates flagged as trusted CAs for TLS are anchors, self-signed or not
};

/// A TLS library that reads a PEM store (a bundle or a CApath), as its clients configure
/// it. Each loads the file its own way (OpenSSL and GnuTLS load nothing from a file with
/// one damaged block; GnuTLS skips TRUSTED CERTIFICATE blocks) and builds paths its own way.
enum class Library {
  OpenSsl,  ///< X509_STORE_load_file, X509_verify_cert (openssl, Python, Ruby, PHP, node --use-openssl-ca)
  Curl,     ///< curl and libcurl on OpenSSL: OpenSSL's loading, partial chains allowed
  Gnutls,   ///< gnutls_certificate_set_x509_trust_file (wget, git and apt on Debian)
};

enum class StoreRole {
  TrustStore,    ///< TLS clients read it when they verify
  AnchorSource,  ///< an update tool compiles it into the trust stores (not read by clients)
};

/// How an update tool turns the files of an anchor folder into the stores it compiles.
enum class AnchorCompiler {
  /// p11-kit's `trust extract` (RHEL's update-ca-trust, SUSE, Arch) parses each file, PEM
  /// or DER, one certificate or several, and writes the stores from what it parsed.
  Parses,
  /// Debian's update-ca-certificates (`sed '$a\' FILE >> bundle`) and Alpine's (a byte
  /// copy) put each file's bytes into the bundle as they are, and link it into
  /// /etc/ssl/certs for `openssl rehash`.
  CopiesBytes,
};

/// Where a store was found. It says whether the store is the system's own, whether
/// someone pointed at it (then it is reported even when missing, and fixed where it is),
/// and which application it belongs to.
enum class StoreOrigin {
  Distribution,     ///< a distribution's layout (/etc/ssl/certs/ca-certificates.crt, its anchor folders)
  OpenSslDefault,   ///< the CAfile or CApath this binary's OpenSSL was compiled with
  OpenSslVariable,  ///< SSL_CERT_FILE or SSL_CERT_DIR
  Named,            ///< named by the user with --store
  AppVariable,      ///< a variable an application reads: REQUESTS_CA_BUNDLE, AWS_CA_BUNDLE, NODE_EXTRA_CA_CERTS,
                    ///< -Djavax.net.ssl.trustStore in JAVA_TOOL_OPTIONS, ...
  AwsConfig,        ///< ca_bundle in an AWS config file
  Java,             ///< a JDK's keystore, a distribution's Java cacerts, a keystore found under --path
  Python,           ///< a bundle a Python package ships (certifi, botocore, pip, ...)
  Node,             ///< the roots compiled into a node binary
  Nss,              ///< an NSS database
  NssBuiltins,      ///< NSS's built-in roots module (libnssckbi.so)
  Scanned,          ///< found by `scan` in an application's files, by its content
};

/// The system's own stores: a distribution's, OpenSSL's, those SSL_CERT_* or --store name.
bool is_system(StoreOrigin origin);
/// A store someone pointed at (--store, a variable, a config file): reported even when it
/// is missing, and fixed where it is rather than through the distribution.
bool is_pointer(StoreOrigin origin);

/// What a store belongs to, when known: what must change for the store to change.
struct StoreOwner {
  enum class Kind {
    Unknown,
    UpdateTool,     ///< rebuilt by the distribution's update tool (name: the tool)
    PythonPackage,  ///< shipped by a Python package (name: the package; path: its site-packages)
    Jdk,            ///< a JDK or JRE's own (name: its JAVA_VERSION; path: its home)
    Program,        ///< compiled into a program or library (path: the binary)
    Variable,       ///< named by an environment variable (name: the variable)
    ConfigProfile,  ///< named by a profile of a config file (name: the profile; path: the file)
  };
  Kind kind = Kind::Unknown;
  std::string name;
  std::string path;
  bool operator==(const StoreOwner&) const = default;
};

/// Another store whose anchors a store's readers trust as well.
struct StoreRef {
  enum class Kind {
    None,
    NssBuiltins,   ///< NSS's built-in roots module (an NSS database's readers load it)
    SystemBundle,  ///< the system bundle (NSS whose roots module is p11-kit-trust)
    File,          ///< a bundle at `path` (node adds NODE_EXTRA_CA_CERTS to its roots)
  };
  Kind kind = Kind::None;
  std::string path;

  static StoreRef nss_builtins() { return {Kind::NssBuiltins, {}}; }
  static StoreRef system_bundle() { return {Kind::SystemBundle, {}}; }
  static StoreRef file(std::string path) { return {Kind::File, std::move(path)}; }
  explicit operator bool() const { return kind != Kind::None; }
  bool operator==(const StoreRef&) const = default;
};

const char* to_string(StoreKind kind);
const char* to_string(Library library);
const char* to_string(StoreRole role);
const char* to_string(Verifier verifier);
const char* to_string(StoreOrigin origin);
const char* to_string(StoreOwner::Kind kind);
/// "nss-builtins", "system", the file's path, or "" for none.
std::string to_string(const StoreRef& ref);

struct StoreLocation {
  std::string id;    ///< stable name for output, e.g. "debian-bundle", "ssl-cert-file"
  StoreKind kind = StoreKind::Bundle;
  StoreRole role = StoreRole::TrustStore;
  StoreOrigin origin = StoreOrigin::Named;
  StoreOwner owner;
  std::string path;  ///< inside the root, as found (before symlinks)
  std::vector<std::string> consumers;
  std::string found_by;  ///< for people: "Debian layout", "SSL_CERT_FILE", "OpenSSL's compiled-in default", ...
  /// CertDir only: file suffixes the update tool reads (empty: every file).
  std::vector<std::string> suffixes;
  /// CertDir only: what the update tool does with each file.
  AnchorCompiler compiler = AnchorCompiler::Parses;
  Verifier verifier = Verifier::OpenSsl;
  /// Keystores: a password named with the store (-Djavax.net.ssl.trustStorePassword),
  /// tried before --store-password and the default "changeit".
  std::string password;
  /// The store whose anchors the consumers trust as well.
  StoreRef also_trusts;
  /// PEM stores: the libraries whose clients read it (empty: OpenSSL's clients alone).
  std::vector<Library> libraries;
  /// Said about the store whatever it holds ("Debian's certifi.where() returns the system bundle").
  std::vector<std::string> notes;
};

/// A trust store location read with OpenSSL semantics; callers adjust the rest.
inline StoreLocation trust_location(std::string id, StoreKind kind, StoreOrigin origin, std::string path,
                                    std::vector<std::string> consumers, std::string found_by) {
  StoreLocation loc;
  loc.id = std::move(id);
  loc.kind = kind;
  loc.origin = origin;
  loc.path = std::move(path);
  loc.consumers = std::move(consumers);
  loc.found_by = std::move(found_by);
  return loc;
}

struct Store {
  StoreLocation location;
  std::string resolved_path;  ///< inside the root, symlinks followed
  std::vector<cert::Certificate> certificates;
  /// Certificates the store explicitly distrusts (NSS "p" flags): never anchors, even
  /// when the store named in also_trusts holds them.
  std::vector<cert::Certificate> distrusted;
  std::string format;  ///< "JKS", "PKCS#12", "PEM", ... when it is worth saying
  /// A bundle's file as read, for the libraries' own loaders (stores::Library).
  std::shared_ptr<const std::string> bytes;
  /// Keystores: the integrity check passed with the JDK's default password "changeit"
  /// (a fix may then name it; any other password is never printed).
  bool default_password = false;
  /// Facts about the store a reader should know (integrity not checked, who overrides it).
  std::vector<std::string> notes;
  /// Parts that could not be read ("xyz.0: symbolic link loop"); the rest was read.
  std::vector<Problem> problems;
  /// Set when the store as a whole could not be read; names the path and the cause.
  std::optional<std::string> error;
};

/// A store of the system itself (a distribution layout, OpenSSL's defaults, SSL_CERT_*,
/// or named with --store), as opposed to one an application brought.
bool is_system_location(const StoreLocation& location);

/// Where the store is damaged, as its reader said: the first DamagedCertificate problem
/// without the store's path ("PEM block at line 52: invalid base64"); "" when none.
std::string first_damage(const Store& store);

/// The system's own certificate bundle, read and not empty: the file a distribution's
/// OpenSSL, curl and GnuTLS read by default (not one named with --store).
bool is_system_bundle(const Store& store);

}  // namespace trustready::stores
