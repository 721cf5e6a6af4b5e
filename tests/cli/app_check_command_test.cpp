// `trustready check` and `trustready stores` on root trees that hold application trust
// stores next to a real Debian system store: a JDK's cacerts and a keystore made by the
// real keytool, an NSS database made by the real certutil, Python bundles, an AWS config
// naming a ca_bundle, and old AWS CLI metadata. Printed fixes are run for real against
// the files inside the tree, then the tree is checked again.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/fixtures.h"

namespace trustready {
namespace {

using nlohmann::json;
using testing::make_dirs;
using testing::quote;
using testing::read_file;
using testing::real_cert;
using testing::run;
using testing::TempDir;
using testing::write_file;

const std::vector<std::string> kAllAts = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem",
                                          "Amazon_Root_CA_4.pem",
                                          "Starfield_Services_Root_Certificate_Authority_-_G2.pem",
                                          "Starfield_Class_2_CA.pem"};
/// The five roots amazontrust.com says to put into custom trust stores (facts file,
/// section 1): what a fix adds to a store that holds none of them.
const std::vector<std::string> kRecommended = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem",
                                               "Amazon_Root_CA_4.pem",
                                               "Starfield_Services_Root_Certificate_Authority_-_G2.pem"};
const std::string kJdk = "/usr/lib/jvm/jdk17";
const std::string kJdkCacerts = kJdk + "/lib/security/cacerts";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

testing::CommandResult check(const std::string& args) {
  return run(quote(testing::binary()) + " check --no-color --at " + testing::kTestDate + " " + args);
}

json parse(const testing::CommandResult& r) {
  json j = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "stdout is not JSON:\n" << r.out << r.err;
  return j.is_discarded() ? json::object() : j;
}

/// The store entry with this path (inside the root), or null.
json store_at(const json& report, const std::string& path) {
  if (!report.contains("stores")) return nullptr;
  for (const auto& s : report.at("stores"))
    if (s.at("path") == path) return s;
  return nullptr;
}

std::string listing(const json& report) {
  std::string out;
  if (report.contains("stores"))
    for (const auto& s : report.at("stores"))
      out += s.value("verdict", "-") + " " + s.at("path").get<std::string>() + "\n";
  return out;
}

std::vector<std::string> split(const std::string& text, const std::string& sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t n = 0; n < 1000; ++n) {
    const std::size_t at = text.find(sep, start);
    out.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + sep.size();
  }
  return out;
}

