// ImageTree over images assembled here, in every layout, compared with what GNU tar
// extracts from the same layers (whiteouts applied with rm), listed by find and sha256sum.
#include <gtest/gtest.h>

#include "image/image_fixtures.h"

namespace trustready::testing {
namespace {

using image::ImageTree;

class ImageLayers : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("python3");
    // Layer 1 by GNU tar from a folder ("./etc/..." names), with a hard link inside it.
    const std::string src = dir_ / "l1";
    ASSERT_EQ(run("set -e; mkdir -p " + quote(src) + "/etc/ssl/certs " + quote(src) + "/usr/lib " + quote(src) +
                  "/usr/share/doc; cd " + quote(src) +
                  "; printf A > etc/ssl/certs/a.pem; printf B > etc/ssl/certs/b.pem; printf bundle > etc/ssl/bundle.pem;"
                  " ln -s certs/a.pem etc/ssl/cert.pem; printf lib > usr/lib/libx.so; printf doc > usr/share/doc/readme;"
                  " printf hosts > etc/hosts; ln etc/hosts etc/hosts.hard; tar -cf " + quote(dir_ / "l1.tar") + " .")
                  .exit_code,
              0);
    // Layer 2 by python: the opaque marker after a file of its own layer in that folder, a
    // whiteout deleting the bundle, a hard link to a file of layer 1, an absolute symlink.
    python_layer(dir_, "l2.tar",
                 R"([["f","etc/ssl/certs/new.pem","NEW"],["f","etc/ssl/certs/.wh..wh..opq",""],)"
                 R"(["f","etc/ssl/.wh.bundle.pem",""],["h","usr/lib/libx-link.so","usr/lib/libx.so"],)"
                 R"(["l","etc/alt-cert.pem","/etc/ssl/certs/new.pem"],["f","usr/share/doc/readme","changed"],)"
                 R"(["f","opt/app/ca.pem","APP"],["f","etc/ssl/certs/zz.pem","Z"]])");
    // Layer 3: a whiteout of a whole folder, and a new one.
    python_layer(dir_, "l3.tar", R"([["f","usr/share/.wh.doc",""],["f","usr/share/doc2/x","x"]])");
    layers_ = {dir_ / "l1.tar", dir_ / "l2.tar", dir_ / "l3.tar"};
    expected_ = gnu_tar_tree(dir_ / "extracted", layers_);
    ASSERT_GT(expected_.size(), 15u);  // GNU tar did extract the layers
  }

  /// make_image.py's spec of one image of our layers (`ext` "" / ".gz" / ".zst": compressed by that CLI).
  std::string one_image(const std::string& format, const std::string& out, const std::string& ext) {
    std::string layers;
    for (const auto& l : layers_) {
      std::string file = l;
      if (!ext.empty()) {
        EXPECT_EQ(run((ext == ".gz" ? "gzip -kf " : "zstd -qkf ") + quote(l)).exit_code, 0);
      }
      layers += (layers.empty() ? "\"" : ",\"") + file + ext + "\"";
    }
    return R"({"format":")" + format + R"(","out":")" + out + R"(","images":[{"name":"app:1","layers":[)" + layers + "]}]}";
  }

  TempDir dir_;
  std::vector<std::string> layers_;
  std::vector<std::string> expected_;
};

TEST_F(ImageLayers, DockerSaveLegacyArchiveListsWhatGnuTarExtracts) {
  python_image(dir_, one_image("docker", dir_ / "image.tar", ""));
  auto images = open_ok(dir_ / "image.tar");
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(images[0]->format(), image::ImageFormat::DockerArchive);
  EXPECT_EQ(images[0]->name(), "app:1");
  EXPECT_EQ(images[0]->root(), dir_ / "image.tar");
  EXPECT_EQ(images[0]->platform(), "linux/amd64");
  EXPECT_EQ(image_listing(*images[0]), expected_);
}

TEST_F(ImageLayers, OciArchiveWithGzipLayersListsWhatGnuTarExtracts) {
  TRUSTREADY_REQUIRE_TOOL("gzip");
  python_image(dir_, one_image("oci-archive", dir_ / "image.tar", ".gz"));
  auto images = open_ok(dir_ / "image.tar");
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(images[0]->format(), image::ImageFormat::OciArchive);
  EXPECT_EQ(images[0]->name(), "docker.io/library/app:1");
  EXPECT_EQ(image_listing(*images[0]), expected_);
}

