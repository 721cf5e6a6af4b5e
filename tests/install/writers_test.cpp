// The distributions' writers as golden plans: each family's anchor folder and update
// command, taken from the distribution's own documentation, for trees held in memory
// (install::detect_platform with a host lookup of the test's, so nothing depends on
// this machine's PATH or os-release). Certificates are compared with the SHA-256 the
// openssl CLI gives for the data/certs files.
//
// Where the layouts come from:
//  - RHEL, Fedora, CentOS: update-ca-trust(8): "To add a certificate in the simple PEM
//    or DER file formats to the list of CAs trusted on the system: copy it to the
//    /etc/pki/ca-trust/source/anchors/ subdirectory, and run the update-ca-trust
//    command"; the output "is produced using the update-ca-trust command (without
//    parameters), or using the update-ca-trust extract command". The RHEL 6 edition of the
//    page: "By default, the replacements are disabled, the classic file locations are
//    kept as static files" until enabled (`update-ca-trust force-enable`, as AWS's
//    article for RHEL 6 gives it).
//  - Debian, Ubuntu: update-ca-certificates(8): local certificates go to
//    /usr/local/share/ca-certificates, and "Certificates must have a .crt extension".
//  - SUSE: SUSE's documentation (SLES/openSUSE "Adding a certificate to the system trust
//    store"): copy it to /etc/pki/trust/anchors/ and run update-ca-certificates.
//  - Alpine: the ca-certificates README and Alpine wiki: put the certificate in
//    /usr/local/share/ca-certificates/ and run update-ca-certificates.
//  - Arch: ArchWiki, Transport Layer Security ("Add a certificate to a trust store"):
//    /etc/ca-certificates/trust-source/anchors/, then `trust extract-compat` (what Arch's
//    update-ca-trust runs).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "install/planner.h"
#include "install/platform.h"
#include "run/run_check.h"
#include "support/fixtures.h"
#include "support/memory_tree.h"
#include "support/pem_bundle.h"

namespace trustready {
namespace {

using install::StepKind;
using testing::MemoryTree;
using testing::quote;
using testing::real_cert;
using testing::run;

const std::vector<std::string> kRecommended = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem",
                                               "Amazon_Root_CA_4.pem",
                                               "Starfield_Services_Root_Certificate_Authority_-_G2.pem"};
const std::vector<std::string> kAllAts = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem",
                                          "Amazon_Root_CA_4.pem",
                                          "Starfield_Services_Root_Certificate_Authority_-_G2.pem",
                                          "Starfield_Class_2_CA.pem"};
const std::string kIsrg = "ISRG_Root_X1.pem";
const std::string kRoot = "/srv/image";

std::string pem(const std::string& data_cert) { return testing::read_file(real_cert(data_cert)); }

std::set<std::string> openssl_fingerprints(const std::vector<std::string>& files) {
  std::set<std::string> out;
  for (const auto& f : files) out.insert(testing::openssl_fingerprint(real_cert(f)));
  return out;
}

std::string parent(const std::string& path) { return path.substr(0, path.rfind('/')); }

/// A host lookup that finds `have` (name -> path) and records every name it is asked for.
struct FakeHost {
  std::map<std::string, std::string> have;
  std::vector<std::string> asked;
  install::HostLookup lookup() {
    return [this](const std::string& name) {
      asked.push_back(name);
      auto it = have.find(name);
      return it == have.end() ? std::string() : it->second;
    };
  }
};

struct Planned {
  install::Platform platform;
  install::Plan plan;
};

Planned plan_for(const MemoryTree& tree, FakeHost& host, stores::DistroFamily host_family,
                 const char* at = testing::kTestDate) {
  static const auto catalog = catalog::Catalog::embedded();
  EXPECT_TRUE(catalog) << catalog.error();
  const auto* m = catalog->find("aws-ats");
  stores::DiscoveryOptions options;
  options.applications = false;
  const judge::JudgeOptions when{*parse_time(at), std::chrono::days{365}};
  const auto check = run::run_check(tree, *m, options, when);
  Planned out;
  out.platform = install::detect_platform(tree, check.distro, host.lookup(), host_family, true);
  const install::PlanContext ctx{tree, out.platform, *m, false};
  std::vector<install::JudgedStore> judged;
  for (const auto& r : check.stores) judged.push_back({&r.store, &r.judgement});
  out.plan = install::make_plan(judged, ctx);
  return out;
}

