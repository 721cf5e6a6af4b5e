// Application trust stores found by stores::discover under root trees built in a
// TempDir, each store in the place its application really keeps it: JDK keystores made
// by the real keytool, Python bundles copied from Debian's python3-certifi and
// python3-botocore, NSS databases made by the real certutil, a node-like binary compiled
// by the real cc, AWS config files and environment variables written here. Expected
// certificates come from those tools and files (openssl, grep, certutil, node), never
// from the code under test. Only the host tests read real files outside a TempDir, and
// only read them.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "fs/root_fs.h"
#include "stores/app_locations.h"
#include "stores/discover.h"
#include "stores/readers.h"
#include "stores/store_test_support.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using namespace store_test;

namespace stdfs = std::filesystem;
using stores::Discovery;
using stores::DiscoveryOptions;
using stores::Store;
using stores::StoreKind;
using stores::Verifier;
using testing::TempDir;
using testing::write_bundle;
using Fingerprints = std::multiset<std::string>;

/// keytool refuses store passwords shorter than 6 characters.
inline const std::string kCustomPassword = "trustpw";
inline const std::string kDstX3 = "DST_Root_CA_X3.pem";
inline const std::string kIsrgX2CrossX1 = "isrgx2_x_isrgx1.pem";
inline const std::string kAmazon1CrossSfsG2 = "amazon1_x_sfsg2.pem";

const std::string kDebianCertifi = "/usr/lib/python3/dist-packages/certifi/cacert.pem";
const std::string kDebianCertifiCore = "/usr/lib/python3/dist-packages/certifi/core.py";
const std::string kDebianBotocore = "/usr/lib/python3/dist-packages/botocore/cacert.pem";

// ---------------------------------------------------------------- helpers

std::string describe(const Discovery& d) {
  std::string out;
  for (const auto& s : d.stores)
    out += s.location.id + ": " + s.location.path + " -> " + s.resolved_path + " [" +
           stores::to_string(s.location.kind) + ", " + stores::to_string(s.location.verifier) + ", found by " +
           s.location.found_by + "] " + std::to_string(s.certificates.size()) + " certs" +
           (s.error ? " error: " + *s.error : "") + "\n";
  return out;
}

Discovery discover_in(const TempDir& root, const DiscoveryOptions& options = {}) {
  auto fs = fs::RootFs::open(root.path());
  EXPECT_TRUE(fs) << fs.error();
  return stores::discover(fs.value(), options);
}

const Store* with_path(const Discovery& d, const std::string& path) {
  const Store* found = nullptr;
  for (const auto& s : d.stores)
    if (s.location.path == path) {
      EXPECT_EQ(found, nullptr) << "two stores with path " << path << ":\n" << describe(d);
      found = &s;
    }
  EXPECT_NE(found, nullptr) << "no store with path " << path << ":\n" << describe(d);
  return found;
}

const Store* with_id(const Discovery& d, const std::string& id) {
  for (const auto& s : d.stores)
    if (s.location.id == id) return &s;
  ADD_FAILURE() << "no store with id " << id << ":\n" << describe(d);
  return nullptr;
}

bool has_path(const Discovery& d, const std::string& path) {
  return std::any_of(d.stores.begin(), d.stores.end(), [&](const Store& s) { return s.location.path == path; });
}

bool any_contains(const std::vector<stores::Problem>& problems, const std::vector<std::string>& needles);

bool any_contains(const std::vector<std::string>& lines, const std::vector<std::string>& needles) {
  for (const auto& l : lines) {
    bool all = true;
    for (const auto& n : needles) all = all && contains(l, n);
    if (all) return true;
  }
  return false;
}

bool any_contains(const std::vector<stores::Problem>& problems, const std::vector<std::string>& needles) {
  return any_contains(stores::messages(problems), needles);
}

Fingerprints distrusted_fingerprints(const Store& s) {
  Fingerprints out;
  for (const auto& c : s.distrusted) out.insert(c.sha256().hex());
  return out;
}

void copy_file(const std::string& from, const std::string& to) {
  make_dirs(stdfs::path(to).parent_path().string());
  stdfs::copy_file(from, to, stdfs::copy_options::overwrite_existing);
}

/// Lowercase hex SHA-256 fingerprint of every certificate in a PEM file (LF or CRLF, as
/// certutil -a writes): awk splits the
/// blocks, base64 -d yields each DER, one `openssl dgst -sha256` hashes them all (one
/// openssl start instead of one per certificate).
Fingerprints openssl_bundle_fingerprints(const std::string& file) {
  TempDir split;
  const std::string script =
      "cd " + quote(split.path()) +
      " && awk '{sub(/\\r$/, \"\")} /-----BEGIN CERTIFICATE-----/{n++; on=1; next} /-----END CERTIFICATE-----/{on=0; next} "
      "on{print > (\"c\" n \".b64\")}' " + quote(file) +
      " && for f in c*.b64; do base64 -d \"$f\" > \"${f%.b64}.der\" || exit 1; done"
      " && openssl dgst -sha256 -r c*.der";
  const auto r = run(script);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  Fingerprints out;
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    const std::string hex = line.substr(0, line.find(' '));
    EXPECT_EQ(hex.size(), 64u) << line;
    out.insert(hex);
  }
  return out;
}

/// The "Keystore type:" keytool prints for a keystore ("JKS", "PKCS12").
std::string keytool_type(const std::string& file, const std::string& password) {
  const auto r = run("keytool -list -keystore " + quote(file) + " -storepass " + quote(password));
  const auto at = r.out.find("Keystore type: ");
  if (r.exit_code != 0 || at == std::string::npos) return {};
  return r.out.substr(at + 15, r.out.find('\n', at) - at - 15);
}

/// File bytes and modification times of everything in a folder, to prove it unchanged.
std::map<std::string, std::string> snapshot(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : stdfs::directory_iterator(dir)) {
    struct stat st {};
    EXPECT_EQ(::lstat(e.path().c_str(), &st), 0) << e.path();
    out[e.path().filename().string()] = std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) +
                                        " mode " + std::to_string(st.st_mode) + " " +
                                        testing::read_file(e.path().string());
  }
  return out;
}

// ---------------------------------------------------------------- keystores made once by keytool

/// Keystores made by the real keytool (a JVM start each), shared by the Java tests.
class AppDiscoveryJava : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::tool_available("keytool") || !testing::tool_available("openssl")) return;
    dir_ = new TempDir();
    auto import = [](const std::string& store, const std::string& type, const std::string& password,
                     const std::string& alias, const std::string& cert) {
      const auto r = run("keytool -importcert -noprompt -alias " + quote(alias) + " -file " + quote(real_cert(cert)) +
                         " -keystore " + quote(store) + " -storetype " + type + " -storepass " + quote(password));
      if (r.exit_code != 0) setup_error_ += "keytool " + store + " " + alias + ": " + r.out + r.err + "\n";
    };
    import(cacerts(), "JKS", "changeit", "amazon1", kAmazon1);
    import(cacerts(), "JKS", "changeit", "isrgx1", kIsrgX1);
    import(jssecacerts(), "PKCS12", "changeit", "starfield", kStarfield);
    import(custom(), "JKS", kCustomPassword, "isrgx2", kIsrgX2);
    cacerts_type_ = keytool_type(cacerts(), "changeit");
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("keytool");
    TRUSTREADY_REQUIRE_TOOL("openssl");
    ASSERT_NE(dir_, nullptr);
    ASSERT_TRUE(setup_error_.empty()) << setup_error_;
  }
  /// JKS, password changeit: Amazon Root CA 1 and ISRG Root X1.
  static std::string cacerts() { return *dir_ / "cacerts.jks"; }
  /// PKCS#12, password changeit: Starfield Services G2.
  static std::string jssecacerts() { return *dir_ / "jssecacerts.p12"; }
  /// JKS, password kCustomPassword: ISRG Root X2.
  static std::string custom() { return *dir_ / "custom.jks"; }

  /// A JDK install folder as the packages lay it out: bin/java, release, lib/security.
  void make_jdk(const std::string& home, const std::string& version) {
    write_file(root / (home + "/bin/java"), "#!/bin/sh\nexit 99\n");
    write_file(root / (home + "/release"), "IMPLEMENTOR=\"Debian\"\nJAVA_VERSION=\"" + version +
                                               "\"\nJAVA_VERSION_DATE=\"2025-04-15\"\n");
    make_dirs(root / (home + "/lib/security"));
  }

  TempDir root;
  static inline TempDir* dir_ = nullptr;
  static inline std::string setup_error_;
  static inline std::string cacerts_type_;
};

