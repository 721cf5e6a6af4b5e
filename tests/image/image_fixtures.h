// Fixtures of the image tests: layers and images assembled with GNU tar and python3's
// tarfile (tests/image/make_image.py), and the tree GNU tar extracts from the same layers
// (whiteouts applied with rm), listed with find and sha256sum: the expected values.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "cert/digest.h"
#include "image/image.h"
#include "image/image_tree.h"
#include "support/fixtures.h"

namespace trustready::testing {

inline std::string make_image_py() { return quote(source_dir() + "/tests/image/make_image.py"); }

/// A layer written by python3's tarfile from `spec` (JSON: [[kind, name, arg], ...]).
inline std::string python_layer(const TempDir& dir, const std::string& name, const std::string& spec) {
  write_file(dir / (name + ".json"), spec);
  const auto r = run("python3 " + make_image_py() + " layer " + quote(dir / name) + " " + quote(dir / (name + ".json")));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return dir / name;
}

/// An image written by make_image.py from `spec` (JSON, see the script); returns spec's "out".
inline void python_image(const TempDir& dir, const std::string& spec) {
  write_file(dir / "image.json", spec);
  const auto r = run("python3 " + make_image_py() + " image " + quote(dir / "image.json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

/// The layers extracted in order by GNU tar into `root`, each layer's whiteouts applied
/// first with rm (OCI image spec: they hide lower layers only), then listed:
/// "PATH\tTYPE\tLINK-OR-SHA256" per entry (find's %y), sorted bytewise.
inline std::vector<std::string> gnu_tar_tree(const std::string& root, const std::vector<std::string>& layers) {
  std::string script = "set -e; mkdir -p " + quote(root) + "; cd " + quote(root) + "\n";
  for (const auto& layer : layers) {
    script += "tar -tf " + quote(layer) + R"( | while IFS= read -r name; do
  name=${name%/}; base=${name##*/}; dir=${name%/*}; [ "$dir" = "$name" ] && dir=.
  case "$base" in
    .wh..wh..opq) if [ -d "$dir" ]; then find "$dir" -mindepth 1 -delete; fi ;;
    .wh.*) rm -rf "$dir/${base#.wh.}" ;;
  esac
done
tar -xf )" + quote(layer) + " --exclude='.wh.*' || true\n";  // refusing ../ names, it exits 2
  }
  script += R"(find . -mindepth 1 \( -type f -printf '/%P\tf\t' -exec sh -c 'sha256sum < "$1" | cut -c1-64' _ {} \; \) -o -printf '/%P\t%y\t%l\n' | LC_ALL=C sort)";
  const auto r = run(script);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < r.out.size()) {
    const std::size_t nl = r.out.find('\n', at);
    lines.push_back(r.out.substr(at, nl - at));
    at = nl == std::string::npos ? r.out.size() : nl + 1;
  }
  return lines;
}

/// The same listing of an ImageTree, from list_dir, read_link and the bytes stream() hands over.
inline std::vector<std::string> image_listing(const image::ImageTree& tree) {
  std::map<std::string, std::string> sha;
  EXPECT_TRUE(tree.stream([](std::string_view, std::uint64_t) { return true; },
                          [&](const image::StreamedFile& f) { sha[std::string(f.path)] = cert::Sha256::of(f.bytes).hex(); })
                  .ok());
  std::vector<std::string> lines;
  std::function<void(const std::string&)> walk = [&](const std::string& dir) {
    auto names = tree.list_dir(dir);
    ASSERT_TRUE(names.ok()) << names.error();
    for (const auto& name : *names) {
      const std::string path = (dir == "/" ? "" : dir) + "/" + name;
      if (auto link = tree.read_link(path)) {
        lines.push_back(path + "\tl\t" + *link);
      } else if (tree.type(path) == fs::FileType::Directory) {
        lines.push_back(path + "\td\t");
        walk(path);
      } else if (tree.type(path) == fs::FileType::File) {
        // a hard link's bytes are streamed once, under one of its paths
        std::string digest = sha.count(path) ? sha[path] : "";
        if (digest.empty())
          for (const auto& [other, d] : sha)
            if (tree.file_key(other).ok() && *tree.file_key(other) == *tree.file_key(path)) digest = d;
        lines.push_back(path + "\tf\t" + digest);
      } else {
        lines.push_back(path + "\t?\t");
      }
    }
  };
  walk("/");
  std::sort(lines.begin(), lines.end());
  return lines;
}

inline std::vector<std::unique_ptr<image::ImageTree>> open_ok(const std::string& file, const image::OpenOptions& options = {}) {
  auto opened = image::open_image(file, options);
  EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error());
  if (!opened) return {};
  for (const auto& f : opened->failed) ADD_FAILURE() << f.where << ": " << f.what;
  return std::move(opened->images);
}

}  // namespace trustready::testing
