// scan::detect() throughput over a few hundred MB of real, mixed files (Python sources,
// C headers, documentation, shared libraries, certificate bundles), read into memory first
// so only detect() is timed; beside it, one memmem for "BEGIN CERTIFICATE" per file: the
// work `rg -l -a 'BEGIN CERTIFICATE'` does per file, minus its I/O.
// TRUSTREADY_DETECT_BENCH_DIRS (colon-separated) and TRUSTREADY_DETECT_BENCH_MB choose the files.
#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cert/parse.h"
#include "scan/detect.h"

namespace {

struct Corpus {
  std::vector<std::pair<std::string, std::string>> files;  // path, bytes
  std::size_t bytes = 0;
};

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus out;
    const char* dirs_env = std::getenv("TRUSTREADY_DETECT_BENCH_DIRS");
    const std::string dirs = dirs_env ? dirs_env : "/usr/lib/python3:/usr/include:/usr/share/doc:/usr/lib/x86_64-linux-gnu:/etc/ssl";
    const char* mb_env = std::getenv("TRUSTREADY_DETECT_BENCH_MB");
    const std::size_t limit = static_cast<std::size_t>(mb_env ? std::atoi(mb_env) : 300) << 20;
    std::stringstream list(dirs);
    for (std::string dir; std::getline(list, dir, ':') && out.bytes < limit;) {
      std::error_code ec;
      for (auto it = std::filesystem::recursive_directory_iterator(dir, std::filesystem::directory_options::skip_permission_denied, ec);
           it != std::filesystem::recursive_directory_iterator() && out.bytes < limit; it.increment(ec)) {
        if (ec || !it->is_regular_file(ec) || it->is_symlink(ec) || it->file_size(ec) > (16u << 20)) continue;
        std::ifstream f(it->path(), std::ios::binary);
        std::stringstream ss;
        ss << f.rdbuf();
        out.bytes += ss.str().size();
        out.files.emplace_back(it->path().string(), ss.str());
      }
    }
    return out;
  }();
  return c;
}

void BM_DetectMixedFiles(benchmark::State& state) {
  const Corpus& c = corpus();
  std::size_t findings = 0;
  for (auto _ : state) {
    trustready::cert::forget_decoded_pem();  // each run decodes its PEM as a first scan would
    for (const auto& [path, bytes] : c.files) {
      auto f = trustready::scan::detect(path, bytes);
      findings += f.stores.size() + f.pins.size() + f.sdks.size();
      benchmark::DoNotOptimize(f);
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.bytes));
  state.counters["files"] = static_cast<double>(c.files.size());
  state.counters["findings_per_run"] = static_cast<double>(findings) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_DetectMixedFiles)->Unit(benchmark::kMillisecond)->MinTime(3);

void BM_MemmemBeginCertificate(benchmark::State& state) {
  const Corpus& c = corpus();
  std::size_t hits = 0;
  for (auto _ : state)
    for (const auto& [path, bytes] : c.files)
      hits += memmem(bytes.data(), bytes.size(), "BEGIN CERTIFICATE", 17) != nullptr;
  benchmark::DoNotOptimize(hits);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.bytes));
}
BENCHMARK(BM_MemmemBeginCertificate)->Unit(benchmark::kMillisecond)->MinTime(3);

}  // namespace