TEST_F(AppDiscoveryJava, JdkCacertsIsAJavaKeystoreWhoseConsumerNamesTheVersion) {
  const std::string home = "/usr/lib/jvm/temurin-17-jdk-amd64";
  make_jdk(home, "17.0.15");
  copy_file(cacerts(), root / (home + "/lib/security/cacerts"));
  const auto d = discover_in(root);

  const Store* s = with_path(d, home + "/lib/security/cacerts");
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->error) << *s->error;
  EXPECT_EQ(s->location.id, "java-cacerts:" + home);
  EXPECT_EQ(s->location.kind, StoreKind::Keystore);
  EXPECT_EQ(s->location.verifier, Verifier::Java);
  EXPECT_EQ(s->location.found_by, "install folder");
  ASSERT_EQ(s->location.consumers.size(), 1u);
  EXPECT_TRUE(contains(s->location.consumers[0], "17.0.15")) << s->location.consumers[0];
  EXPECT_TRUE(contains(s->location.consumers[0], home)) << s->location.consumers[0];
  EXPECT_EQ(fingerprints(*s), openssl_fingerprints({kAmazon1, kIsrgX1}));
  EXPECT_EQ(s->format, cacerts_type_);
  EXPECT_TRUE(s->default_password);  // made with -storepass changeit

  // The JDK is in the inventory with the version its release file names.
  ASSERT_EQ(d.inventory.java_homes.size(), 1u);
  EXPECT_EQ(d.inventory.java_homes[0].path, home);
  EXPECT_EQ(d.inventory.java_homes[0].version, "17.0.15");
}

TEST_F(AppDiscoveryJava, JdkWithoutReleaseFileStillListsItsCacerts) {
  const std::string home = "/opt/jdk-21";
  write_file(root / (home + "/bin/java"), "");
  copy_file(cacerts(), root / (home + "/lib/security/cacerts"));
  const auto d = discover_in(root);
  const Store* s = with_path(d, home + "/lib/security/cacerts");
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->error) << *s->error;
  ASSERT_EQ(s->location.consumers.size(), 1u);
  EXPECT_TRUE(contains(s->location.consumers[0], home)) << s->location.consumers[0];
  EXPECT_EQ(fingerprints(*s), openssl_fingerprints({kAmazon1, kIsrgX1}));
}

TEST_F(AppDiscoveryJava, JssecacertsTakesPrecedenceOverCacerts) {
  const std::string home = "/usr/lib/jvm/zulu-11";
  make_jdk(home, "11.0.27");
  copy_file(cacerts(), root / (home + "/lib/security/cacerts"));
  copy_file(jssecacerts(), root / (home + "/lib/security/jssecacerts"));
  const auto d = discover_in(root);

  EXPECT_FALSE(has_path(d, home + "/lib/security/cacerts")) << describe(d);
  const Store* s = with_path(d, home + "/lib/security/jssecacerts");
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->error) << *s->error;
  EXPECT_EQ(s->location.kind, StoreKind::Keystore);
  EXPECT_EQ(s->location.verifier, Verifier::Java);
  EXPECT_TRUE(contains(s->location.found_by, "jssecacerts")) << s->location.found_by;
  ASSERT_EQ(s->location.consumers.size(), 1u);
  EXPECT_TRUE(contains(s->location.consumers[0], "11.0.27")) << s->location.consumers[0];
  EXPECT_EQ(fingerprints(*s), openssl_fingerprints({kStarfield}));
  // Exactly one store for this JDK.
  std::size_t for_jdk = 0;
  for (const auto& st : d.stores) for_jdk += st.location.path.starts_with(home) ? 1 : 0;
  EXPECT_EQ(for_jdk, 1u) << describe(d);
}

TEST_F(AppDiscoveryJava, DebianSharedCacertsAndTheJdkLinkToItAreOneStore) {
  const std::string home = "/usr/lib/jvm/java-17-openjdk-amd64";
  make_jdk(home, "17.0.15");
  copy_file(cacerts(), root / "etc/ssl/certs/java/cacerts");
  symlink("/etc/ssl/certs/java/cacerts", root / (home + "/lib/security/cacerts"));
  symlink(home + "/bin/java", root / "etc/alternatives/java");
  const auto d = discover_in(root);

  const Store* s = with_path(d, "/etc/ssl/certs/java/cacerts");
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(has_path(d, home + "/lib/security/cacerts")) << describe(d);
  EXPECT_EQ(s->location.id, "debian-java-cacerts");
  EXPECT_EQ(s->resolved_path, "/etc/ssl/certs/java/cacerts");
  EXPECT_EQ(s->location.kind, StoreKind::Keystore);
  EXPECT_EQ(s->location.verifier, Verifier::Java);
  ASSERT_EQ(s->location.consumers.size(), 2u) << joined(s->location.consumers);
  EXPECT_TRUE(any_contains(s->location.consumers, {"ca-certificates-java"})) << joined(s->location.consumers);
  EXPECT_TRUE(any_contains(s->location.consumers, {"17.0.15", home})) << joined(s->location.consumers);
  EXPECT_EQ(fingerprints(*s), openssl_fingerprints({kAmazon1, kIsrgX1}));
  std::size_t keystores = 0;
  for (const auto& st : d.stores) keystores += st.location.kind == StoreKind::Keystore ? 1 : 0;
  EXPECT_EQ(keystores, 1u) << describe(d);
}

TEST_F(AppDiscoveryJava, JavaToolOptionsTrustStoreIsReadWithItsPassword) {
  copy_file(custom(), root / "x.jks");
  DiscoveryOptions o;
  o.environment["JAVA_TOOL_OPTIONS"] =
      "-Xmx512m -Djavax.net.ssl.trustStore=/x.jks -Djavax.net.ssl.trustStorePassword=" + kCustomPassword;
  const auto d = discover_in(root, o);

  const Store* s = with_path(d, "/x.jks");
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->error) << *s->error;
  EXPECT_EQ(s->location.kind, StoreKind::Keystore);
  EXPECT_EQ(s->location.verifier, Verifier::Java);
  EXPECT_EQ(s->location.found_by, "JAVA_TOOL_OPTIONS");
  EXPECT_EQ(s->location.password, kCustomPassword);
  EXPECT_TRUE(any_contains(s->location.consumers, {"JAVA_TOOL_OPTIONS"})) << joined(s->location.consumers);
  EXPECT_EQ(fingerprints(*s), openssl_fingerprints({kIsrgX2}));
  EXPECT_FALSE(s->default_password);
  EXPECT_FALSE(any_contains(s->notes, {"integrity not verified"})) << joined(s->notes);
  // Named by the user: listed before the known locations.
  ASSERT_FALSE(d.stores.empty());
  EXPECT_EQ(d.stores.front().location.path, "/x.jks") << describe(d);
}

