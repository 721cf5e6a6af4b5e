// Hostile and broken images: each a one-line message naming the image and the path or
// layer, the rest read, memory bounded.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include "image/image_fixtures.h"

namespace trustready::testing {
namespace {

bool one_line(const std::string& s) { return !s.empty() && s.find('\n') == std::string::npos; }

std::string all_notes(const image::ImageTree& tree) {
  std::string out;
  for (const auto& n : tree.notes()) out += n.where + ": " + n.what + "\n";
  return out;
}

long peak_rss_kb() {
  struct rusage u {};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

TEST(ImageBadInput, GarbageIsNotAnImageSaysTheFileInOneLine) {
  TempDir dir;
  ASSERT_EQ(run("head -c 65536 /dev/urandom > " + quote(dir / "garbage")).exit_code, 0);
  auto opened = image::open_image(dir / "garbage");
  ASSERT_FALSE(opened.ok());
  EXPECT_TRUE(opened.error().starts_with(dir / "garbage: ")) << opened.error();
  EXPECT_TRUE(one_line(opened.error())) << opened.error();
  // GNU tar refuses it too
  EXPECT_NE(run("tar -tf " + quote(dir / "garbage")).exit_code, 0);
}

TEST(ImageBadInput, EmptyFileIsNotAnImage) {
  TempDir dir;
  write_file(dir / "empty", "");
  auto opened = image::open_image(dir / "empty");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error(), dir / "empty: empty file, not an image");
}

TEST(ImageBadInput, TruncatedLayerKeepsTheEntriesGnuTarListedBeforeTheCutWithANote) {
  TRUSTREADY_REQUIRE_TOOL("python3");
  TempDir dir;
  std::string spec = "[";
  for (int i = 0; i < 40; ++i) spec += std::string(i ? "," : "") + R"(["f","etc/f)" + std::to_string(i) + R"(",")" + std::string(3000, 'x') + "\"]";
  python_layer(dir, "full.tar", spec + "]");
  ASSERT_EQ(run("head -c 70000 " + quote(dir / "full.tar") + " > " + quote(dir / "cut.tar")).exit_code, 0);
  python_image(dir, R"({"format":"docker","out":")" + dir / "image.tar" + R"(","images":[{"name":"cut:1","layers":[")" +
                        dir / "cut.tar" + R"("]}]})");
  auto images = open_ok(dir / "image.tar");
  ASSERT_EQ(images.size(), 1u);
  // Every member GNU tar lists whole before it stops at the cut is in the image.
  const auto listed = run("tar -tf " + quote(dir / "cut.tar") + " 2>/dev/null | head -n -1");
  ASSERT_FALSE(listed.out.empty());
  std::size_t at = 0, names = 0;
  while (at < listed.out.size()) {
    const std::size_t nl = listed.out.find('\n', at);
    EXPECT_TRUE(images[0]->entry_exists("/" + listed.out.substr(at, nl - at))) << listed.out.substr(at, nl - at);
    at = nl + 1;
    ++names;
  }
  EXPECT_GT(names, 5u);
  ASSERT_EQ(images[0]->notes().size(), 1u) << all_notes(*images[0]);
  EXPECT_NE(images[0]->notes()[0].where.find("layer 1 (sha256:"), std::string::npos);
  EXPECT_TRUE(one_line(images[0]->notes()[0].what));
}

TEST(ImageBadInput, MissingBlobFailsThatImageOnlyAndTheOtherStillOpens) {
  TRUSTREADY_REQUIRE_TOOL("python3");
  TempDir dir;
  python_layer(dir, "a.tar", R"([["f","etc/a","A"]])");
  python_layer(dir, "b.tar", R"([["f","etc/b","B"]])");
  python_image(dir, R"({"format":"oci-dir","out":")" + dir / "layout" + R"(","images":[{"name":"a:1","layers":[")" + dir / "a.tar" +
                        R"("]},{"name":"b:1","layers":[")" + dir / "b.tar" + R"("]}]})");
  const std::string blob = "blobs/sha256/" + run("sha256sum < " + quote(dir / "b.tar") + " | cut -c1-64 | tr -d '\\n'").out;
  ASSERT_EQ(run("rm " + quote(dir / "layout" + "/" + blob)).exit_code, 0);
  auto opened = image::open_image(dir / "layout");
  ASSERT_TRUE(opened.ok()) << opened.error();
  ASSERT_EQ(opened->images.size(), 1u);
  EXPECT_EQ(opened->images[0]->name(), "docker.io/library/a:1");
  ASSERT_EQ(opened->failed.size(), 1u);
  EXPECT_EQ(opened->failed[0].where, dir / "layout@docker.io/library/b:1");
  EXPECT_NE(opened->failed[0].what.find("missing blob " + blob), std::string::npos) << opened->failed[0].what;
  // the same archive with only that image: an error naming the blob
  ASSERT_EQ(run("rm -r " + quote(dir / "layout")).exit_code, 0);
  python_image(dir, R"({"format":"docker","out":")" + dir / "b.tar.img" + R"(","images":[{"name":"b:1","layers":[")" + dir / "b.tar" + R"("]}]})");
  ASSERT_EQ(run("cd " + quote(dir.path()) + " && python3 -c \"import tarfile,sys; s=tarfile.open('b.tar.img'); d=tarfile.open('nolayer.tar','w');"
                " [d.addfile(m, s.extractfile(m)) for m in s.getmembers() if not m.name.endswith('layer.tar')]\"").exit_code, 0);
  auto alone = image::open_image(dir / "nolayer.tar");
  ASSERT_FALSE(alone.ok());
  EXPECT_NE(alone.error().find("missing blob "), std::string::npos) << alone.error();
  EXPECT_TRUE(one_line(alone.error()));
}