TEST_F(ImageLayers, OciFolderWithZstdLayersListsWhatGnuTarExtracts) {
  TRUSTREADY_REQUIRE_TOOL("zstd");
  python_image(dir_, one_image("oci-dir", dir_ / "layout", ".zst"));
  auto images = open_ok(dir_ / "layout");
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(images[0]->format(), image::ImageFormat::OciLayout);
  EXPECT_EQ(image_listing(*images[0]), expected_);
}

TEST_F(ImageLayers, Docker25ArchiveReadsIndexJsonAndNamesTheImageByItsRepoTag) {
  python_image(dir_, one_image("docker25", dir_ / "image.tar", ""));
  auto images = open_ok(dir_ / "image.tar");
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(images[0]->format(), image::ImageFormat::OciArchive);
  EXPECT_EQ(images[0]->name(), "app:1");
  EXPECT_EQ(image_listing(*images[0]), expected_);
}

TEST_F(ImageLayers, OpaqueWhiteoutEmptiesLowerCertsButKeepsTheFilesOfItsOwnLayer) {
  python_image(dir_, one_image("docker", dir_ / "image.tar", ""));
  auto images = open_ok(dir_ / "image.tar");
  ASSERT_EQ(images.size(), 1u);
  const auto ls = run("cd " + quote(dir_ / "extracted/etc/ssl/certs") + " && ls -A | LC_ALL=C sort | tr '\\n' ' '");
  auto names = images[0]->list_dir("/etc/ssl/certs");
  ASSERT_TRUE(names.ok()) << names.error();
  std::string got;
  for (const auto& n : *names) got += n + " ";
  EXPECT_EQ(got, ls.out);  // new.pem zz.pem: a.pem and b.pem of layer 1 hidden
  // the bundle whited out: GNU tar's tree has none either
  EXPECT_EQ(images[0]->absent("/etc/ssl/bundle.pem"), run("test -e " + quote(dir_ / "extracted/etc/ssl/bundle.pem")).exit_code != 0);
  EXPECT_TRUE(images[0]->absent("/etc/ssl/cert.pem"));  // its target a.pem is gone: dangling
  EXPECT_TRUE(images[0]->entry_exists("/etc/ssl/cert.pem"));
}

TEST_F(ImageLayers, HardLinksShareAFileKeyExactlyWhereGnuTarsInodesAreShared) {
  python_image(dir_, one_image("docker", dir_ / "image.tar", ""));
  auto images = open_ok(dir_ / "image.tar");
  ASSERT_EQ(images.size(), 1u);
  const auto& tree = *images[0];
  const std::string x = dir_ / "extracted";
  auto same_inode = [&](const std::string& a, const std::string& b) {
    return run("test \"$(stat -c %i " + quote(x + a) + ")\" = \"$(stat -c %i " + quote(x + b) + ")\"").exit_code == 0;
  };
  for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"/usr/lib/libx-link.so", "/usr/lib/libx.so"}, {"/etc/hosts.hard", "/etc/hosts"}, {"/etc/hosts", "/usr/lib/libx.so"}})
    EXPECT_EQ(*tree.file_key(a) == *tree.file_key(b), same_inode(a, b)) << a << " " << b;
  // the absolute symlink resolves inside the image
  auto resolved = tree.resolve("/etc/alt-cert.pem");
  ASSERT_TRUE(resolved.ok()) << resolved.error();
  EXPECT_EQ(resolved->path, "/etc/ssl/certs/new.pem");
}

TEST_F(ImageLayers, StreamHandsEachContentOnceAsManyAsGnuTarsDistinctInodes) {
  python_image(dir_, one_image("docker", dir_ / "image.tar", ""));
  auto images = open_ok(dir_ / "image.tar");
  ASSERT_EQ(images.size(), 1u);
  std::size_t streamed = 0;
  ASSERT_TRUE(images[0]->stream([](std::string_view, std::uint64_t) { return true; }, [&](const image::StreamedFile&) { ++streamed; }).ok());
  const auto inodes = run("find " + quote(dir_ / "extracted") + " -type f -printf '%i\\n' | sort -u | wc -l");
  EXPECT_EQ(std::to_string(streamed) + "\n", inodes.out);
}