// The JVM splits its options variables at whitespace, with quotes grouping.
TEST_F(AppDiscoveryJava, JavaToolOptionsQuotedTrustStorePathWithSpacesIsOnePath) {
  copy_file(custom(), root / "opt/my app/trust store.jks");
  DiscoveryOptions o;
  o.environment["JDK_JAVA_OPTIONS"] = "-Xmx1g \"-Djavax.net.ssl.trustStore=/opt/my app/trust store.jks\" "
                                      "-Djavax.net.ssl.trustStorePassword='" + kCustomPassword + "'";
  const auto d = discover_in(root, o);
  const Store* s = with_path(d, "/opt/my app/trust store.jks");
  ASSERT_NE(s, nullptr) << describe(d);
  EXPECT_FALSE(s->error) << *s->error;
  EXPECT_EQ(s->location.password, kCustomPassword);
  EXPECT_EQ(fingerprints(*s), openssl_fingerprints({kIsrgX2}));
}

TEST_F(AppDiscoveryJava, JavaToolOptionsWithTheWrongPasswordIsAnError) {
  copy_file(custom(), root / "x.jks");
  DiscoveryOptions o;
  o.environment["JAVA_TOOL_OPTIONS"] = "-Djavax.net.ssl.trustStore=/x.jks -Djavax.net.ssl.trustStorePassword=nope";
  const auto d = discover_in(root, o);
  const Store* s = with_path(d, "/x.jks");
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->error) << "a keystore whose named password fails must not read as fine";
  EXPECT_TRUE(contains(*s->error, "/x.jks")) << *s->error;
  EXPECT_TRUE(contains(*s->error, "password")) << *s->error;
  EXPECT_FALSE(contains(*s->error, "nope")) << "the password is printed: " << *s->error;
}

TEST_F(AppDiscoveryJava, MissingTrustStoreNamedInJavaOptionsIsListedWithAnError) {
  DiscoveryOptions o;
  o.environment["JDK_JAVA_OPTIONS"] = "-Djavax.net.ssl.trustStore=/etc/missing/truststore.jks";
  const auto d = discover_in(root, o);
  const Store* s = with_path(d, "/etc/missing/truststore.jks");
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->error);
  EXPECT_TRUE(contains(*s->error, "/etc/missing/truststore.jks")) << *s->error;
  EXPECT_EQ(s->location.found_by, "JDK_JAVA_OPTIONS");
}

// ---------------------------------------------------------------- --path walks

TEST_F(AppDiscoveryJava, PathWalkFindsVenvsJdksAndKeystoresWithoutFollowingSymlinkedFolders) {
  TRUSTREADY_REQUIRE_TOOL("grep");
  ASSERT_TRUE(stdfs::exists(kDebianCertifi)) << "python3-certifi is needed";
  const std::string venv_certifi = "/srv/app/.venv/lib/python3.11/site-packages/certifi/cacert.pem";
  copy_file(kDebianCertifi, root / venv_certifi);
  write_file(root / "srv/app/jdk/bin/java", "");
  copy_file(cacerts(), root / "srv/app/jdk/lib/security/cacerts");
  copy_file(custom(), root / "srv/app/conf/client.truststore");
  // Loops and escapes: a walk that followed them would find everything again (or never end).
  symlink("/srv/app", root / "srv/app/loop");
  symlink("..", root / "srv/app/conf/up");
  symlink(".", root / "srv/app/conf/self");
  DiscoveryOptions o;
  o.search_paths = {"/srv/app"};
  const auto d = discover_in(root, o);

  EXPECT_TRUE(d.inventory.problems.empty()) << joined(d.inventory.problems);
  ASSERT_EQ(d.inventory.python_libs.size(), 1u);
  EXPECT_EQ(d.inventory.python_libs[0].path, "/srv/app/.venv/lib/python3.11/site-packages");
  const Store* venv = with_path(d, venv_certifi);
  ASSERT_NE(venv, nullptr);
  EXPECT_FALSE(venv->error) << *venv->error;
  EXPECT_EQ(venv->certificates.size(), pem_blocks(kDebianCertifi));
  EXPECT_TRUE(any_contains(venv->location.consumers, {"Python 3.11", "/srv/app/.venv"}))
      << joined(venv->location.consumers);

  const Store* jdk = with_path(d, "/srv/app/jdk/lib/security/cacerts");
  ASSERT_NE(jdk, nullptr);
  EXPECT_EQ(jdk->location.found_by, "--path");
  EXPECT_EQ(fingerprints(*jdk), openssl_fingerprints({kAmazon1, kIsrgX1}));

  const Store* ks = with_path(d, "/srv/app/conf/client.truststore");
  ASSERT_NE(ks, nullptr);
  EXPECT_EQ(ks->location.kind, StoreKind::Keystore);
  EXPECT_EQ(ks->location.verifier, Verifier::Java);
  // Its password is not "changeit": the certificates are listed, integrity unchecked.
  EXPECT_EQ(fingerprints(*ks), openssl_fingerprints({kIsrgX2}));

  for (const auto& s : d.stores) {
    EXPECT_FALSE(contains(s.location.path, "/loop/")) << s.location.path;
    EXPECT_FALSE(contains(s.location.path, "/up/")) << s.location.path;
    EXPECT_FALSE(contains(s.location.path, "/self/")) << s.location.path;
  }
  EXPECT_EQ(d.inventory.keystores, std::vector<std::string>{"/srv/app/conf/client.truststore"});
}

// ---------------------------------------------------------------- Python, environment, AWS

/// Debian's real python3-certifi and python3-botocore files, counted by grep.
class AppDiscoveryPython : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("openssl");
    for (const auto& f : {kDebianCertifi, kDebianCertifiCore, kDebianBotocore})
      if (!stdfs::exists(f)) TRUSTREADY_SKIP_OUTSIDE_CI(f << " not installed (python3-certifi, python3-botocore)");
    certifi_count = pem_blocks(kDebianCertifi);
    botocore_count = pem_blocks(kDebianBotocore);
    ASSERT_GT(certifi_count, 100u);
    ASSERT_GT(botocore_count, 100u);
  }
  TempDir root;
  std::size_t certifi_count = 0;
  std::size_t botocore_count = 0;
};

/// certifi's own core.py as released upstream (no Debian patch).
const char* const kUpstreamCore =
    "\"\"\"\ncertifi.py\n~~~~~~~~~~\n\nThis module returns the installation location of cacert.pem or its contents.\n"
    "\"\"\"\nimport sys\nfrom importlib.resources import as_file, files\n\n_CACERT_CTX = None\n_CACERT_PATH = None\n\n"
    "def where() -> str:\n    global _CACERT_CTX\n    global _CACERT_PATH\n    if _CACERT_PATH is None:\n"
    "        _CACERT_CTX = as_file(files(\"certifi\").joinpath(\"cacert.pem\"))\n"
    "        _CACERT_PATH = str(_CACERT_CTX.__enter__())\n    return _CACERT_PATH\n";