/// A step said in one line for a golden comparison: a file written as its folder (the
/// name is trustready's choice), a bundle appended to, a command with where it runs.
std::string said(const install::Step& s) {
  switch (s.kind) {
    case StepKind::WriteFile: return "write into " + parent(s.path);
    case StepKind::AppendToBundle: return "append to " + s.path;
    case StepKind::RunCommand: {
      std::string line = "run";
      for (const auto& a : s.command.argv) line += " " + a;
      if (!s.command.confinement.chroot_dir.empty()) line += " (chroot " + s.command.confinement.chroot_dir + ")";
      if (!s.command.confinement.binds.empty()) line += " (host's, over the root)";
      return line;
    }
    default: return std::string(install::to_string(s.kind)) + " " + s.path;
  }
}

std::vector<std::string> said(const install::StorePlan& p) {
  std::vector<std::string> out;
  for (const auto& s : p.steps) out.push_back(said(s));
  return out;
}

std::vector<std::string> times(std::size_t n, const std::string& line) { return std::vector<std::string>(n, line); }

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// The plan's entry that fixes the store at `path`, or null.
const install::StorePlan* plan_of(const install::Plan& plan, const std::string& path) {
  for (const auto& sp : plan.stores)
    if (std::find(sp.store_paths.begin(), sp.store_paths.end(), path) != sp.store_paths.end()) return &sp;
  return nullptr;
}

/// The certificates the plan's WriteFile steps write, one a file.
std::set<std::string> written(const install::StorePlan& p) {
  std::set<std::string> out;
  for (const auto& s : p.steps)
    if (s.kind == StepKind::WriteFile) {
      EXPECT_EQ(s.certs.size(), 1u) << s.path;
      for (const auto& c : s.certs) out.insert(c.sha256.hex());
    }
  return out;
}

std::string listing(const install::Plan& plan) {
  std::string out;
  for (const auto& sp : plan.stores) {
    out += sp.writer + ":";
    for (const auto& p : sp.store_paths) out += " " + p;
    if (!sp.blocked.empty()) out += " [" + sp.blocked + "]";
    out += "\n";
    for (const auto& line : said(sp)) out += "  " + line + "\n";
  }
  return out;
}

void os_release(MemoryTree& tree, const std::string& id, const std::string& version) {
  tree.file("/etc/os-release", "ID=" + id + "\n" + (version.empty() ? "" : "VERSION_ID=\"" + version + "\"\n"));
}

/// The update tool as a file in the tree, with the /bin/sh a chroot needs.
void tool_in_tree(MemoryTree& tree, const std::string& path) {
  tree.file(path, "#!/bin/sh\n");
  tree.file("/bin/sh", "");
}