TEST(ImageBadInput, GzipLayerThatExpandsAThousandfoldIsStreamedInBoundedMemory) {
  TRUSTREADY_REQUIRE_TOOL("gzip");
  TempDir dir;
  ASSERT_EQ(run("set -e; cd " + quote(dir.path()) + "; mkdir r; head -c 300000000 /dev/zero > r/zeros; tar -cf bomb.tar -C r .; rm r/zeros;"
                " gzip -9 bomb.tar")
                .exit_code,
            0);
  const auto sizes = run("gzip -l " + quote(dir / "bomb.tar.gz") + " | awk 'NR==2 {print $1, $2}'");
  const long before = peak_rss_kb();
  image::OpenOptions options;
  options.max_file_bytes = 1u << 20;
  auto images = open_ok(dir / "bomb.tar.gz", options);
  ASSERT_EQ(images.size(), 1u);
  std::uint64_t size = 0;
  bool truncated = false;
  std::size_t kept = 0;
  ASSERT_TRUE(images[0]
                  ->stream([](std::string_view, std::uint64_t) { return true; },
                           [&](const image::StreamedFile& f) { size = f.size, truncated = f.truncated, kept = f.bytes.size(); })
                  .ok());
  EXPECT_EQ(size, 300000000u);  // what head -c wrote
  EXPECT_TRUE(truncated);
  EXPECT_EQ(kept, 1u << 20);
  EXPECT_LT(peak_rss_kb() - before, 64 * 1024) << "gzip -l: " << sizes.out;
  auto read = images[0]->read_file("/zeros");
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.error().find("300000000 bytes, over the 1048576-byte limit"), std::string::npos) << read.error();
}

TEST(ImageBadInput, DotDotAbsoluteNamesAndLinksOutsideAreLeftOutAsGnuTarLeavesThem) {
  TRUSTREADY_REQUIRE_TOOL("python3");
  TempDir dir;
  python_layer(dir, "evil.tar",
               R"([["f","../evil","x"],["f","etc/../../up","x"],["f","/abs/file","abs"],["f","ok/file","ok"],)"
               R"(["h","ok/hard","../../etc/passwd"],["l","ok/sym","../../../../etc/shadow"],["l","ok/abs","/abs/file"]])");
  python_image(dir, R"({"format":"docker","out":")" + dir / "image.tar" + R"(","images":[{"name":"evil:1","layers":[")" +
                        dir / "evil.tar" + R"("]}]})");
  auto images = open_ok(dir / "image.tar");
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(image_listing(*images[0]), gnu_tar_tree(dir / "x", {dir / "evil.tar"}));
  EXPECT_EQ(images[0]->notes().size(), 3u) << all_notes(*images[0]);  // ../evil, etc/../../up, ok/hard
  for (const auto& n : images[0]->notes()) EXPECT_TRUE(one_line(n.what)) << n.what;
  // the symlink climbing out stays inside: /etc/shadow of the image, which it has not
  auto sym = images[0]->resolve("/ok/sym");
  ASSERT_FALSE(sym.ok());
  EXPECT_TRUE(images[0]->absent("/ok/sym"));
  EXPECT_EQ(images[0]->resolve("/ok/abs")->path, "/abs/file");
}

TEST(ImageBadInput, SymlinkLoopIsAnErrorNotAnAbsence) {
  TRUSTREADY_REQUIRE_TOOL("python3");
  TempDir dir;
  auto images = open_ok(python_layer(dir, "rootfs.tar", R"([["l","a","b"],["l","b","./a"],["f","etc/x","x"]])"));
  ASSERT_EQ(images.size(), 1u);
  const auto realpath = run("mkdir " + quote(dir / "x") + " && cd " + quote(dir / "x") + " && tar -xf ../rootfs.tar && stat -L a");
  ASSERT_NE(realpath.err.find("Too many levels of symbolic links"), std::string::npos) << realpath.err;  // ELOOP
  auto r = images[0]->resolve("/a");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("symbolic link loop"), std::string::npos) << r.error();
  EXPECT_FALSE(images[0]->absent("/a"));
  EXPECT_TRUE(images[0]->entry_exists("/a"));
  EXPECT_EQ(images[0]->type("/a/x"), fs::FileType::Missing);
}

TEST(ImageBadInput, NamesThatAreNotUtf8AreKeptAsTheirBytes) {
  TRUSTREADY_REQUIRE_TOOL("python3");
  TempDir dir;
  ASSERT_EQ(run("set -e; cd " + quote(dir.path()) + "; mkdir r; printf x > \"r/caf$(printf '\\351').pem\"; tar -cf latin1.tar -C r .").exit_code, 0);
  auto images = open_ok(dir / "latin1.tar");
  ASSERT_EQ(images.size(), 1u);
  auto names = images[0]->list_dir("/");
  ASSERT_TRUE(names.ok());
  const auto listed = run("tar --quoting-style=literal -tf " + quote(dir / "latin1.tar") + " | grep -a pem | cut -c3- | tr -d '\\n'");
  EXPECT_EQ(*names, std::vector<std::string>{listed.out});
  EXPECT_EQ(listed.out, "caf\xe9.pem");
}

}  // namespace
}  // namespace trustready::testing