TEST_F(AppDiscoveryPython, VendoredBundlesInEveryUsualPlace) {
  const std::string dist = "/usr/lib/python3/dist-packages";
  const std::string local = "/usr/local/lib/python3.11/site-packages";
  const std::string user = "/home/u/.local/lib/python3.11/site-packages";
  struct Expected {
    std::string path;
    std::string source;
    std::string lib;      ///< the consumer names the library folder
    std::string version;  ///< and the Python version in its path ("3" for Debian's shared one)
  };
  const std::vector<Expected> expected = {
      {dist + "/certifi/cacert.pem", kDebianCertifi, dist, "Python 3"},
      {dist + "/pip/_vendor/certifi/cacert.pem", kDebianCertifi, dist, "Python 3"},
      {dist + "/botocore/cacert.pem", kDebianBotocore, dist, "Python 3"},
      {dist + "/awscli/botocore/cacert.pem", kDebianBotocore, dist, "Python 3"},
      {local + "/certifi/cacert.pem", kDebianCertifi, local, "Python 3.11"},
      {local + "/botocore/cacert.pem", kDebianBotocore, local, "Python 3.11"},
      {user + "/botocore/cacert.pem", kDebianBotocore, user, "Python 3.11"},
  };
  for (const auto& e : expected) copy_file(e.source, root / e.path);
  copy_file(kDebianCertifiCore, root / (dist + "/certifi/core.py"));
  write_file(root / (local + "/certifi/core.py"), kUpstreamCore);
  const auto d = discover_in(root);

  const Fingerprints certifi_fps = openssl_bundle_fingerprints(kDebianCertifi);
  ASSERT_EQ(certifi_fps.size(), certifi_count);
  for (const auto& e : expected) {
    SCOPED_TRACE(e.path);
    const Store* s = with_path(d, e.path);
    ASSERT_NE(s, nullptr);
    EXPECT_FALSE(s->error) << *s->error;
    EXPECT_TRUE(s->problems.empty()) << joined(s->problems);
    EXPECT_EQ(s->location.id, "python:" + e.path);
    EXPECT_EQ(s->location.kind, StoreKind::Bundle);
    EXPECT_EQ(s->location.verifier, Verifier::OpenSsl);
    EXPECT_EQ(s->location.found_by, "Python packages");
    EXPECT_EQ(s->resolved_path, e.path);
    EXPECT_EQ(s->certificates.size(), pem_blocks(root / e.path));
    EXPECT_EQ(s->certificates.size(), e.source == kDebianCertifi ? certifi_count : botocore_count);
    EXPECT_TRUE(any_contains(s->location.consumers, {e.version, e.lib})) << joined(s->location.consumers);
    if (e.source == kDebianCertifi) {
      EXPECT_EQ(fingerprints(*s), certifi_fps);
    }
  }

  // Debian's core.py returns the system bundle; upstream's returns the file beside it.
  const Store* debian = with_path(d, dist + "/certifi/cacert.pem");
  ASSERT_NE(debian, nullptr);
  EXPECT_TRUE(any_contains(debian->notes, {"patched (Debian)"})) << joined(debian->notes);
  const Store* upstream = with_path(d, local + "/certifi/cacert.pem");
  ASSERT_NE(upstream, nullptr);
  EXPECT_FALSE(any_contains(upstream->notes, {"patched"})) << joined(upstream->notes);

  // botocore beside certifi is only the fallback; without certifi it is what botocore reads.
  for (const auto& lib : {dist, local}) {
    const Store* b = with_path(d, lib + "/botocore/cacert.pem");
    ASSERT_NE(b, nullptr);
    EXPECT_TRUE(any_contains(b->notes, {"botocore uses certifi"})) << lib << "\n" << joined(b->notes);
  }
  const Store* alone = with_path(d, user + "/botocore/cacert.pem");
  ASSERT_NE(alone, nullptr);
  EXPECT_FALSE(any_contains(alone->notes, {"certifi"})) << joined(alone->notes);
  // aws-cli v2's own botocore is not "botocore/cacert.pem" of that library.
  const Store* awscli = with_path(d, dist + "/awscli/botocore/cacert.pem");
  ASSERT_NE(awscli, nullptr);
  EXPECT_FALSE(any_contains(awscli->notes, {"botocore uses certifi"})) << joined(awscli->notes);

  EXPECT_EQ(d.inventory.homes, std::vector<std::string>{"/home/u"});
}

TEST_F(AppDiscoveryPython, VenvIsFoundOnlyUnderAGivenPath) {
  const std::string venv = "/opt/service/venv/lib/python3.12/site-packages/certifi/cacert.pem";
  copy_file(kDebianCertifi, root / venv);
  EXPECT_FALSE(has_path(discover_in(root), venv));
  DiscoveryOptions o;
  o.search_paths = {"/opt/service"};
  const auto d = discover_in(root, o);
  const Store* s = with_path(d, venv);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->certificates.size(), certifi_count);
  EXPECT_TRUE(any_contains(s->location.consumers, {"Python 3.12"})) << joined(s->location.consumers);
}

TEST_F(AppDiscoveryPython, EnvironmentVariablesNameBundlesEvenWhenMissing) {
  write_bundle(root / "etc/corp/ca.pem", {kAmazon1, kIsrgX1});
  write_bundle(root / "etc/curl/bundle.pem", {kStarfield});
  DiscoveryOptions o;
  o.environment["REQUESTS_CA_BUNDLE"] = "/etc/corp/ca.pem";
  o.environment["CURL_CA_BUNDLE"] = "/etc/curl/bundle.pem";
  o.environment["AWS_CA_BUNDLE"] = "/etc/aws/missing.pem";
  const auto d = discover_in(root, o);

  const Store* req = with_path(d, "/etc/corp/ca.pem");
  ASSERT_NE(req, nullptr);
  EXPECT_FALSE(req->error) << *req->error;
  EXPECT_EQ(req->location.kind, StoreKind::Bundle);
  EXPECT_EQ(req->location.found_by, "REQUESTS_CA_BUNDLE");
  EXPECT_EQ(fingerprints(*req), openssl_fingerprints({kAmazon1, kIsrgX1}));

  const Store* curl = with_path(d, "/etc/curl/bundle.pem");
  ASSERT_NE(curl, nullptr);
  EXPECT_EQ(curl->location.found_by, "CURL_CA_BUNDLE");
  EXPECT_EQ(fingerprints(*curl), openssl_fingerprints({kStarfield}));

  // The bundle helper agrees with `openssl x509 -fingerprint` on the files it splits.
  EXPECT_EQ(openssl_bundle_fingerprints(root / "etc/corp/ca.pem"), openssl_fingerprints({kAmazon1, kIsrgX1}));

  const Store* aws = with_path(d, "/etc/aws/missing.pem");
  ASSERT_NE(aws, nullptr);
  EXPECT_EQ(aws->location.found_by, "AWS_CA_BUNDLE");
  ASSERT_TRUE(aws->error);
  EXPECT_TRUE(contains(*aws->error, "/etc/aws/missing.pem")) << *aws->error;
  EXPECT_TRUE(aws->certificates.empty());
}

TEST_F(AppDiscoveryPython, TwoVariablesNamingOneFileAreOneStoreWithBothConsumers) {
  write_bundle(root / "etc/corp/ca.pem", {kAmazon1});
  DiscoveryOptions o;
  o.environment["REQUESTS_CA_BUNDLE"] = "/etc/corp/ca.pem";
  o.environment["AWS_CA_BUNDLE"] = "/etc/corp/ca.pem";
  const auto d = discover_in(root, o);
  const Store* s = with_path(d, "/etc/corp/ca.pem");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->location.consumers.size(), 2u) << joined(s->location.consumers);
  EXPECT_EQ(fingerprints(*s), openssl_fingerprints({kAmazon1}));
}

TEST_F(AppDiscoveryPython, AwsConfigCaBundleIsListedForItsProfile) {
  const std::string config =
      "[default]\n"                          // 1
      "region = eu-west-1\n"                 // 2
      "ca_bundle = ~/certs/corp.pem\n"       // 3
      "\n"                                   // 4
      "[profile prod]\n"                     // 5
      "s3 =\n"                               // 6
      "  max_concurrent_requests = 4\n"      // 7
      "ca_bundle = /etc/prod/missing.pem\n"; // 8
  write_file(root / "home/u/.aws/config", config);
  write_bundle(root / "home/u/certs/corp.pem", {kAmazon1, kStarfield});
  const auto d = discover_in(root);

  const Store* s = with_path(d, "/home/u/certs/corp.pem");
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->error) << *s->error;
  EXPECT_EQ(s->location.kind, StoreKind::Bundle);
  EXPECT_TRUE(any_contains(s->location.consumers, {"'default'"})) << joined(s->location.consumers);
  EXPECT_TRUE(contains(s->location.found_by, "/home/u/.aws/config")) << s->location.found_by;
  EXPECT_TRUE(contains(s->location.found_by, "line 3")) << s->location.found_by;
  EXPECT_EQ(fingerprints(*s), openssl_fingerprints({kAmazon1, kStarfield}));

  const Store* prod = with_path(d, "/etc/prod/missing.pem");
  ASSERT_NE(prod, nullptr);
  ASSERT_TRUE(prod->error);
  EXPECT_TRUE(contains(*prod->error, "/etc/prod/missing.pem")) << *prod->error;
  EXPECT_TRUE(any_contains(prod->location.consumers, {"'prod'"})) << joined(prod->location.consumers);
  EXPECT_TRUE(contains(prod->location.found_by, "line 8")) << prod->location.found_by;
}

