// The walker alone, for bench/compare_scan.sh until `trustready scan` exists: walks DIR
// with scan::walk and counts the files containing "-----BEGIN CERTIFICATE", as
// `rg -l -a 'BEGIN CERTIFICATE' DIR | wc -l` does.
//   walk_bench DIR [THREADS]     prints: files, bytes, files with a PEM certificate, errors
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fs/root_fs.h"
#include "scan/walker.h"

int main(int argc, char** argv) {
  using namespace trustready;
  if (argc < 2) {
    std::fprintf(stderr, "usage: walk_bench DIR [THREADS]\n");
    return 2;
  }
  auto tree = fs::RootFs::open("/");
  if (!tree) {
    std::fprintf(stderr, "walk_bench: %s\n", tree.error().c_str());
    return 2;
  }
  scan::WalkOptions options;
  if (argc > 2) options.threads = static_cast<unsigned>(std::atoi(argv[2]));
  std::atomic<std::uint64_t> with_pem{0};
  scan::WalkProgress progress;
  char cwd[4096];
  const std::string start = fs::path_in_tree(*tree, argv[1], getcwd(cwd, sizeof cwd) ? cwd : "/");
  scan::walk(
      *tree, {start}, options,
      [&](const scan::WalkedFile& f) {
        if (f.bytes.find("-----BEGIN CERTIFICATE") != std::string_view::npos) with_pem.fetch_add(1, std::memory_order_relaxed);
      },
      [](const scan::WalkError& e) { std::fprintf(stderr, "walk_bench: %s: %s\n", e.path.c_str(), e.what.c_str()); },
      &progress);
  std::printf("%llu files, %llu bytes, %llu with a PEM certificate, %llu errors\n",
              static_cast<unsigned long long>(progress.files.load()), static_cast<unsigned long long>(progress.bytes.load()),
              static_cast<unsigned long long>(with_pem.load()), static_cast<unsigned long long>(progress.errors.load()));
  return 0;
}
