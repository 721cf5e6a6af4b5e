// Fuzz target: bytes read as an image archive (docker save, OCI archive, or a root file
// system tarball, plain or compressed), then every path listed, resolved and streamed.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "image/image.h"
#include "image/image_tree.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trustready;
  image::OpenOptions options;
  options.max_file_bytes = 1u << 20;
  options.max_kept_bytes = 4u << 20;
  auto opened = image::open_image_bytes(std::string(reinterpret_cast<const char*>(data), size), "fuzz.tar", options);
  if (!opened) return 0;
  for (auto& tree : opened->images) {
    std::set<std::string> files;
    std::size_t visited = 0;
    std::function<void(const std::string&, int)> walk = [&](const std::string& dir, int depth) {
      auto names = tree->list_dir(dir);
      if (!names || depth > 64) return;
      for (const auto& name : *names) {
        if (++visited > 100000) return;
        const std::string path = (dir == "/" ? "" : dir) + "/" + name;
        (void)tree->resolve(path);
        (void)tree->read_link(path);
        (void)tree->absent(path);
        if (tree->type(path) == fs::FileType::File) {
          (void)tree->read_file(path);
          files.insert(path);
        }
        if (!tree->read_link(path) && tree->type(path) == fs::FileType::Directory) walk(path, depth + 1);
      }
    };
    walk("/", 0);
    (void)tree->load(tree->wanted());
    for (const auto& f : files) (void)tree->read_file(f);
    (void)tree->stream([](std::string_view, std::uint64_t) { return true; }, [](const image::StreamedFile& f) {
      if (f.bytes.size() > f.size) __builtin_trap();
    });
  }
  return 0;
}