TEST_F(AppDiscoveryPython, AwsConfigThatDoesNotParseIsAnErrorAndTheRestIsStillFound) {
  write_file(root / "home/v/.aws/config", "[default]\nregion = us-east-1\nthis line is not ini\n");
  write_file(root / "home/u/.aws/config", "[profile ok]\nca_bundle = /etc/ok.pem\n");
  write_bundle(root / "etc/ok.pem", {kIsrgX1});
  copy_file(kDebianCertifi, root / "usr/lib/python3/dist-packages/certifi/cacert.pem");
  const auto d = discover_in(root);

  const Store* bad = with_path(d, "/home/v/.aws/config");
  ASSERT_NE(bad, nullptr);
  ASSERT_TRUE(bad->error);
  EXPECT_TRUE(contains(*bad->error, "/home/v/.aws/config")) << *bad->error;
  EXPECT_TRUE(contains(*bad->error, "line 3")) << *bad->error;
  EXPECT_TRUE(bad->certificates.empty());

  const Store* ok = with_path(d, "/etc/ok.pem");
  ASSERT_NE(ok, nullptr);
  EXPECT_FALSE(ok->error) << *ok->error;
  EXPECT_EQ(fingerprints(*ok), openssl_fingerprints({kIsrgX1}));
  const Store* certifi = with_path(d, "/usr/lib/python3/dist-packages/certifi/cacert.pem");
  ASSERT_NE(certifi, nullptr);
  EXPECT_EQ(certifi->certificates.size(), certifi_count);
}

TEST_F(AppDiscoveryPython, AwsConfigFileVariableIsRead) {
  write_file(root / "etc/aws.conf", "[profile ci]\nca_bundle = /etc/ci.pem\n");
  write_bundle(root / "etc/ci.pem", {kIsrgX2});
  DiscoveryOptions o;
  o.environment["AWS_CONFIG_FILE"] = "/etc/aws.conf";
  const auto d = discover_in(root, o);
  const Store* s = with_path(d, "/etc/ci.pem");
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(any_contains(s->location.consumers, {"'ci'"})) << joined(s->location.consumers);
  EXPECT_TRUE(contains(s->location.found_by, "/etc/aws.conf line 2")) << s->location.found_by;
  EXPECT_EQ(fingerprints(*s), openssl_fingerprints({kIsrgX2}));
}

// A config named by AWS_CONFIG_FILE is not under a home, so "~/" has no home to expand
// against: "~/ca.pem" must not become "/ca.pem", a file the AWS CLI never reads.
TEST_F(AppDiscoveryPython, TildeInAConfigNamedByAwsConfigFileIsNotTheRootFolder) {
  write_file(root / "etc/aws.conf", "[default]\nca_bundle = ~/ca.pem\n");
  write_bundle(root / "ca.pem", {kIsrgX2});
  DiscoveryOptions o;
  o.environment["AWS_CONFIG_FILE"] = "/etc/aws.conf";
  const auto d = discover_in(root, o);
  EXPECT_FALSE(has_path(d, "/ca.pem")) << describe(d);
}

TEST_F(AppDiscoveryPython, RelativeAwsCaBundleIsAnErrorNamingTheLine) {
  write_file(root / "home/u/.aws/config", "[default]\n\nca_bundle = certs/ca.pem\n");
  const auto d = discover_in(root);
  const Store* s = with_path(d, "certs/ca.pem");
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->error);
  EXPECT_TRUE(contains(*s->error, "line 3")) << *s->error;
  EXPECT_TRUE(contains(*s->error, "relative")) << *s->error;
}

// ---------------------------------------------------------------- NSS (real certutil)

class AppDiscoveryNss : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("certutil");
    TRUSTREADY_REQUIRE_TOOL("openssl");
  }
  /// A database made by certutil at ROOT/dir: Amazon Root CA 1 ("C,,"), ISRG Root X1
  /// ("CT,C,C"), the ISRG Root X2 cross-certificate (",,": kept, not an anchor) and DST
  /// Root CA X3 ("p,p,p": distrusted).
  void make_db(const std::string& dir) {
    const std::string db = "sql:" + (root / dir);
    make_dirs(root / dir);
    auto ok = [](const testing::CommandResult& r) { EXPECT_EQ(r.exit_code, 0) << r.out << r.err; };
    ok(run("certutil -N -d " + quote(db) + " --empty-password"));
    for (const auto& [nick, trust, cert] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"Amazon Root CA 1", "C,,", kAmazon1},
             {"ISRG Root X1", "CT,C,C", kIsrgX1},
             {"ISRG Root X2 (cross-signed)", ",,", kIsrgX2CrossX1},
             {"DST Root CA X3", "p,p,p", kDstX3}})
      ok(run("certutil -A -d " + quote(db) + " -n " + quote(nick) + " -t " + quote(trust) + " -i " +
             quote(real_cert(cert))));
  }
  /// Fingerprint of the certificate certutil exports under `nick`, computed by openssl.
  std::string certutil_fingerprint(const std::string& dir, const std::string& nick) {
    const auto r = run("certutil -L -d " + quote("sql:" + (root / dir)) + " -n " + quote(nick) +
                       " -a | openssl x509 -noout -fingerprint -sha256");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string hex;
    for (char c : r.out.substr(r.out.find('=') + 1))
      if (std::isxdigit(static_cast<unsigned char>(c))) hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(hex.size(), 64u) << r.out;
    return hex;
  }
  void expect_db(const Discovery& d, const std::string& dir, const std::string& consumer_part) {
    SCOPED_TRACE(dir);
    const Store* s = with_path(d, dir);
    ASSERT_NE(s, nullptr);
    EXPECT_FALSE(s->error) << *s->error;
    EXPECT_TRUE(s->problems.empty()) << joined(s->problems);
    EXPECT_EQ(s->location.id, "nss:" + dir);
    EXPECT_EQ(s->location.kind, StoreKind::NssDb);
    EXPECT_EQ(s->location.verifier, Verifier::Nss);
    EXPECT_EQ(s->location.also_trusts, stores::StoreRef::nss_builtins());
    EXPECT_TRUE(any_contains(s->location.consumers, {consumer_part})) << joined(s->location.consumers);
    EXPECT_EQ(fingerprints(*s), (Fingerprints{certutil_fingerprint(dir, "Amazon Root CA 1"),
                                              certutil_fingerprint(dir, "ISRG Root X1")}));
    EXPECT_EQ(distrusted_fingerprints(*s), Fingerprints{certutil_fingerprint(dir, "DST Root CA X3")});
    // The same, from the data files the database was filled from.
    EXPECT_EQ(fingerprints(*s), openssl_fingerprints({kAmazon1, kIsrgX1}));
    EXPECT_EQ(distrusted_fingerprints(*s), openssl_fingerprints({kDstX3}));
    EXPECT_TRUE(any_contains(s->notes, {"1 certificates without TLS trust flags"})) << joined(s->notes);
  }
  TempDir root;
};