/// RHEL's layout as update-ca-trust leaves it: the extracted bundle, the classic name a
/// symlink to it, the anchors folder; the store trusts ISRG Root X1 only.
MemoryTree rhel_tree(const std::string& id, const std::string& version) {
  MemoryTree tree(kRoot);
  os_release(tree, id, version);
  tree.file("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", pem(kIsrg));
  tree.symlink("/etc/pki/tls/certs/ca-bundle.crt", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem");
  tree.folder("/etc/pki/ca-trust/source/anchors");
  tool_in_tree(tree, "/usr/bin/update-ca-trust");
  return tree;
}

TEST(Writers, Rhel9AnchorsGoToSourceAnchorsThenUpdateCaTrustExtractWithoutForceEnable) {
  FakeHost host;
  const auto out = plan_for(rhel_tree("rhel", "9"), host, stores::DistroFamily::Debian);
  EXPECT_EQ(out.platform.kind, install::PlatformKind::Rhel);
  const auto* p = plan_of(out.plan, "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem");
  ASSERT_NE(p, nullptr) << listing(out.plan);
  EXPECT_EQ(p->writer, "rhel");
  EXPECT_EQ(said(*p), times(5, "write into /etc/pki/ca-trust/source/anchors") +
                          std::vector<std::string>{"run update-ca-trust extract (chroot /srv/image)"})
      << listing(out.plan);
  EXPECT_EQ(written(*p), openssl_fingerprints(kRecommended));
  for (const auto& sp : out.plan.stores)
    for (const auto& s : sp.steps)
      for (const auto& a : s.command.argv) EXPECT_NE(a, "force-enable") << listing(out.plan);
  EXPECT_TRUE(host.asked.empty());  // the root's own tool: this host's is not looked for
}

TEST(Writers, CentOs6RunsUpdateCaTrustForceEnableBeforeExtract) {
  FakeHost host;
  const auto out = plan_for(rhel_tree("centos", "6"), host, stores::DistroFamily::Debian);
  const auto* p = plan_of(out.plan, "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem");
  ASSERT_NE(p, nullptr) << listing(out.plan);
  const std::vector<std::string> commands = {"run update-ca-trust force-enable (chroot /srv/image)",
                                             "run update-ca-trust extract (chroot /srv/image)"};
  EXPECT_EQ(said(*p), times(5, "write into /etc/pki/ca-trust/source/anchors") + commands) << listing(out.plan);
}

// A regular file at the classic name is not what update-ca-trust writes (it writes
// extracted/ and the classic names are symlinks to it): the file is fixed as a bundle.
TEST(Writers, RegularFileRhelLegacyBundleIsAppendedToAsABundleSayingWhy) {
  MemoryTree tree(kRoot);
  os_release(tree, "rhel", "9");
  tree.file("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", pem(kIsrg));
  tree.file("/etc/pki/tls/certs/ca-bundle.crt", pem(kIsrg));
  tree.folder("/etc/pki/ca-trust/source/anchors");
  tool_in_tree(tree, "/usr/bin/update-ca-trust");
  FakeHost host;
  const auto out = plan_for(tree, host, stores::DistroFamily::Rhel);
  const auto* legacy = plan_of(out.plan, "/etc/pki/tls/certs/ca-bundle.crt");
  ASSERT_NE(legacy, nullptr) << listing(out.plan);
  EXPECT_EQ(said(*legacy), std::vector<std::string>{"append to /etc/pki/tls/certs/ca-bundle.crt"}) << listing(out.plan);
  std::set<std::string> appended;
  for (const auto& c : legacy->steps.at(0).certs) appended.insert(c.sha256.hex());
  EXPECT_EQ(appended, openssl_fingerprints(kRecommended));
  const std::string why = legacy->steps.at(0).why;
  EXPECT_NE(why.find("/etc/pki/tls/certs/ca-bundle.crt"), std::string::npos) << why;
  EXPECT_NE(why.find("regular file"), std::string::npos) << why;
  // The extracted bundle is still the anchor folder's business.
  const auto* extracted = plan_of(out.plan, "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem");
  ASSERT_NE(extracted, nullptr) << listing(out.plan);
  EXPECT_EQ(extracted->writer, "rhel");
  EXPECT_EQ(said(*extracted).back(), "run update-ca-trust extract (chroot /srv/image)");
}

TEST(Writers, SuseAnchorsGoToEtcPkiTrustAnchorsThenUpdateCaCertificates) {
  MemoryTree tree(kRoot);
  os_release(tree, "opensuse-leap", "15.5");
  tree.file("/var/lib/ca-certificates/ca-bundle.pem", pem(kIsrg));
  tree.folder("/etc/pki/trust/anchors");
  tool_in_tree(tree, "/usr/sbin/update-ca-certificates");
  FakeHost host;
  const auto out = plan_for(tree, host, stores::DistroFamily::Debian);
  EXPECT_EQ(out.platform.kind, install::PlatformKind::Suse);
  const auto* p = plan_of(out.plan, "/var/lib/ca-certificates/ca-bundle.pem");
  ASSERT_NE(p, nullptr) << listing(out.plan);
  EXPECT_EQ(p->writer, "suse");
  EXPECT_EQ(said(*p), times(5, "write into /etc/pki/trust/anchors") +
                          std::vector<std::string>{"run update-ca-certificates (chroot /srv/image)"})
      << listing(out.plan);
  EXPECT_EQ(written(*p), openssl_fingerprints(kRecommended));
}

TEST(Writers, AlpineAnchorsGoToUsrLocalShareCaCertificatesThenUpdateCaCertificates) {
  MemoryTree tree(kRoot);
  os_release(tree, "alpine", "3.19.0");
  tree.file("/etc/ssl/certs/ca-certificates.crt", pem(kIsrg));
  tree.folder("/usr/local/share/ca-certificates");
  tool_in_tree(tree, "/usr/sbin/update-ca-certificates");
  FakeHost host;
  const auto out = plan_for(tree, host, stores::DistroFamily::Debian);
  EXPECT_EQ(out.platform.kind, install::PlatformKind::Alpine);
  const auto* p = plan_of(out.plan, "/etc/ssl/certs/ca-certificates.crt");
  ASSERT_NE(p, nullptr) << listing(out.plan);
  EXPECT_EQ(p->writer, "alpine");
  EXPECT_EQ(said(*p), times(5, "write into /usr/local/share/ca-certificates") +
                          std::vector<std::string>{"run update-ca-certificates (chroot /srv/image)"})
      << listing(out.plan);
  EXPECT_EQ(written(*p), openssl_fingerprints(kRecommended));
}

TEST(Writers, ArchAnchorsGoToTrustSourceAnchorsThenTrustExtractCompat) {
  MemoryTree tree(kRoot);
  os_release(tree, "arch", "");
  tree.file("/etc/ca-certificates/extracted/tls-ca-bundle.pem", pem(kIsrg));
  tree.symlink("/etc/ssl/certs/ca-certificates.crt", "../../ca-certificates/extracted/tls-ca-bundle.pem");
  tree.folder("/etc/ca-certificates/trust-source/anchors");
  tool_in_tree(tree, "/usr/bin/trust");
  FakeHost host;
  const auto out = plan_for(tree, host, stores::DistroFamily::Debian);
  EXPECT_EQ(out.platform.kind, install::PlatformKind::Arch);
  const auto* p = plan_of(out.plan, "/etc/ca-certificates/extracted/tls-ca-bundle.pem");
  if (!p) p = plan_of(out.plan, "/etc/ssl/certs/ca-certificates.crt");
  ASSERT_NE(p, nullptr) << listing(out.plan);
  EXPECT_EQ(p->writer, "arch");
  EXPECT_EQ(said(*p), times(5, "write into /etc/ca-certificates/trust-source/anchors") +
                          std::vector<std::string>{"run trust extract-compat (chroot /srv/image)"})
      << listing(out.plan);
  EXPECT_EQ(written(*p), openssl_fingerprints(kRecommended));
}

// mkcert picks RHEL's branch when /etc/pki/ca-trust exists; an Ubuntu image with that
// folder left over is still Ubuntu: its os-release says so, and its tool is Debian's.
TEST(Writers, UbuntuWithALeftoverPkiCaTrustFolderGetsTheDebianPlan) {
  MemoryTree tree(kRoot);
  os_release(tree, "ubuntu", "22.04");
  tree.file("/etc/ssl/certs/ca-certificates.crt", pem(kIsrg));
  tree.folder("/usr/local/share/ca-certificates");
  tree.folder("/etc/pki/ca-trust/source/anchors");
  tree.file("/etc/pki/ca-trust/README", "leftover\n");
  tool_in_tree(tree, "/usr/sbin/update-ca-certificates");
  FakeHost host;
  const auto out = plan_for(tree, host, stores::DistroFamily::Debian);
  EXPECT_EQ(out.platform.kind, install::PlatformKind::Debian);
  const auto* p = plan_of(out.plan, "/etc/ssl/certs/ca-certificates.crt");
  ASSERT_NE(p, nullptr) << listing(out.plan);
  EXPECT_EQ(p->writer, "debian");
  EXPECT_EQ(said(*p), times(5, "write into /usr/local/share/ca-certificates") +
                          std::vector<std::string>{"run update-ca-certificates (chroot /srv/image)"})
      << listing(out.plan);
  for (const auto& s : p->steps)
    if (s.kind == StepKind::WriteFile) {
      EXPECT_TRUE(s.path.ends_with(".crt")) << s.path;  // update-ca-certificates(8)
    }
  for (const auto& sp : out.plan.stores)
    for (const auto& s : sp.steps) EXPECT_FALSE(s.path.starts_with("/etc/pki")) << listing(out.plan);
}

/// A distroless-like Debian image: os-release and the compiled bundle, but no
/// update-ca-certificates (nor a shell) inside.
MemoryTree distroless_tree() {
  MemoryTree tree(kRoot);
  os_release(tree, "debian", "12");
  tree.file("/etc/ssl/certs/ca-certificates.crt", pem(kIsrg));
  return tree;
}

TEST(Writers, DistrolessDebianWithNoToolAnywhereGetsItsCompiledBundleWrittenDirectly) {
  FakeHost host;  // finds nothing: this host has no update-ca-certificates either
  const auto out = plan_for(distroless_tree(), host, stores::DistroFamily::Debian);
  EXPECT_EQ(out.platform.tool.place, install::ToolPlace::Missing);
  EXPECT_EQ(host.asked, std::vector<std::string>{"update-ca-certificates"});
  const auto* p = plan_of(out.plan, "/etc/ssl/certs/ca-certificates.crt");
  ASSERT_NE(p, nullptr) << listing(out.plan);
  EXPECT_TRUE(p->blocked.empty()) << p->blocked;
  // The bundle, and /etc/ssl/certs under the HASH.N names OpenSSL's CApath lookup opens.
  EXPECT_EQ(said(*p), times(5, "write into /usr/local/share/ca-certificates") +
                          std::vector<std::string>{"append to /etc/ssl/certs/ca-certificates.crt"} +
                          times(5, "write into /etc/ssl/certs"))
      << listing(out.plan);
  std::set<std::string> appended;
  for (const auto& s : p->steps)
    if (s.kind == install::StepKind::AppendToBundle)
      for (const auto& c : s.certs) appended.insert(c.sha256.hex());
  EXPECT_EQ(appended, openssl_fingerprints(kRecommended));
  // It says that the next update-ca-certificates (a package upgrade runs it) rebuilds
  // the bundle from the anchor folder, which holds the roots too.
  bool said_rebuild = false;
  for (const auto& note : p->notes)
    said_rebuild = said_rebuild || (note.find("update-ca-certificates") != std::string::npos &&
                                    note.find("/usr/local/share/ca-certificates") != std::string::npos);
  EXPECT_TRUE(said_rebuild) << listing(out.plan);
}

TEST(Writers, DistrolessDebianOnADebianHostRunsTheHostsToolOverTheRoot) {
  FakeHost host{{{"update-ca-certificates", "/usr/sbin/update-ca-certificates"}}, {}};
  const auto out = plan_for(distroless_tree(), host, stores::DistroFamily::Debian);
  EXPECT_EQ(out.platform.tool.place, install::ToolPlace::HostOverRoot);
  const auto* p = plan_of(out.plan, "/etc/ssl/certs/ca-certificates.crt");
  ASSERT_NE(p, nullptr) << listing(out.plan);
  EXPECT_EQ(said(*p), times(5, "write into /usr/local/share/ca-certificates") +
                          std::vector<std::string>{"run update-ca-certificates --hooksdir /dev/null/no-hooks (host's, over the root)"})
      << listing(out.plan);
}

// Debian's update-ca-certificates does not compile SUSE's folders: a SUSE root whose tool
// is missing never borrows this (Debian) host's, which is not even looked up.
TEST(Writers, SuseRootWithoutItsToolNeverBorrowsADebianHostsUpdateCaCertificates) {
  MemoryTree tree(kRoot);
  os_release(tree, "sles", "15.5");
  tree.file("/var/lib/ca-certificates/ca-bundle.pem", pem(kIsrg));
  tree.folder("/etc/pki/trust/anchors");
  FakeHost host{{{"update-ca-certificates", "/usr/sbin/update-ca-certificates"}}, {}};
  const auto out = plan_for(tree, host, stores::DistroFamily::Debian);
  EXPECT_EQ(out.platform.tool.place, install::ToolPlace::Missing);
  EXPECT_TRUE(host.asked.empty());
  const auto* p = plan_of(out.plan, "/var/lib/ca-certificates/ca-bundle.pem");
  ASSERT_NE(p, nullptr) << listing(out.plan);
  EXPECT_EQ(said(*p), times(5, "write into /etc/pki/trust/anchors") +
                          std::vector<std::string>{"append to /var/lib/ca-certificates/ca-bundle.pem"})
      << listing(out.plan);
}

// At 2041-01-01 every ATS root has expired (openssl verify -attime says so for each):
// adding them would change nothing, so the store gets no plan, and says why.
TEST(Writers, StoreLackingOnlyAnchorsExpiredByThenGetsNoPlan) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const std::string epoch_2041 = "2240611200";  // date -u -d 2041-01-01 +%s
  for (const auto& f : kAllAts) {
    const auto v = run("openssl verify -no-CApath -no-CAstore -attime " + epoch_2041 + " -CAfile " +
                       quote(real_cert(f)) + " " + quote(real_cert(f)));
    EXPECT_NE(v.exit_code, 0) << f << v.out << v.err;
    EXPECT_NE((v.out + v.err).find("certificate has expired"), std::string::npos) << f << v.out << v.err;
  }
  MemoryTree tree(kRoot);
  os_release(tree, "debian", "12");
  tree.file("/etc/ssl/certs/ca-certificates.crt", pem(kIsrg));
  tree.folder("/usr/local/share/ca-certificates");
  tool_in_tree(tree, "/usr/sbin/update-ca-certificates");
  FakeHost host;
  const auto out = plan_for(tree, host, stores::DistroFamily::Debian, "2041-01-01");
  const auto* p = plan_of(out.plan, "/etc/ssl/certs/ca-certificates.crt");
  ASSERT_NE(p, nullptr) << listing(out.plan);
  EXPECT_EQ(p->blocked_by, install::Blocked::NoFix);
  EXPECT_TRUE(p->blocked.starts_with("no fix: ")) << p->blocked;
  EXPECT_TRUE(p->steps.empty()) << listing(out.plan);
  EXPECT_TRUE(out.plan.files.empty());
}

