// `check --image` and `scan --image` read an image without Docker and judge it as
// `check --root` and `scan --root` judge the tree GNU tar extracts from the same layers
// (whiteouts applied with rm, as the OCI image spec says): in every layout a `docker save`
// or an OCI tool writes, with a gzip layer, a whiteout and an opaque folder.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "image/image_fixtures.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using nlohmann::json;
using testing::quote;
using testing::real_cert;
using testing::run;

/// What the verdicts are: per store its id, path, kind, certificate count, verdict and
/// missing anchors (the root and the image's name differ, nothing else may).
std::set<std::string> verdicts(const std::string& out) {
  std::set<std::string> lines;
  const json report = json::parse(out);
  for (const auto& s : report["stores"])
    lines.insert(s.value("id", "") + " " + s.value("path", "") + " " + s.value("kind", "") + " " +
                 std::to_string(s.value("certificates", 0)) + " " + s.value("verdict", "") + " " + s["missing"].dump());
  lines.insert("verdict " + report.value("verdict", ""));
  return lines;
}

std::set<std::string> scanned(const std::string& out) {
  std::set<std::string> lines;
  const json report = json::parse(out);
  for (const auto& s : report["stores"])
    lines.insert(s.value("path", "") + " " + s.value("format", "") + " " + s["verdict"].dump());
  return lines;
}

class CheckImage : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
    TRUSTREADY_REQUIRE_TOOL("keytool");
    TRUSTREADY_REQUIRE_TOOL("gzip");
    // Layer 1: a Debian root made by the real update-ca-certificates, holding ISRG Root X1.
    const auto made = testing::make_debian_root(dir_ / "base", {"ISRG_Root_X1.pem", "Starfield_Class_2_CA.pem"});
    ASSERT_EQ(made.exit_code, 0) << made.out << made.err;
    ASSERT_EQ(run("tar --numeric-owner -C " + quote(dir_ / "base") + " -cf " + quote(dir_ / "l1.tar") + " .").exit_code, 0);
    // Layer 2: an application keystore with Amazon Root CA 1, a whiteout removing a
    // certificate's link from /etc/ssl/certs, an opaque folder emptying the lower layer's
    // /usr/share/ca-certificates/mozilla while this layer puts Amazon Root CA 1 there.
    testing::make_dirs(dir_ / "upper/opt/app");
    testing::make_dirs(dir_ / "upper/etc/ssl/certs");
    testing::make_dirs(dir_ / "upper/usr/share/ca-certificates/mozilla");
    auto k = run("keytool -importcert -noprompt -storetype JKS -keystore " + quote(dir_ / "upper/opt/app/trust.jks") +
                 " -storepass changeit -alias amazon1 -file " + quote(real_cert("Amazon_Root_CA_1.pem")));
    ASSERT_EQ(k.exit_code, 0) << k.out << k.err;
    testing::write_file(dir_ / "upper/etc/ssl/certs/.wh.ISRG_Root_X1.pem", "");
    testing::write_file(dir_ / "upper/usr/share/ca-certificates/mozilla/.wh..wh..opq", "");
    testing::write_file(dir_ / "upper/usr/share/ca-certificates/mozilla/Amazon_Root_CA_1.crt",
                        testing::read_file(real_cert("Amazon_Root_CA_1.pem")));
    ASSERT_EQ(run("tar --numeric-owner -C " + quote(dir_ / "upper") + " -cf " + quote(dir_ / "l2.tar") + " . && gzip -k " +
                  quote(dir_ / "l2.tar")).exit_code, 0);
    // The expected tree: GNU tar's extraction of the same layers.
    testing::gnu_tar_tree(dir_ / "extracted", {dir_ / "l1.tar", dir_ / "l2.tar"});
  }
  std::string image(const std::string& format) {
    const std::string out = dir_ / ("image-" + format + (format == "oci-dir" ? "" : ".tar"));
    testing::python_image(dir_, R"({"format": ")" + format + R"(", "out": ")" + out +
                                    R"(", "images": [{"name": "app:1", "layers": [")" + dir_ / "l1.tar" + R"(", ")" +
                                    dir_ / "l2.tar.gz" + R"("]}]})");
    return out;
  }
  testing::CommandResult trustready(const std::string& args) {
    return run(quote(testing::binary()) + " " + args + " --at " + testing::kTestDate + " --format json");
  }
  testing::TempDir dir_;
};

TEST_F(CheckImage, EveryLayoutGivesTheVerdictsCheckRootGivesOnGnuTarsExtraction) {
  const auto expected = trustready("check --root " + quote(dir_ / "extracted"));
  ASSERT_TRUE(expected.exit_code == 0 || expected.exit_code == 1) << expected.out << expected.err;
  const auto want = verdicts(expected.out);
  for (const std::string format : {"docker", "oci-archive", "oci-dir", "docker25"}) {
    SCOPED_TRACE(format);
    const auto got = trustready("check --image " + quote(image(format)));
    EXPECT_EQ(got.exit_code, expected.exit_code) << got.out << got.err;
    EXPECT_EQ(verdicts(got.out), want) << got.out;
  }
}

TEST_F(CheckImage, ScanImageFindsWhatScanRootFindsInGnuTarsExtraction) {
  const auto expected = trustready("scan --no-progress --root " + quote(dir_ / "extracted") + " /opt /usr/share/ca-certificates");
  ASSERT_EQ(expected.exit_code, 0) << expected.out << expected.err;
  auto want = scanned(expected.out);
  ASSERT_FALSE(want.empty()) << expected.out;
  const auto got = trustready("scan --no-progress --image " + quote(image("oci-archive")));
  std::set<std::string> under;  // the image is scanned whole: compare the two folders
  for (const auto& line : scanned(got.out))
    if (line.starts_with("/opt/") || line.starts_with("/usr/share/ca-certificates/")) under.insert(line);
  EXPECT_EQ(under, want) << got.out;
}

}  // namespace
}  // namespace trustready