TEST_F(AppDiscoveryNss, UserDatabaseAndFirefoxProfileHoldOnlyTheirTrustedCas) {
  const std::string pki = "/home/u/.pki/nssdb";
  const std::string firefox = "/home/u/.mozilla/firefox/abc.default";
  ASSERT_NO_FATAL_FAILURE(make_db(pki));
  ASSERT_NO_FATAL_FAILURE(make_db(firefox));
  write_file(root / (firefox + "/prefs.js"), "user_pref(\"browser.startup.page\", 3);\n");
  const auto before_pki = snapshot(root / pki);
  const auto before_firefox = snapshot(root / firefox);
  ASSERT_TRUE(before_pki.count("cert9.db"));

  const auto d = discover_in(root);
  expect_db(d, pki, "/home/u");
  expect_db(d, firefox, "Firefox");
  const Store* ff = with_path(d, firefox);
  ASSERT_NE(ff, nullptr);
  EXPECT_TRUE(any_contains(ff->location.consumers, {firefox})) << joined(ff->location.consumers);

  // Reading never writes to the databases under the root (certutil works on a copy).
  EXPECT_EQ(snapshot(root / pki), before_pki);
  EXPECT_EQ(snapshot(root / firefox), before_firefox);
}

// The cross-certificate shares its subject (and key) with Amazon Root CA 1, as a cached
// intermediate often does with a root in a browser profile. NSS keeps its trust per
// certificate: only the "C,," root is an anchor, the ",," cross-certificate is not.
// (`certutil -L -n NICK -a` prints every certificate with the nickname's subject.)
TEST_F(AppDiscoveryNss, UntrustedCertificateSharingASubjectWithATrustedRootIsNoAnchor) {
  const std::string dir = "/home/u/.pki/nssdb";
  make_dirs(root / dir);
  const std::string db = "sql:" + (root / dir);
  ASSERT_EQ(run("certutil -N -d " + quote(db) + " --empty-password").exit_code, 0);
  ASSERT_EQ(run("certutil -A -d " + quote(db) + " -n root -t C,, -i " + quote(real_cert(kAmazon1))).exit_code, 0);
  ASSERT_EQ(run("certutil -A -d " + quote(db) + " -n cross -t ,, -i " + quote(real_cert(kAmazon1CrossSfsG2))).exit_code,
            0);
  const auto d = discover_in(root);
  const Store* s = with_path(d, dir);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(fingerprints(*s), openssl_fingerprints({kAmazon1}));
}

TEST_F(AppDiscoveryNss, LegacyCert8OnlyDatabaseIsAnErrorSayingSo) {
  const std::string dir = "/home/u/.mozilla/firefox/old.default";
  write_file(root / (dir + "/cert8.db"), std::string("\x00\x06\x15\x61", 4) + std::string(1020, '\0'));
  write_file(root / (dir + "/key3.db"), std::string(1024, '\0'));
  const auto d = discover_in(root);
  const Store* s = with_path(d, dir);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->location.kind, StoreKind::NssDb);
  ASSERT_TRUE(s->error);
  EXPECT_TRUE(contains(*s->error, "legacy")) << *s->error;
  EXPECT_TRUE(contains(*s->error, dir)) << *s->error;
}

TEST_F(AppDiscoveryNss, P11KitAsTheBuiltinsModuleMakesDatabasesTrustTheSystemStore) {
  ASSERT_NO_FATAL_FAILURE(make_db("/home/u/.pki/nssdb"));
  // Debian's p11-kit-modules: libnssckbi.so is an alternative pointing at p11-kit-trust.so.
  write_file(root / "usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-trust.so", "\x7f" "ELF");
  symlink("/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-trust.so", root / "etc/alternatives/libnssckbi.so-x86_64-linux-gnu");
  symlink("/etc/alternatives/libnssckbi.so-x86_64-linux-gnu", root / "usr/lib/x86_64-linux-gnu/libnssckbi.so");
  const auto d = discover_in(root);
  const Store* s = with_path(d, "/home/u/.pki/nssdb");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->location.also_trusts, stores::StoreRef::system_bundle());
  for (const auto& st : d.stores) EXPECT_NE(st.location.id, "nss-builtins") << describe(d);
}

TEST_F(AppDiscoveryNss, BuiltinRootsLibraryUnderTheRootIsTheNssBuiltinsStore) {
  const std::string real = "/usr/lib/x86_64-linux-gnu/libnssckbi.so";
  if (!stdfs::is_regular_file(real)) TRUSTREADY_SKIP_OUTSIDE_CI(real << " not installed (libnss3)");
  copy_file(real, root / real);
  ASSERT_NO_FATAL_FAILURE(make_db("/home/u/.pki/nssdb"));
  const auto d = discover_in(root);
  const Store* b = with_id(d, "nss-builtins");
  ASSERT_NE(b, nullptr);
  EXPECT_FALSE(b->error) << *b->error;
  EXPECT_EQ(b->location.path, real);
  EXPECT_EQ(b->location.kind, StoreKind::ProgramRoots);
  EXPECT_EQ(b->location.verifier, Verifier::Nss);
  EXPECT_GT(b->certificates.size(), 100u);
  EXPECT_TRUE(fingerprints(*b).count(openssl_sha256(real_cert(kAmazon1))));
  const Store* db = with_path(d, "/home/u/.pki/nssdb");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->location.also_trusts, stores::StoreRef::nss_builtins());
}

// Host, read only: NSS's own built-in roots module on this machine.
TEST(AppDiscoveryHost, LibNssCkbiHoldsMoreThanAHundredRootsIncludingAmazonRootCa1) {
  const std::string lib = "/usr/lib/x86_64-linux-gnu/libnssckbi.so";
  if (!stdfs::exists(lib)) TRUSTREADY_SKIP_OUTSIDE_CI(lib << " not installed (libnss3)");
  auto host = fs::RootFs::open("/");
  ASSERT_TRUE(host) << host.error();
  auto real = host->resolve(lib);
  ASSERT_TRUE(real) << real.error();
  if (contains(real->path, "p11-kit")) TRUSTREADY_SKIP_OUTSIDE_CI(lib << " is p11-kit-trust here, not NSS's built-in roots");
  stores::StoreLocation loc = stores::trust_location("nss-builtins", StoreKind::ProgramRoots,
                                                     stores::StoreOrigin::NssBuiltins, lib, {"NSS built-in roots"},
                                                     "libnssckbi.so");
  loc.verifier = Verifier::Nss;
  const Store s = stores::read_store(*host, loc);
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_GT(s.certificates.size(), 100u);
  std::string amazon;
  for (const auto& r : testing::recorded_roots())
    if (r.name == "Amazon Root CA 1") amazon = r.sha256;
  ASSERT_EQ(amazon.size(), 64u) << "Amazon Root CA 1 not in tests/data/roots.tsv";
  EXPECT_TRUE(fingerprints(s).count(amazon));
  // Each certificate once (the module holds each root once).
  const auto fps = fingerprints(s);
  EXPECT_EQ(std::set<std::string>(fps.begin(), fps.end()).size(), fps.size());
}

