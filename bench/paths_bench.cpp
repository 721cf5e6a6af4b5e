// The path builder enumerating every path of the ATS chain against this host's system
// bundle (144 roots here), beside one OpenSSL X509_verify_cert of the same chain and
// store. `openssl verify` as a process is compared in bench/compare.sh.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "catalog/catalog.h"
#include "cert/openssl_verify.h"
#include "cert/parse.h"
#include "paths/path_builder.h"

namespace tr = trustready;

namespace {

struct AtsCase {
  tr::paths::PathInput input;
};

const AtsCase& ats_case() {
  static const AtsCase c = [] {
    const char* env = std::getenv("TRUSTREADY_BENCH_BUNDLE");
    std::ifstream f(env ? env : "/etc/ssl/certs/ca-certificates.crt", std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    static const auto catalog = tr::catalog::Catalog::embedded().value();
    const auto& m = *catalog.find("aws-ats");
    AtsCase out;
    // As ATS servers send it above their intermediate: Amazon Root CA 1 cross-signed by
    // Starfield Services G2, then Services G2 cross-signed by Starfield Class 2.
    out.input.leaf = m.cross_certificate("amazon-root-ca-1-by-sfsg2")->certificate;
    out.input.presented = {m.cross_certificate("sfsg2-by-starfield-class-2")->certificate};
    out.input.anchors = tr::cert::parse_certificates(ss.str()).value().certificates;
    out.input.at = tr::parse_time("2026-12-01T00:00:00Z").value();
    return out;
  }();
  return c;
}

void BM_PathsEnumerateAllAts(benchmark::State& state) {
  const auto& c = ats_case();
  std::size_t paths = 0, valid = 0;
  for (auto _ : state) {
    const auto report = tr::paths::build_paths(c.input);
    paths = report.paths.size();
    valid = 0;
    for (const auto& p : report.paths) valid += p.valid();
    benchmark::DoNotOptimize(report);
  }
  state.counters["paths"] = static_cast<double>(paths);
  state.counters["valid"] = static_cast<double>(valid);
  state.counters["anchors"] = static_cast<double>(c.input.anchors.size());
}
BENCHMARK(BM_PathsEnumerateAllAts)->Unit(benchmark::kMicrosecond);

void BM_OpenSslVerifyAts(benchmark::State& state) {
  const auto& c = ats_case();
  bool ok = false;
  for (auto _ : state) {
    const auto outcome = tr::cert::verify_with_openssl(c.input.leaf, c.input.presented, c.input.anchors, c.input.at);
    ok = outcome.ok;
    benchmark::DoNotOptimize(outcome);
  }
  state.counters["ok"] = ok;
}
BENCHMARK(BM_OpenSslVerifyAts)->Unit(benchmark::kMicrosecond);

}  // namespace