/// Lowercase hex without colons, as openssl_fingerprint() gives it.
std::string hex_only(const std::string& s) {
  std::string out;
  for (char c : s)
    if (std::isxdigit(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Aliases and SHA-256 fingerprints `keytool -list` prints for a keystore.
std::map<std::string, std::string> keytool_entries(const std::string& keystore) {
  const auto r = run("keytool -list -keystore " + quote(keystore) + " -storepass changeit");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::map<std::string, std::string> out;
  std::istringstream in(r.out);
  std::string alias;
  for (std::string line; std::getline(in, line);) {
    if (contains(line, ", trustedCertEntry,")) alias = line.substr(0, line.find(','));
    else if (line.starts_with("Certificate fingerprint (SHA-256): ") && !alias.empty())
      out[alias] = hex_only(line.substr(35));
  }
  return out;
}

std::set<std::string> fingerprints_of(const std::vector<std::string>& cert_files) {
  std::set<std::string> out;
  for (const auto& f : cert_files) out.insert(testing::openssl_fingerprint(real_cert(f)));
  return out;
}

class AppCheckCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("update-ca-certificates");
    TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
    TRUSTREADY_REQUIRE_TOOL("openssl");
  }
  /// A Debian system store with the six ATS roots, built by the real update-ca-certificates.
  void debian_root() {
    const auto r = testing::make_debian_root(root(), kAllAts);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }
  std::string root() const { return dir_.path(); }
  std::string host(const std::string& in_root) const { return root() + in_root; }

  /// A JKS made by the real keytool at `in_root`, holding `certs` (data/certs names).
  void keystore(const std::string& in_root, const std::vector<std::string>& certs) {
    make_dirs(std::filesystem::path(host(in_root)).parent_path().string());
    for (const auto& c : certs) {
      const std::string alias = c.substr(0, c.rfind('.'));
      const auto r = run("keytool -importcert -noprompt -storetype JKS -keystore " + quote(host(in_root)) +
                         " -storepass changeit -alias " + quote(alias) + " -file " + quote(real_cert(c)));
      ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    }
  }
  /// An NSS database made by the real certutil at `in_root`, trusting ISRG Root X1 for
  /// TLS and nothing of the ATS migration.
  void nss_db_with_isrg_root(const std::string& in_root) {
    make_dirs(host(in_root));
    const std::string db = "sql:" + host(in_root);
    auto c = run("certutil -N -d " + quote(db) + " --empty-password");
    ASSERT_EQ(c.exit_code, 0) << c.out << c.err;
    c = run("certutil -A -d " + quote(db) + " -n 'ISRG Root X1' -t C,, -i " + quote(real_cert("ISRG_Root_X1.pem")));
    ASSERT_EQ(c.exit_code, 0) << c.out << c.err;
  }
  /// A JDK laid out as the packages install one: bin/java, release, lib/security/cacerts.
  void jdk(const std::vector<std::string>& certs) {
    write_file(host(kJdk + "/bin/java"), "#!/bin/sh\nexit 0\n");
    write_file(host(kJdk + "/release"), "JAVA_VERSION=\"17.0.9\"\nIMPLEMENTOR=\"Test\"\n");
    ASSERT_NO_FATAL_FAILURE(keystore(kJdkCacerts, certs));
  }

  /// Runs a printed fix as printed, after checking that every part of it is one this test
  /// expects and that every file it changes is inside the tree. `tools` are the commands
  /// allowed besides exporting the anchors (`trustready migrations ... --export-anchors`)
  /// to a fresh folder from mktemp, and removing that folder at the end.
  void run_fix(const std::string& fix, const std::string& tool, const std::string& target_flag) {
    ASSERT_FALSE(fix.empty());
    ASSERT_FALSE(contains(fix, "#")) << "a fix that needs a password or a manual step: " << fix;
    const auto parts = split(fix, " && ");
    ASSERT_GE(parts.size(), 4u) << fix;
    EXPECT_EQ(parts.front(), "d=$(mktemp -d)") << fix;
    EXPECT_EQ(parts.back(), "rm -r \"$d\"") << fix;
    bool exported = false;
    std::string script = "set -e\n";
    for (std::size_t i = 0; i < parts.size(); ++i) {
      std::string part = parts[i];
      // Tests run as root: a leading sudo would only ask for what we have.
      if (part.starts_with("sudo ")) part.erase(0, 5);
      if (part.starts_with("trustready migrations ")) {
        EXPECT_TRUE(part.ends_with(" --export-anchors \"$d\"")) << part;
        exported = true;
      } else if (i != 0 && i + 1 != parts.size()) {
        ASSERT_TRUE(part.starts_with(tool + " ")) << part;
        const auto flag = part.find(" " + target_flag);
        ASSERT_NE(flag, std::string::npos) << part;
        // The file or folder changed must be inside the tree, named by its host path.
        ASSERT_EQ(part.substr(flag + 1 + target_flag.size(), root().size() + 1), root() + "/") << part;
      }
      script += part + "\n";
    }
    ASSERT_TRUE(exported) << fix;
    const std::string bin_dir = std::filesystem::path(testing::binary()).parent_path().string();
    const auto r = run("PATH=" + quote(bin_dir) + ":$PATH sh -c " + quote(script));
    ASSERT_EQ(r.exit_code, 0) << fix << "\n" << r.out << r.err;
  }

  /// Every entry under the tree with its type, mode, size and link target, and the
  /// SHA-256 of every file: equal before and after means nothing was written.
  std::string tree_state() const {
    const auto r = run("cd " + quote(root()) +
                       " && find . -printf '%y %m %s %p -> %l\\n' | LC_ALL=C sort && find . -type f -exec sha256sum {} + "
                       "| LC_ALL=C sort");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  TempDir dir_;
};

// ---------------------------------------------------------------- a. a JDK's cacerts

TEST_F(AppCheckCommand, JdkCacertsWithoutTheAtsRootsIsBrokenAndItsKeytoolFixMakesItReady) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  ASSERT_NO_FATAL_FAILURE(debian_root());
  // Roots that are no part of the migration only.
  ASSERT_NO_FATAL_FAILURE(jdk({"DST_Root_CA_X3.pem", "ISRG_Root_X1.pem"}));
  const auto before_entries = keytool_entries(host(kJdkCacerts));
  ASSERT_EQ(before_entries.size(), 2u);

  auto r = check("--root " + quote(root()) + " --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  auto j = parse(r);
  EXPECT_EQ(j.value("verdict", ""), "broken");
  auto s = store_at(j, kJdkCacerts);
  ASSERT_FALSE(s.is_null()) << listing(j);
  EXPECT_EQ(s.at("verdict"), "broken");
  EXPECT_EQ(s.at("verifier"), "java");
  EXPECT_EQ(s.at("certificates"), 2);
  EXPECT_EQ(s.at("anchors_present"), json::array());
  // keytool -list says "Keystore type: JKS".
  EXPECT_EQ(s.at("format"), "JKS");
  const std::string fix = s.at("fix");
  EXPECT_TRUE(contains(fix, "keytool -importcert")) << fix;
  EXPECT_TRUE(contains(fix, "-keystore " + host(kJdkCacerts))) << fix;
  EXPECT_FALSE(contains(fix, "sudo")) << fix;  // a file in a tree, not this host's
  // The system stores are not what is broken.
  EXPECT_EQ(store_at(j, "/etc/ssl/certs/ca-certificates.crt").value("verdict", ""), "ready") << listing(j);

  ASSERT_NO_FATAL_FAILURE(run_fix(fix, "keytool -importcert", "-keystore "));

  // keytool itself now lists the two old entries and the five recommended roots, under
  // the aliases the fix named.
  const auto after_entries = keytool_entries(host(kJdkCacerts));
  EXPECT_EQ(after_entries.size(), 7u);
  std::set<std::string> added;
  for (const auto& [alias, sha] : after_entries) {
    if (before_entries.count(alias)) {
      EXPECT_EQ(before_entries.at(alias), sha) << alias;
      continue;
    }
    EXPECT_TRUE(contains(fix, "-alias " + alias + " ")) << alias << " not named in " << fix;
    added.insert(sha);
  }
  EXPECT_EQ(added, fingerprints_of(kRecommended));

  r = check("--root " + quote(root()) + " --format json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  j = parse(r);
  EXPECT_EQ(j.value("verdict", ""), "ready") << listing(j);
  s = store_at(j, kJdkCacerts);
  ASSERT_FALSE(s.is_null()) << listing(j);
  EXPECT_EQ(s.at("verdict"), "ready");
  EXPECT_EQ(s.at("certificates"), 7);
  EXPECT_EQ(s.at("fix"), "");
}

// ------------------------------------------- b. a cross-certificate: Java vs OpenSSL

// The Amazon Root CA 1 cross-certificate (issued by Starfield Services Root CA G2, not
// self-signed) has the subject and key of Amazon Root CA 1, so every server chain to
// Amazon Root CA 1 can end at it. Java (PKIX) takes any trusted certificate as an
// anchor: the keystore verifies. OpenSSL, without -partial_chain (the AWS CLI's Python
// does not set it), keeps building to a self-signed root the bundle does not hold: the
// AWS config's ca_bundle fails.
TEST_F(AppCheckCommand, CrossCertificateAloneIsReadyInAKeystoreButBrokenInAnAwsCaBundle) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  ASSERT_NO_FATAL_FAILURE(debian_root());
  const std::string cross = "amazon1_x_sfsg2.pem";
  ASSERT_NO_FATAL_FAILURE(keystore("/opt/app/truststore.jks", {cross}));
  testing::write_bundle(host("/etc/aws/ca.pem"), {cross});
  write_file(host("/root/.aws/config"),
             "[default]\nregion = eu-west-3\nca_bundle = /etc/aws/ca.pem\n\n[profile other]\nregion = us-east-1\n");

  // The real openssl on the same bundle: the cross-certificate does not end a chain...
  const std::string bundle = quote(host("/etc/aws/ca.pem"));
  auto v = run("openssl verify -no-CApath -no-CAstore -attime " + std::string(testing::kTestEpoch) + " -CAfile " + bundle + " " + quote(real_cert(cross)));
  EXPECT_NE(v.exit_code, 0) << v.out << v.err;
  EXPECT_TRUE(contains(v.out + v.err, "unable to get local issuer certificate")) << v.out << v.err;
  // ... not even with the next certificate of the legacy path supplied as untrusted ...
  v = run("openssl verify -no-CApath -no-CAstore -attime " + std::string(testing::kTestEpoch) + " -CAfile " + bundle + " -untrusted " +
          quote(real_cert("sfsg2_x_sfclass2.pem")) + " " + quote(real_cert(cross)));
  EXPECT_NE(v.exit_code, 0) << v.out << v.err;
  // ... while with partial-chain semantics (Java's) it is an anchor.
  v = run("openssl verify -no-CApath -no-CAstore -partial_chain -attime " + std::string(testing::kTestEpoch) + " -CAfile " + bundle + " " + quote(real_cert(cross)));
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  // Control: the same certificate does verify to the self-signed Starfield Class 2 CA.
  v = run("openssl verify -no-CApath -no-CAstore -attime " + std::string(testing::kTestEpoch) + " -CAfile " +
          quote(real_cert("Starfield_Class_2_CA.pem")) +
          " -untrusted " + quote(real_cert("sfsg2_x_sfclass2.pem")) + " " + quote(real_cert(cross)));
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;

  const auto r = check("--root " + quote(root()) + " --path /opt/app --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto j = parse(r);

  const auto ks = store_at(j, "/opt/app/truststore.jks");
  ASSERT_FALSE(ks.is_null()) << listing(j);
  EXPECT_EQ(ks.at("verifier"), "java");
  EXPECT_EQ(ks.at("certificates"), 1);
  EXPECT_EQ(ks.at("verdict"), "ready") << ks.dump(2);
  EXPECT_EQ(ks.at("fix"), "");

  const auto pem = store_at(j, "/etc/aws/ca.pem");
  ASSERT_FALSE(pem.is_null()) << listing(j);
  EXPECT_EQ(pem.at("verifier"), "openssl");
  EXPECT_EQ(pem.at("certificates"), 1);
  EXPECT_EQ(pem.at("verdict"), "broken") << pem.dump(2);
  EXPECT_TRUE(contains(pem.at("consumers").dump(), "default")) << pem.at("consumers");
  EXPECT_TRUE(contains(pem.at("found_by").get<std::string>(), "/root/.aws/config")) << pem.at("found_by");
  EXPECT_FALSE(pem.at("fix").get<std::string>().empty());
  EXPECT_EQ(j.value("verdict", ""), "broken");
}

// ---------------------------------------------------------------- c. an old aws-cli

TEST_F(AppCheckCommand, OldAwsCliAndBotocoreAreBrokenWithTheVersionsToUpgradeTo) {
  ASSERT_NO_FATAL_FAILURE(debian_root());
  // Cutoff versions from shared/facts/migrations-research.md section 4: aws-cli 1.7.5 and
  // botocore 0.86.0 (both tagged 2015-02-05).
  const std::string lib = "/usr/lib/python3/dist-packages";
  make_dirs(host(lib + "/awscli-1.7.4.dist-info"));
  make_dirs(host(lib + "/botocore-0.85.0.dist-info"));

  auto r = check("--root " + quote(root()) + " --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto j = parse(r);
  EXPECT_EQ(j.value("verdict", ""), "broken");
  for (const auto& s : j.at("stores")) EXPECT_EQ(s.at("verdict"), "ready") << s.at("path");  // only the SDKs are
  ASSERT_EQ(j.at("sdks").size(), 2u) << j.at("sdks").dump(2);
  std::map<std::string, json> by_name;
  for (const auto& s : j.at("sdks")) by_name[s.at("name")] = s;
  ASSERT_TRUE(by_name.count("aws-cli")) << j.at("sdks").dump(2);
  ASSERT_TRUE(by_name.count("botocore")) << j.at("sdks").dump(2);
  EXPECT_EQ(by_name["aws-cli"].at("version"), "1.7.4");
  EXPECT_EQ(by_name["aws-cli"].at("verdict"), "broken");
  EXPECT_EQ(by_name["aws-cli"].at("upgrade_to"), "1.7.5");
  EXPECT_EQ(by_name["aws-cli"].at("path"), lib + "/awscli-1.7.4.dist-info");
  EXPECT_EQ(by_name["botocore"].at("version"), "0.85.0");
  EXPECT_EQ(by_name["botocore"].at("verdict"), "broken");
  EXPECT_EQ(by_name["botocore"].at("upgrade_to"), "0.86.0");
  // Debian's own folder: the fix is Debian's package, upgraded inside the tree.
  const std::string cli_fix = by_name["aws-cli"].at("fix");
  const std::string core_fix = by_name["botocore"].at("fix");
  EXPECT_TRUE(contains(cli_fix, "apt-get install --only-upgrade awscli")) << cli_fix;
  EXPECT_TRUE(contains(core_fix, "apt-get install --only-upgrade python3-botocore")) << core_fix;
  EXPECT_TRUE(contains(cli_fix, root())) << cli_fix;

  r = check("--root " + quote(root()));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  // Each SDK's line, then the line under it naming the version to install.
  for (const auto& [sdk, fixed] : {std::pair<std::string, std::string>{"aws-cli 1.7.4", "1.7.5"},
                                   std::pair<std::string, std::string>{"botocore 0.85.0", "0.86.0"}}) {
    const auto at = r.out.find(sdk);
    ASSERT_NE(at, std::string::npos) << r.out;
    const auto next_line = r.out.find('\n', at);
    const auto end = r.out.find('\n', next_line + 1);
    EXPECT_TRUE(contains(r.out.substr(next_line, end - next_line), fixed)) << sdk << "\n" << r.out;
    const auto fix_end = r.out.find('\n', end + 1);
    EXPECT_TRUE(contains(r.out.substr(end, fix_end - end), "fix: ")) << sdk << "\n" << r.out;
  }
  EXPECT_TRUE(r.out.starts_with("trustready check")) << r.out;
  EXPECT_TRUE(contains(r.out.substr(r.out.rfind("\n", r.out.size() - 2)), "broken")) << r.out;
}

// ------------------------------------------------------ d. a stale copy of the bundle

TEST_F(AppCheckCommand, CertifiCopyOfTheSystemBundleMissingFourteenIsAStaleCopy) {
  TRUSTREADY_REQUIRE_TOOL("awk");
  const std::string mozilla = "/usr/share/ca-certificates/mozilla";
  if (run("ls " + mozilla + "/*.crt >/dev/null 2>&1").exit_code != 0) TRUSTREADY_SKIP_OUTSIDE_CI("no " << mozilla << " (ca-certificates)");
  // A system bundle the size of a real one: make_debian_root's layout with this machine's
  // whole Mozilla set, compiled by the real update-ca-certificates the same way.
  ASSERT_NO_FATAL_FAILURE(debian_root());
  ASSERT_EQ(run("cp " + mozilla + "/*.crt " + quote(host(mozilla)) + " && cd " + quote(host("/usr/share/ca-certificates")) +
                " && ls mozilla/*.crt > " + quote(host("/etc/ca-certificates.conf")))
                .exit_code,
            0);
  const std::string script = "mount --bind " + quote(host("/usr/share/ca-certificates")) +
                             " /usr/share/ca-certificates && mount --bind " +
                             quote(host("/usr/local/share/ca-certificates")) +
                             " /usr/local/share/ca-certificates && mount --bind " + quote(host("/etc/ssl/certs")) +
                             " /etc/ssl/certs && update-ca-certificates --fresh --certsconf " +
                             quote(host("/etc/ca-certificates.conf")) + " --hooksdir " +
                             quote(host("/etc/ca-certificates/update.d"));
  auto u = run("unshare --mount sh -c " + quote(script));
  ASSERT_EQ(u.exit_code, 0) << u.out << u.err;

  const std::string system = host("/etc/ssl/certs/ca-certificates.crt");
  const std::string certifi = "/opt/app/venv/lib/python3.11/site-packages/certifi/cacert.pem";
  make_dirs(std::filesystem::path(host(certifi)).parent_path().string());
  const auto count = [](const std::string& file) {
    const std::string n = run("grep -c 'BEGIN CERTIFICATE' " + quote(file)).out;
    return n.empty() ? 0 : std::stoi(n);
  };
  const int total = count(system);
  ASSERT_GE(total, 40);
  // The copy: the bundle without its last 14 certificates.
  ASSERT_EQ(run("awk -v keep=" + std::to_string(total - 14) + " '/-----BEGIN CERTIFICATE-----/{n++} n<=keep' " +
                quote(system) + " > " + quote(host(certifi)))
                .exit_code,
            0);
  ASSERT_EQ(count(host(certifi)), total - 14);
  // "Behind" counts anchors (subject and key), not certificate blocks: the 14 cut must
  // not share a subject with a certificate kept (a renewed root keeps its name and key).
  const auto subjects = [](const std::string& file) {
    const auto r = run("openssl crl2pkcs7 -nocrl -certfile " + quote(file) +
                       " | openssl pkcs7 -print_certs -noout | grep '^subject='");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::multiset<std::string> out;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) out.insert(line);
    return out;
  };
  const auto all = subjects(system), kept = subjects(host(certifi));
  ASSERT_EQ(all.size(), static_cast<std::size_t>(total));
  ASSERT_EQ(kept.size(), static_cast<std::size_t>(total - 14));
  for (const auto& subject : all) {
    if (all.count(subject) != kept.count(subject)) {
      ASSERT_EQ(kept.count(subject), 0u) << subject;
    }
  }

  const std::string args = "--root " + quote(root()) + " --path /opt/app/venv";
  auto r = check(args + " --format json");
  const auto j = parse(r);
  const auto s = store_at(j, certifi);
  ASSERT_FALSE(s.is_null()) << listing(j);
  EXPECT_EQ(s.at("certificates"), total - 14);
  ASSERT_TRUE(s.at("copy_of_system").is_object()) << s.dump(2);
  EXPECT_EQ(s.at("copy_of_system").at("behind"), 14);
  EXPECT_EQ(s.at("copy_of_system").at("extra"), 0);
  EXPECT_EQ(s.at("copy_of_system").at("system_bundle"), "/etc/ssl/certs/ca-certificates.crt");
  // The system bundle itself is no copy of itself.
  EXPECT_TRUE(store_at(j, "/etc/ssl/certs/ca-certificates.crt").at("copy_of_system").is_null());

  r = check(args);
  EXPECT_TRUE(contains(r.out, "14 anchors behind")) << r.out;
}

// --------------------------------------------------- e. bad input stops nothing

TEST_F(AppCheckCommand, UnreadableApplicationStoresAreErrorsAndEverythingElseIsStillJudged) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  ASSERT_NO_FATAL_FAILURE(debian_root());
  ASSERT_NO_FATAL_FAILURE(jdk(kAllAts));  // a good store among the bad ones
  // An AWS config whose section header is never closed.
  write_file(host("/root/.aws/config"), "[default\nregion = us-east-1\nca_bundle = /etc/aws/ca.pem\n");
  // A real JKS cut to half its size.
  ASSERT_NO_FATAL_FAILURE(keystore("/opt/app/whole.jks", kAllAts));
  const std::string jks = read_file(host("/opt/app/whole.jks"));
  ASSERT_GT(jks.size(), 1000u);
  write_file(host("/opt/app/conf/truststore.jks"), jks.substr(0, jks.size() / 2));
  std::filesystem::remove(host("/opt/app/whole.jks"));
  // certifi's bundle replaced by (fixed-seed) random bytes.
  const std::string certifi = "/opt/app/venv/lib/python3.11/site-packages/certifi/cacert.pem";
  std::mt19937 gen(20261201);
  std::string noise(4096, '\0');
  for (auto& c : noise) c = static_cast<char>(gen() & 0xff);
  write_file(host(certifi), noise);
  ASSERT_NE(run("openssl x509 -noout -in " + quote(host(certifi))).exit_code, 0);  // openssl sees no certificate

  const std::string before = tree_state();
  const auto r = check("--root " + quote(root()) + " --path /opt/app --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // findings, not bad usage
  const auto j = parse(r);
  EXPECT_EQ(j.value("verdict", ""), "error");
  for (const std::string& path : {std::string("/root/.aws/config"), std::string("/opt/app/conf/truststore.jks"), certifi}) {
    SCOPED_TRACE(path);
    const auto s = store_at(j, path);
    ASSERT_FALSE(s.is_null()) << listing(j);
    EXPECT_EQ(s.at("verdict"), "error");
    ASSERT_TRUE(s.at("error").is_string()) << s.dump(2);
    EXPECT_TRUE(contains(s.at("error"), path)) << s.at("error");
    EXPECT_TRUE(contains(s.at("reason"), path)) << s.at("reason");
    EXPECT_EQ(s.at("fix"), "");
  }
  for (const std::string& path : {std::string("/etc/ssl/certs/ca-certificates.crt"), kJdkCacerts}) {
    const auto s = store_at(j, path);
    ASSERT_FALSE(s.is_null()) << listing(j);
    EXPECT_EQ(s.at("verdict"), "ready") << path;
  }
  EXPECT_EQ(tree_state(), before);
}

// ---------------------------------------------------------------- f. an NSS database

// certutil (NSS 3.87, Debian 12) refuses a database folder without key4.db beside
// cert9.db: the reader's private copy must hold both.
TEST_F(AppCheckCommand, NssDatabaseWithoutTheAtsRootsIsBrokenAndItsCertutilFixMakesItReady) {
  TRUSTREADY_REQUIRE_TOOL("certutil");
  ASSERT_NO_FATAL_FAILURE(debian_root());
  const std::string nssdb = "/home/u/.pki/nssdb";
  const std::string db = "sql:" + host(nssdb);
  ASSERT_NO_FATAL_FAILURE(nss_db_with_isrg_root(nssdb));
  testing::CommandResult c;
  // No libnssckbi.so in the tree: the database's own certificates are all its readers trust.
  ASSERT_NE(run("find " + quote(root()) + " -name 'libnssckbi.so*' | grep -q .").exit_code, 0);

  auto r = check("--root " + quote(root()) + " --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  auto j = parse(r);
  auto s = store_at(j, nssdb);
  ASSERT_FALSE(s.is_null()) << listing(j);
  EXPECT_EQ(s.at("verifier"), "nss");
  ASSERT_EQ(s.at("verdict"), "broken") << s.dump(2);
  const std::string fix = s.at("fix");
  EXPECT_TRUE(contains(fix, "certutil -A -d sql:" + host(nssdb))) << fix;

  ASSERT_NO_FATAL_FAILURE(run_fix(fix, "certutil -A", "-d sql:"));
  // certutil itself lists the added roots with the trust the fix gave them.
  c = run("certutil -L -d " + quote(db));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  for (const char* nick : {"Amazon Root CA 1", "Amazon Root CA 2", "Amazon Root CA 3", "Amazon Root CA 4"})
    EXPECT_TRUE(contains(c.out, nick)) << c.out;

  r = check("--root " + quote(root()) + " --format json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  j = parse(r);
  s = store_at(j, nssdb);
  ASSERT_FALSE(s.is_null()) << listing(j);
  EXPECT_EQ(s.at("verdict"), "ready") << s.dump(2);
  EXPECT_EQ(s.at("certificates"), 6);
}

// A database named with --store is read as NSS reads it (not as an OpenSSL CApath), and
// judged with NSS's built-in roots when the tree has them, alone (and saying so) when not.
TEST_F(AppCheckCommand, NssDatabaseNamedWithStoreIsReadAsNssWithTheBuiltinRootsWhenPresent) {
  TRUSTREADY_REQUIRE_TOOL("certutil");
  ASSERT_NO_FATAL_FAILURE(debian_root());
  const std::string profile = "/srv/firefox-profile";
  ASSERT_NO_FATAL_FAILURE(nss_db_with_isrg_root(profile));
  testing::CommandResult c;

  auto r = check("--root " + quote(root()) + " --store " + profile + " --system-only --format json");
  auto j = parse(r);
  auto s = store_at(j, profile);
  ASSERT_FALSE(s.is_null()) << listing(j);
  EXPECT_EQ(s.at("kind"), "nss-db") << s.dump(2);
  EXPECT_EQ(s.at("verifier"), "nss");
  EXPECT_EQ(s.at("certificates"), 1) << s.dump(2);
  EXPECT_EQ(s.at("verdict"), "broken") << s.dump(2);
  EXPECT_TRUE(contains(s.at("notes").dump(), "judged on its own")) << s.dump(2);

  // NSS's real built-in roots module, copied into the tree where Debian installs it: the
  // database's readers trust its roots too (the Amazon roots among them, as certutil says).
  const std::string lib = "/usr/lib/x86_64-linux-gnu/libnssckbi.so";
  if (!std::filesystem::exists(lib)) TRUSTREADY_SKIP_OUTSIDE_CI(lib << " is not on this machine (libnss3)");
  make_dirs(host("/usr/lib/x86_64-linux-gnu"));
  c = run("cp -L " + quote(lib) + " " + quote(host(lib)));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  r = check("--root " + quote(root()) + " --store " + profile + " --format json");
  j = parse(r);
  s = store_at(j, profile);
  ASSERT_FALSE(s.is_null()) << listing(j);
  EXPECT_EQ(s.at("kind"), "nss-db");
  EXPECT_EQ(s.at("judged_with"), lib) << s.dump(2);
  EXPECT_EQ(s.at("verdict"), "ready") << s.dump(2);
  EXPECT_FALSE(contains(s.at("notes").dump(), "judged on its own")) << s.dump(2);
}

// ---------------------------------------------------------------- g. `stores`

TEST_F(AppCheckCommand, StoresListsEachApplicationStoreWithItsConsumersAndSystemOnlyNone) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  ASSERT_NO_FATAL_FAILURE(debian_root());
  ASSERT_NO_FATAL_FAILURE(jdk({"Amazon_Root_CA_1.pem"}));
  ASSERT_NO_FATAL_FAILURE(keystore("/opt/app/conf/truststore.jks", {"Amazon_Root_CA_1.pem"}));
  testing::write_bundle(host("/etc/aws/ca.pem"), kAllAts);
  write_file(host("/root/.aws/config"), "[profile prod]\nca_bundle = /etc/aws/ca.pem\n");
  const std::string certifi = "/opt/app/venv/lib/python3.11/site-packages/certifi/cacert.pem";
  testing::write_bundle(host(certifi), kAllAts);
  make_dirs(host("/usr/lib/python3/dist-packages/awscli-1.7.4.dist-info"));

  // Application store path -> a word its consumers must name.
  const std::map<std::string, std::string> apps = {
      {kJdkCacerts, kJdk},                            // which JDK reads it
      {"/opt/app/conf/truststore.jks", "Java"},
      {"/etc/aws/ca.pem", "prod"},                    // the profile naming it
      {certifi, "/opt/app/venv/lib/python3.11/site-packages"},  // which Python
  };
  const std::string args = " stores --root " + quote(root()) + " --path /opt/app --format json";
  auto r = run(quote(testing::binary()) + args);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  auto j = parse(r);
  for (const auto& [path, word] : apps) {
    SCOPED_TRACE(path);
    const auto s = store_at(j, path);
    ASSERT_FALSE(s.is_null()) << listing(j);
    ASSERT_TRUE(s.at("consumers").is_array());
    ASSERT_FALSE(s.at("consumers").empty());
    EXPECT_TRUE(contains(s.at("consumers").dump(), word)) << s.at("consumers");
    EXPECT_TRUE(s.at("error").is_null()) << s.at("error");
  }
  EXPECT_TRUE(contains(store_at(j, kJdkCacerts).at("consumers").dump(), "17.0.9"));  // JAVA_VERSION of its release file
  EXPECT_FALSE(store_at(j, "/etc/ssl/certs/ca-certificates.crt").is_null()) << listing(j);
  EXPECT_EQ(j.at("sdks").size(), 1u) << j.at("sdks");

  // (--path searches for application stores only: with --system-only it is a usage error.)
  r = run(quote(testing::binary()) + " stores --root " + quote(root()) + " --format json --system-only");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  j = parse(r);
  for (const auto& [path, word] : apps) EXPECT_TRUE(store_at(j, path).is_null()) << path << "\n" << listing(j);
  EXPECT_FALSE(store_at(j, "/etc/ssl/certs/ca-certificates.crt").is_null()) << listing(j);
  ASSERT_TRUE(j.at("stores").is_array());
  for (const auto& s : j.at("stores"))
    EXPECT_TRUE(s.at("path").get<std::string>().starts_with("/etc/ssl/") ||
                s.at("path").get<std::string>().starts_with("/usr/local/share/ca-certificates"))
        << s.at("path");
  EXPECT_EQ(j.at("sdks"), json::array());
}

}  // namespace
}  // namespace trustready