// Host, read only: NSS itself (certutil with the module loaded into a scratch database)
// says which built-in roots are trusted for TLS ("C" in the SSL field); the others are
// there for e-mail only (",C,") or explicitly distrusted ("p,p,p") and are no TLS anchors.
TEST(AppDiscoveryHost, LibNssCkbiStoreHoldsOnlyTheRootsNssTrustsForTls) {
  const std::string lib = "/usr/lib/x86_64-linux-gnu/libnssckbi.so";
  if (!stdfs::exists(lib)) TRUSTREADY_SKIP_OUTSIDE_CI(lib << " not installed (libnss3)");
  TRUSTREADY_REQUIRE_TOOL("certutil");
  TRUSTREADY_REQUIRE_TOOL("modutil");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  auto host = fs::RootFs::open("/");
  ASSERT_TRUE(host) << host.error();
  auto real = host->resolve(lib);
  ASSERT_TRUE(real) << real.error();
  if (contains(real->path, "p11-kit")) TRUSTREADY_SKIP_OUTSIDE_CI(lib << " is p11-kit-trust here, not NSS's built-in roots");

  TempDir work;
  const std::string db = quote("sql:" + work.path());
  ASSERT_EQ(run("certutil -N -d " + db + " --empty-password").exit_code, 0);
  const auto added = run("modutil -dbdir " + db + " -add Builtins -libfile " + quote(lib) + " -force");
  ASSERT_EQ(added.exit_code, 0) << added.out << added.err;
  const auto listing = run("certutil -L -d " + db + " -h all");
  ASSERT_EQ(listing.exit_code, 0) << listing.err;
  std::size_t tls = 0;
  std::vector<std::string> not_tls;  // nicknames
  std::istringstream lines(listing.out);
  std::string line;
  while (std::getline(lines, line)) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    const auto split = line.find_last_of(' ');
    if (split == std::string::npos || !line.starts_with("Builtin Object Token:")) continue;
    const std::string flags = line.substr(split + 1);
    if (std::count(flags.begin(), flags.end(), ',') != 2) continue;
    std::string nick = line.substr(0, split);
    while (!nick.empty() && nick.back() == ' ') nick.pop_back();
    if (flags.substr(0, flags.find(',')).find('C') != std::string::npos) ++tls;
    else not_tls.push_back(nick);
  }
  ASSERT_GT(tls, 100u) << listing.out;
  std::string pems;
  for (const auto& nick : not_tls) pems += run("certutil -L -d " + db + " -n " + quote(nick) + " -a").out;
  write_file(work / "not-tls.pem", pems);
  const Fingerprints excluded = openssl_bundle_fingerprints(work / "not-tls.pem");
  ASSERT_EQ(excluded.size(), not_tls.size());

  stores::StoreLocation loc = stores::trust_location("nss-builtins", StoreKind::ProgramRoots,
                                                     stores::StoreOrigin::NssBuiltins, lib, {"NSS built-in roots"},
                                                     "libnssckbi.so");
  loc.verifier = Verifier::Nss;
  const Store s = stores::read_store(*host, loc);
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(s.certificates.size(), tls);
  const auto got = fingerprints(s);
  std::string leaked;
  for (const auto& fp : excluded)
    if (got.count(fp)) leaked += fp + "\n";
  EXPECT_TRUE(leaked.empty()) << "listed as anchors, but not trusted by NSS for TLS (of " << not_tls.size()
                              << ": " << joined(not_tls) << "):\n" << leaked;
}

// ---------------------------------------------------------------- node

/// The PEM text of a data/certs file, one string per line.
std::vector<std::string> pem_lines(const std::string& file) {
  std::vector<std::string> out;
  std::istringstream in(testing::read_file(real_cert(file)));
  std::string line;
  bool on = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line == "-----BEGIN CERTIFICATE-----") on = true;
    if (on) out.push_back(line);
    if (line == "-----END CERTIFICATE-----") on = false;
  }
  return out;
}

/// Compiles with the real cc a program keeping `certs` as node does (src/node_root_certs.h):
/// one C string per root, "...\n" per line, the last without a newline, in a const array.
testing::CommandResult compile_node_like(const TempDir& work, const std::vector<std::string>& certs,
                                         const std::string& out) {
  std::string src = "#include <stdio.h>\nstatic const char* const root_certs[] = {\n";
  for (const auto& f : certs) {
    const auto lines = pem_lines(f);
    src += "/* " + f + " */\n";
    for (std::size_t i = 0; i < lines.size(); ++i)
      src += "\"" + lines[i] + (i + 1 < lines.size() ? "\\n\"\n" : "\",\n");
    src += "\n";
  }
  src += "};\nint main(int argc, char** argv) {\n  (void)argv;\n  puts(root_certs[(unsigned)argc % " +
         std::to_string(certs.size()) + "u]);\n  return 0;\n}\n";
  write_file(work / "node_like.c", src);
  make_dirs(stdfs::path(out).parent_path().string());
  return run("cc -O2 -o " + quote(out) + " " + quote(work / "node_like.c"));
}

class AppDiscoveryNode : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("cc");
    TRUSTREADY_REQUIRE_TOOL("openssl");
  }
  TempDir root;
  TempDir work;
};

TEST_F(AppDiscoveryNode, RootTableCompiledIntoTheBinaryIsReadWithoutRunningIt) {
  const std::vector<std::string> certs = {kAmazon1, kIsrgX1, kIsrgX2, kStarfield};
  const auto cc = compile_node_like(work, certs, root / "usr/bin/node");
  ASSERT_EQ(cc.exit_code, 0) << cc.out << cc.err;
  // The program really is a program holding the PEM strings (it prints one when run here).
  const auto ran = run(quote(root / "usr/bin/node"));
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  ASSERT_TRUE(contains(ran.out, "-----BEGIN CERTIFICATE-----")) << ran.out;

  const auto d = discover_in(root);
  const Store* s = with_path(d, "/usr/bin/node");
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->error) << *s->error;
  EXPECT_TRUE(s->problems.empty()) << joined(s->problems);
  EXPECT_EQ(s->location.id, "node:/usr/bin/node");
  EXPECT_EQ(s->location.kind, StoreKind::ProgramRoots);
  EXPECT_EQ(s->location.verifier, Verifier::OpenSsl);
  EXPECT_FALSE(s->location.also_trusts) << to_string(s->location.also_trusts);
  EXPECT_EQ(fingerprints(*s), openssl_fingerprints(certs));
  EXPECT_EQ(s->certificates.size(), certs.size());
}

TEST_F(AppDiscoveryNode, NvmNodeUnderAHomeIsFoundAndExtraCaCertsIsWhatItAlsoTrusts) {
  const std::vector<std::string> certs = {kAmazon1, kStarfield};
  const std::string nvm = "/home/u/.nvm/versions/node/v20.11.1/bin/node";
  const auto cc = compile_node_like(work, certs, root / nvm);
  ASSERT_EQ(cc.exit_code, 0) << cc.out << cc.err;
  write_bundle(root / "etc/corp/extra.pem", {kIsrgX2});
  DiscoveryOptions o;
  o.environment["NODE_EXTRA_CA_CERTS"] = "/etc/corp/extra.pem";
  const auto d = discover_in(root, o);

  const Store* s = with_path(d, nvm);
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->error) << *s->error;
  EXPECT_EQ(s->location.also_trusts, stores::StoreRef::file("/etc/corp/extra.pem"));
  EXPECT_EQ(fingerprints(*s), openssl_fingerprints(certs));
  const Store* extra = with_path(d, "/etc/corp/extra.pem");
  ASSERT_NE(extra, nullptr);
  EXPECT_EQ(extra->location.found_by, "NODE_EXTRA_CA_CERTS");
  EXPECT_EQ(fingerprints(*extra), openssl_fingerprints({kIsrgX2}));
}

TEST_F(AppDiscoveryNode, NodeWithoutATableUnderARootIsAnErrorAndIsNeverRun) {
  const std::string marker = work / "node-was-run";
  write_file(root / "usr/local/bin/node", "#!/bin/sh\ntouch " + quote(marker) + "\necho '-----BEGIN'\n");
  stdfs::permissions(root / "usr/local/bin/node", stdfs::perms::owner_all);
  const auto d = discover_in(root);
  const Store* s = with_path(d, "/usr/local/bin/node");
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->error);
  EXPECT_TRUE(contains(*s->error, "never run")) << *s->error;
  EXPECT_TRUE(s->certificates.empty());
  EXPECT_FALSE(stdfs::exists(marker)) << "a program under --root was run";
}

// ReadOptions::run_programs is "only on this host, never under --root": the reader keeps
// that rule itself, whatever a caller sets.
TEST_F(AppDiscoveryNode, ProgramUnderARootIsNeverRunEvenWhenRunningProgramsIsAllowed) {
  const std::string marker = work / "node-was-run";
  write_file(root / "usr/local/bin/node", "#!/bin/sh\ntouch " + quote(marker) + "\n");
  stdfs::permissions(root / "usr/local/bin/node", stdfs::perms::owner_all);
  DiscoveryOptions o;
  o.read.run_programs = true;
  const auto d = discover_in(root, o);
  const Store* s = with_path(d, "/usr/local/bin/node");
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(s->error);
  EXPECT_FALSE(stdfs::exists(marker)) << "a program under --root was run";
}

