// A `node` that hangs must not hang the check: on this host, a node whose binary holds no
// root table is asked for tls.rootCertificates, under a deadline. The fake node lives in
// a TempDir named by PATH in the discovery's environment; this host's stores are only read.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>

#include "fs/root_fs.h"
#include "stores/discover.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using testing::TempDir;
using testing::write_file;

const stores::Store* find_node(const stores::Discovery& d, const std::string& path) {
  auto it = std::find_if(d.stores.begin(), d.stores.end(),
                         [&](const stores::Store& s) { return s.location.id == "node:" + path; });
  return it == d.stores.end() ? nullptr : &*it;
}

stores::DiscoveryOptions with_path(const std::string& dir) {
  stores::DiscoveryOptions o;
  o.environment["PATH"] = dir;
  o.read.run_programs = true;
  o.read.program_timeout = std::chrono::milliseconds(400);
  return o;
}

TEST(ProgramTimeout, ANodeThatHangsIsKilledAndReportedAsThatStoresError) {
  TempDir dir;
  const std::string node = dir / "node";
  write_file(node, "#!/bin/sh\nsleep 30\n");
  ASSERT_EQ(::chmod(node.c_str(), 0755), 0);
  auto root = fs::RootFs::open("/").value();
  const auto start = std::chrono::steady_clock::now();
  const auto found = stores::discover(root, with_path(dir.path()));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));  // bounded, not a benchmark
  const auto* store = find_node(found, node);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->error.has_value());
  EXPECT_NE(store->error->find("400 ms"), std::string::npos) << *store->error;
  EXPECT_NE(store->error->find("killed"), std::string::npos) << *store->error;
  // The rest of the host's stores were still read.
  EXPECT_TRUE(std::any_of(found.stores.begin(), found.stores.end(),
                          [](const stores::Store& s) { return !s.error && !s.certificates.empty(); }));
}

TEST(ProgramTimeout, ANodeThatPrintsRootsWhenAskedIsRead) {
  TempDir dir;
  const std::string node = dir / "node";
  const std::string pem = testing::read_file(testing::real_cert("Amazon_Root_CA_1.pem"));
  write_file(dir / "roots.pem", pem);
  // Asked with -p, it answers like node does: the PEM text of its roots.
  write_file(node, "#!/bin/sh\n[ \"$1\" = -p ] && exec cat " + testing::quote(dir / "roots.pem") + "\nexit 9\n");
  ASSERT_EQ(::chmod(node.c_str(), 0755), 0);
  auto root = fs::RootFs::open("/").value();
  const auto found = stores::discover(root, with_path(dir.path()));
  const auto* store = find_node(found, node);
  ASSERT_NE(store, nullptr);
  ASSERT_FALSE(store->error.has_value()) << *store->error;
  ASSERT_EQ(store->certificates.size(), 1u);
  EXPECT_EQ(store->certificates[0].sha256().hex(),
            testing::openssl_fingerprint(testing::real_cert("Amazon_Root_CA_1.pem")));
  EXPECT_EQ(store->format, "tls.rootCertificates");
}

TEST(ProgramTimeout, ANodeThatFailsIsAnErrorNamingItsStatus) {
  TempDir dir;
  const std::string node = dir / "node";
  write_file(node, "#!/bin/sh\nexit 7\n");
  ASSERT_EQ(::chmod(node.c_str(), 0755), 0);
  auto root = fs::RootFs::open("/").value();
  const auto found = stores::discover(root, with_path(dir.path()));
  const auto* store = find_node(found, node);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->error.has_value());
  EXPECT_NE(store->error->find("status 7"), std::string::npos) << *store->error;
}

}  // namespace
}  // namespace trustready
