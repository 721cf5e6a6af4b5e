// In-process costs of the main job, each beside what an OpenSSL-based tool pays for the
// same work. Whole-process comparisons with other tools are in bench/compare.sh.
#include <benchmark/benchmark.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "catalog/catalog.h"
#include "cert/keystore.h"
#include "cert/parse.h"
#include "fs/root_fs.h"
#include "run/run_check.h"
#include "judge/store_judge.h"

namespace tr = trustready;

namespace {

const char* bundle_path() {
  const char* env = std::getenv("TRUSTREADY_BENCH_BUNDLE");
  return env ? env : "/etc/ssl/certs/ca-certificates.crt";
}

std::string read_bundle() {
  std::ifstream f(bundle_path(), std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// trustready's index: DER walk + SHA-256 of certificate and SPKI, no X509 decoding.
/// A first read: the process-wide cache of decoded PEM text is emptied each time (but the
/// certificates stay alive, as the same roots in other stores of a host would).
void BM_IndexBundle(benchmark::State& state) {
  const std::string bytes = read_bundle();
  std::size_t n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    tr::cert::forget_decoded_pem();
    state.ResumeTiming();
    auto parsed = tr::cert::parse_certificates(bytes);
    n = parsed->certificates.size();
    benchmark::DoNotOptimize(parsed);
  }
  state.counters["certs"] = static_cast<double>(n);
}
BENCHMARK(BM_IndexBundle)->Unit(benchmark::kMicrosecond);

/// The same bundle text read again (certifi, pip and botocore copies share most roots).
void BM_IndexBundleAgain(benchmark::State& state) {
  const std::string bytes = read_bundle();
  benchmark::DoNotOptimize(tr::cert::parse_certificates(bytes));
  for (auto _ : state) benchmark::DoNotOptimize(tr::cert::parse_certificates(bytes));
}
BENCHMARK(BM_IndexBundleAgain)->Unit(benchmark::kMicrosecond);

/// What an OpenSSL-based reader does: PEM_read_bio_X509 on every certificate.
void BM_OpenSslDecodeBundle(benchmark::State& state) {
  const std::string bytes = read_bundle();
  std::size_t n = 0;
  for (auto _ : state) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())),
                                                 &BIO_free);
    n = 0;
    while (X509* x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
      ++n;
      X509_free(x);
    }
  }
  state.counters["certs"] = static_cast<double>(n);
}
BENCHMARK(BM_OpenSslDecodeBundle)->Unit(benchmark::kMicrosecond);

/// Judging one store of the system bundle against aws-ats (OpenSSL verifies the cross-signs).
void BM_JudgeSystemBundle(benchmark::State& state) {
  const auto catalog = tr::catalog::Catalog::embedded().value();
  tr::stores::Store store;
  store.location.path = bundle_path();
  store.certificates = tr::cert::parse_certificates(read_bundle())->certificates;
  const tr::judge::JudgeOptions options{tr::now(), std::chrono::days{365}};
  for (auto _ : state) benchmark::DoNotOptimize(tr::judge::judge_store(store, *catalog.find("aws-ats"), options));
}
BENCHMARK(BM_JudgeSystemBundle)->Unit(benchmark::kMicrosecond);

/// The whole check of this host, in-process (discovery, reading, judging, fixes).
void BM_CheckThisHost(benchmark::State& state) {
  const auto catalog = tr::catalog::Catalog::embedded().value();
  const auto root = tr::fs::RootFs::open("/").value();
  const tr::judge::JudgeOptions options{tr::now(), std::chrono::days{365}};
  for (auto _ : state)
    benchmark::DoNotOptimize(tr::run::run_check(root, *catalog.find("aws-ats"), {}, options));
}
BENCHMARK(BM_CheckThisHost)->Unit(benchmark::kMillisecond);

/// The same with only the system stores (--system-only).
void BM_CheckThisHostSystemOnly(benchmark::State& state) {
  const auto catalog = tr::catalog::Catalog::embedded().value();
  const auto root = tr::fs::RootFs::open("/").value();
  const tr::judge::JudgeOptions options{tr::now(), std::chrono::days{365}};
  tr::stores::DiscoveryOptions discovery;
  discovery.applications = false;
  for (auto _ : state)
    benchmark::DoNotOptimize(tr::run::run_check(root, *catalog.find("aws-ats"), discovery, options));
}
BENCHMARK(BM_CheckThisHostSystemOnly)->Unit(benchmark::kMillisecond);

std::string read_path(const char* path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// Reading Debian's Java cacerts natively (JKS, integrity digest checked): keytool
/// -list does the same work in a JVM (bench/compare.sh times it).
void BM_ReadJavaCacerts(benchmark::State& state) {
  const std::string bytes = read_path("/etc/ssl/certs/java/cacerts");
  if (bytes.empty()) {
    state.SkipWithError("no /etc/ssl/certs/java/cacerts");
    return;
  }
  std::size_t n = 0;
  for (auto _ : state) {
    auto ks = tr::cert::parse_keystore(bytes, {"changeit"});
    n = ks ? ks->entries.size() : 0;
    benchmark::DoNotOptimize(ks);
  }
  state.counters["certs"] = static_cast<double>(n);
}
BENCHMARK(BM_ReadJavaCacerts)->Unit(benchmark::kMicrosecond);

/// Parsing the embedded catalog (done once per process).
void BM_LoadCatalog(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(tr::catalog::Catalog::embedded());
}
BENCHMARK(BM_LoadCatalog)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