// Host, read only: the real node's roots, as node itself prints them.
TEST(AppDiscoveryHost, NodeBinaryRootsAreExactlyWhatNodePrints) {
  const std::string node = "/usr/bin/node";
  if (!stdfs::is_regular_file(node)) TRUSTREADY_SKIP_OUTSIDE_CI(node << " not installed (nodejs)");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir work;
  const auto printed = run(quote(node) + " -p \"tls.rootCertificates.join('\\n')\" > " + quote(work / "node.pem"));
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  const Fingerprints expected = openssl_bundle_fingerprints(work / "node.pem");
  ASSERT_GT(expected.size(), 100u);
  ASSERT_EQ(expected.size(), pem_blocks(work / "node.pem"));

  auto host = fs::RootFs::open("/");
  ASSERT_TRUE(host) << host.error();
  const auto loc = stores::trust_location("node:" + node, StoreKind::ProgramRoots, stores::StoreOrigin::Node, node,
                                          {"Node.js"}, "node binary");
  stores::ReadOptions no_run;
  no_run.run_programs = false;  // the table in the file, not node's answer
  const Store s = stores::read_store(*host, loc, no_run);
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_TRUE(s.problems.empty()) << joined(s.problems);
  EXPECT_EQ(fingerprints(s), expected);
}

// ---------------------------------------------------------------- switches and limits

TEST_F(AppDiscoveryNode, ApplicationsOffListsNoApplicationStore) {
  TRUSTREADY_REQUIRE_TOOL("certutil");
  ASSERT_EQ(compile_node_like(work, {kAmazon1}, root / "usr/bin/node").exit_code, 0);
  write_bundle(root / "usr/lib/python3/dist-packages/certifi/cacert.pem", {kAmazon1, kIsrgX1});
  write_file(root / "usr/lib/jvm/jdk/bin/java", "");
  write_file(root / "usr/lib/jvm/jdk/lib/security/cacerts", "not read");
  make_dirs(root / "home/u/.pki/nssdb");
  ASSERT_EQ(run("certutil -N -d " + quote("sql:" + (root / "home/u/.pki/nssdb")) + " --empty-password").exit_code, 0);
  write_file(root / "home/u/.aws/config", "[default]\nca_bundle = /etc/aws.pem\n");
  write_bundle(root / "etc/ssl/certs/ca-certificates.crt", {kAmazon1});  // a system store, still listed
  DiscoveryOptions o;
  o.environment["REQUESTS_CA_BUNDLE"] = "/etc/req.pem";
  o.environment["JAVA_TOOL_OPTIONS"] = "-Djavax.net.ssl.trustStore=/x.jks";
  o.search_paths = {"/usr"};

  const auto all = discover_in(root, o);
  std::size_t apps_when_on = 0;
  for (const auto& s : all.stores) apps_when_on += stores::is_system_location(s.location) ? 0 : 1;
  EXPECT_GE(apps_when_on, 7u) << describe(all);  // node, certifi, JDK, NSS, AWS, two variables

  o.applications = false;
  const auto d = discover_in(root, o);
  for (const auto& s : d.stores)
    EXPECT_TRUE(stores::is_system_location(s.location)) << s.location.id << "\n" << describe(d);
  EXPECT_TRUE(has_path(d, "/etc/ssl/certs/ca-certificates.crt")) << describe(d);
  EXPECT_TRUE(d.inventory.python_libs.empty());
  EXPECT_TRUE(d.inventory.node_binaries.empty());
  EXPECT_TRUE(d.inventory.nss_dbs.empty());
}

TEST(AppDiscoveryLimits, PathWalkStopsAtTheDepthLimitWithAProblem) {
  TempDir root;
  // A venv 3 levels down is found; one 20 levels down is past the walk's depth limit.
  write_file(root / "srv/a/b/venv/lib/python3.11/site-packages/certifi/cacert.pem",
             testing::read_file(real_cert(kAmazon1)));
  std::string deep = "srv";
  for (int i = 0; i < 20; ++i) deep += "/d" + std::to_string(i);
  write_file(root / (deep + "/lib/python3.11/site-packages/certifi/cacert.pem"), testing::read_file(real_cert(kIsrgX1)));
  DiscoveryOptions o;
  o.search_paths = {"/srv"};
  const auto d = discover_in(root, o);
  EXPECT_TRUE(has_path(d, "/srv/a/b/venv/lib/python3.11/site-packages/certifi/cacert.pem")) << describe(d);
  EXPECT_FALSE(has_path(d, "/" + deep + "/lib/python3.11/site-packages/certifi/cacert.pem")) << describe(d);
  EXPECT_TRUE(any_contains(d.inventory.problems, {"/srv/d0/", "levels"})) << joined(d.inventory.problems);
}

/// A scratch folder on tmpfs (/dev/shm) when there is one: 200000 files are made and
/// removed there in about a second, where a disk file system can take 20 s.
class ScratchDir {
 public:
  ScratchDir() {
    std::string templ = (stdfs::is_directory("/dev/shm") ? std::string("/dev/shm") : fallback_.path()) +
                        "/trustready-walk-XXXXXX";
    if (::mkdtemp(templ.data())) path_ = templ;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) stdfs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  TempDir fallback_;
  std::string path_;
};

TEST(AppDiscoveryLimits, PathWalkStopsAtTheEntryLimitWithAProblem) {
  ScratchDir root;
  ASSERT_FALSE(root.path().empty());
  // More entries than any walk reads (200000, inventory.cpp's kMaxWalkEntries; the
  // number here only needs to be larger), made with open(2), no tool per file, and a
  // venv beyond them that a walk which stopped does not reach.
  constexpr int kFiles = 200100;
  make_dirs(root.path() + "/srv/a-big");
  write_file(root.path() + "/srv/z-app/venv/lib/python3.11/site-packages/certifi/cacert.pem",
             testing::read_file(real_cert(kAmazon1)));
  const int dirfd = ::open((root.path() + "/srv/a-big").c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(dirfd, 0);
  char name[32];
  for (int i = 0; i < kFiles; ++i) {
    std::snprintf(name, sizeof name, "f%d", i);
    const int fd = ::openat(dirfd, name, O_CREAT | O_WRONLY, 0644);
    ASSERT_GE(fd, 0) << i;
    ::close(fd);
  }
  ::close(dirfd);
  auto fs = fs::RootFs::open(root.path());
  ASSERT_TRUE(fs) << fs.error();
  DiscoveryOptions o;
  o.search_paths = {"/srv"};
  const auto d = stores::discover(*fs, o);
  EXPECT_TRUE(any_contains(d.inventory.problems, {"/srv/a-big", "stopped after"})) << joined(d.inventory.problems);
  EXPECT_EQ(d.inventory.problems.size(), 1u) << joined(d.inventory.problems);
  EXPECT_TRUE(d.inventory.python_libs.empty()) << d.inventory.python_libs.front().path;
}

TEST(AppDiscoveryLimits, MissingOrFileSearchPathIsAProblemNotAFailure) {
  TempDir root;
  write_file(root / "srv/file.txt", "x");
  DiscoveryOptions o;
  o.search_paths = {"/srv/missing", "/srv/file.txt"};
  const auto d = discover_in(root, o);
  EXPECT_TRUE(any_contains(d.inventory.problems, {"/srv/missing"})) << joined(d.inventory.problems);
  EXPECT_TRUE(any_contains(d.inventory.problems, {"/srv/file.txt"})) << joined(d.inventory.problems);
  EXPECT_EQ(d.inventory.problems.size(), 2u);
}

}  // namespace
}  // namespace trustready