// The same through the CLI: `fix --at 2041-01-01 --format json` on a root tree.
TEST(Writers, FixAt2041SaysNoFixAndPlansNoStep) {
  testing::TempDir root;
  testing::write_file(root / "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
  testing::write_file(root / "etc/ssl/certs/ca-certificates.crt", pem(kIsrg));
  testing::make_dirs(root / "usr/local/share/ca-certificates");
  const auto r = run(quote(testing::binary()) + " fix --root " + quote(root.path()) + " --at 2041-01-01 --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out << r.err;
  ASSERT_FALSE(j.at("stores").empty()) << r.out;
  for (const auto& sp : j.at("stores")) {
    EXPECT_TRUE(sp.at("blocked").get<std::string>().starts_with("no fix: ")) << sp.dump(2);
    EXPECT_TRUE(sp.at("steps").empty()) << sp.dump(2);
  }
  EXPECT_TRUE(j.at("files").empty()) << r.out;
}

// p11-kit's `trust` (what Arch's trust extract-compat and RHEL's update-ca-trust run)
// reads the anchors fix wrote as CA anchors. Its trust module is pointed at the root's
// source folder only (`x-init-reserved: paths=...`, pkcs11.conf(5) and the trust module's
// "paths" option) from a module config bound over /usr/share/p11-kit/modules in a private
// mount namespace, with HOME in the test's folder: this machine's own anchors are not
// read, and nothing outside the test's folder is written. The source paths are the
// distributions' p11-kit builds': Arch's trust_paths /etc/ca-certificates/trust-source,
// Fedora/RHEL's /etc/pki/ca-trust/source.
TEST(Writers, AnchorsFixWroteAreWhatP11KitTrustExtractsAsCaAnchors) {
  TRUSTREADY_REQUIRE_TOOL("trust");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  struct Layout {
    const char* id;
    const char* bundle;
    const char* source;  ///< p11-kit's trust path; anchors/ below it
  };
  for (const Layout& l : {Layout{"arch", "/etc/ca-certificates/extracted/tls-ca-bundle.pem",
                                 "/etc/ca-certificates/trust-source"},
                          Layout{"rhel", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
                                 "/etc/pki/ca-trust/source"}}) {
    SCOPED_TRACE(l.id);
    testing::TempDir dir;
    const std::string root = dir / "root";
    testing::write_file(root + "/etc/os-release", std::string("ID=") + l.id + "\n");
    testing::write_file(root + l.bundle, pem(kIsrg));
    testing::make_dirs(root + l.source + "/anchors");
    // No update tool in the root and none of its family on this host: fix writes the
    // anchors and the compiled bundle itself.
    auto r = run(quote(testing::binary()) + " fix --root " + quote(root) + " --apply --at " + testing::kTestDate +
                 " </dev/null");
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;

    testing::make_dirs(dir / "modules");
    testing::make_dirs(dir / "home");
    testing::write_file(dir / "modules/p11-kit-trust.module",
                        "module: p11-kit-trust.so\npriority: 1\ntrust-policy: yes\nx-init-reserved: paths=" + root +
                            l.source + "\n");
    const std::string out = dir / "extracted.pem";
    std::string script = "mount --bind " + quote(dir / "modules") + " /usr/share/p11-kit/modules";
    if (std::filesystem::exists("/etc/pkcs11")) {
      testing::make_dirs(dir / "etc-pkcs11");
      script += " && mount --bind " + quote(dir / "etc-pkcs11") + " /etc/pkcs11";
    }
    script += " && trust extract --format=pem-bundle --filter=ca-anchors --overwrite " + quote(out);
    r = run("HOME=" + quote(dir / "home") + " unshare --mount sh -c " + quote(script));
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    const auto extracted = testing::bundle_fingerprints(out);
    const auto expected = openssl_fingerprints(kRecommended);
    EXPECT_EQ(std::set<std::string>(extracted.begin(), extracted.end()), expected);
    EXPECT_EQ(extracted.size(), expected.size());
  }
}

}  // namespace
}  // namespace trustready