TEST_F(ImageLayers, ReadFileBeforeLoadFailsNamingThePathAndLoadThenGivesTheBytes) {
  python_image(dir_, one_image("docker", dir_ / "image.tar", ""));
  auto images = open_ok(dir_ / "image.tar");
  ASSERT_EQ(images.size(), 1u);
  auto& tree = *images[0];
  auto before = tree.read_file("/etc/alt-cert.pem");
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error(), dir_ / "image.tar" + ": /etc/alt-cert.pem: contents not loaded");
  EXPECT_EQ(tree.wanted(), (std::set<std::string>{"/etc/ssl/certs/new.pem"}));
  ASSERT_TRUE(tree.load(tree.wanted()).ok());
  auto after = tree.read_file("/etc/alt-cert.pem");
  ASSERT_TRUE(after.ok()) << after.error();
  EXPECT_EQ(*after, read_file(dir_ / "extracted/etc/ssl/certs/new.pem"));
  EXPECT_TRUE(tree.wanted().empty());
}

TEST_F(ImageLayers, MultiImageArchiveOpensEachImageUnderItsOwnTag) {
  python_layer(dir_, "other.tar", R"([["f","etc/os-release","ID=other"]])");
  python_image(dir_, R"({"format":"oci-archive","out":")" + dir_ / "two.tar" + R"(","images":[)" +
                         R"({"name":"app:1","layers":[")" + layers_[0] + R"(",")" + layers_[1] + R"(",")" + layers_[2] + R"("]},)" +
                         R"({"name":"other:2","layers":[")" + dir_ / "other.tar" + R"("]}]})");
  auto images = open_ok(dir_ / "two.tar");
  ASSERT_EQ(images.size(), 2u);
  EXPECT_EQ(images[0]->root(), dir_ / "two.tar@docker.io/library/app:1");
  EXPECT_EQ(images[1]->root(), dir_ / "two.tar@docker.io/library/other:2");
  EXPECT_EQ(image_listing(*images[0]), expected_);
  EXPECT_EQ(image_listing(*images[1]), gnu_tar_tree(dir_ / "other", {dir_ / "other.tar"}));
}

TEST_F(ImageLayers, PlatformOptionPicksTheArm64ImageOfAMultiPlatformIndex) {
  python_layer(dir_, "arm.tar", R"([["f","etc/arch","arm64"]])");
  python_layer(dir_, "s390.tar", R"([["f","etc/arch","s390x"]])");
  python_image(dir_, R"({"format":"oci-dir","out":")" + dir_ / "multi" + R"(","index":"platforms","images":[)" +
                         R"({"name":"app:1","platform":"linux/s390x","layers":[")" + dir_ / "s390.tar" + R"("]},)" +
                         R"({"name":"app:1","platform":"linux/arm64/v8","layers":[")" + dir_ / "arm.tar" + R"("]}]})");
  auto images = open_ok(dir_ / "multi", image::OpenOptions{"linux/arm64", 64u << 20, 160u << 20});
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(images[0]->platform(), "linux/arm64/v8");
  EXPECT_EQ(image_listing(*images[0]), gnu_tar_tree(dir_ / "arm", {dir_ / "arm.tar"}));
  auto wrong = image::open_image(dir_ / "multi", image::OpenOptions{"linux/riscv64", 64u << 20, 160u << 20});
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().find("no image for platform linux/riscv64 (the index has linux/s390x, linux/arm64/v8)"), std::string::npos)
      << wrong.error();
}

TEST_F(ImageLayers, RootfsTarballsPlainGzipAndZstdListWhatGnuTarExtracts) {
  TRUSTREADY_REQUIRE_TOOL("zstd");
  const auto expected = gnu_tar_tree(dir_ / "rootfs", {dir_ / "l1.tar"});
  for (const std::string ext : {"", ".gz", ".zst"}) {
    if (!ext.empty()) {
      ASSERT_EQ(run((ext == ".gz" ? "gzip -kf " : "zstd -qkf ") + quote(dir_ / "l1.tar")).exit_code, 0);
    }
    auto images = open_ok(dir_ / ("l1.tar" + ext));
    ASSERT_EQ(images.size(), 1u) << ext;
    EXPECT_EQ(images[0]->format(), image::ImageFormat::RootfsTarball);
    EXPECT_EQ(image_listing(*images[0]), expected) << ext;
  }
}

}  // namespace
}  // namespace trustready::testing
