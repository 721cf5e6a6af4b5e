#include "run/chain_files.h"

#include <filesystem>

#include "cert/parse.h"
#include "fs/root_fs.h"
#include "stores/discover.h"
#include "stores/effective_anchors.h"

namespace trustready::run {
namespace {

/// A file named on the command line, relative to the working folder; at most 64 MiB.
Result<std::string> read_given_file(const std::string& file) {
  auto host = fs::RootFs::open("/");
  if (!host) return make_error(host.error());
  std::error_code ec;
  const std::string path = std::filesystem::absolute(file, ec).lexically_normal().string();
  auto bytes = host->read_file(path, 64u << 20);
  if (!bytes) {
    // RootFs names the absolute path it opened; name the file as the user typed it instead.
    std::string why = bytes.error();
    if (why.starts_with(path + ": ")) why.erase(0, path.size() + 2);
    return make_error(file + ": " + why);
  }
  return bytes;
}

}  // namespace

Result<ChainFiles> read_chain(const std::vector<std::string>& files, std::size_t max_certificates) {
  std::vector<cert::Certificate> all;
  for (const auto& file : files) {
    auto bytes = read_given_file(file);
    if (!bytes) return make_error(bytes.error());
    auto parsed = cert::parse_certificates(*bytes);
    if (!parsed) return make_error(file + ": " + parsed.error());
    for (auto& c : parsed->certificates) {
      if (all.size() >= max_certificates)
        return make_error(file + ": more than " + std::to_string(max_certificates) +
                          " certificates: not a chain a server sends");
      all.push_back(std::move(c));
    }
  }
  if (all.empty()) return make_error("no certificate in " + files.front());
  ChainFiles out{all.front(), {}};
  out.presented.assign(all.begin() + 1, all.end());
  return out;
}

Result<std::vector<cert::Crl>> read_crls(const std::vector<std::string>& files) {
  std::vector<cert::Crl> out;
  for (const auto& file : files) {
    auto bytes = read_given_file(file);
    if (!bytes) return make_error(bytes.error());
    auto crls = cert::Crl::parse_all(*bytes);
    if (!crls) return make_error(file + ": " + crls.error());
    out.insert(out.end(), crls->begin(), crls->end());
  }
  return out;
}

Result<Anchors> read_anchors(const fs::FileTree& root, const std::vector<std::string>& stores,
                             const stores::ReadOptions& options) {
  Anchors out;
  if (stores.empty()) {
    stores::DiscoveryOptions discovery;
    discovery.applications = false;
    discovery.read = options;
    for (const auto& s : stores::discover(root, discovery).stores) {
      if (!stores::is_system_bundle(s)) continue;
      out.certificates = s.certificates;
      out.label = s.location.path;
      out.stores.emplace_back(s, s.certificates);
      return out;
    }
    return make_error("no system trust bundle under " + root.root() + " (name one with --store)");
  }
  for (const auto& path : stores) {
    const auto store = stores::read_store(root, stores::named_location(root, path), options);
    if (store.error) return make_error(*store.error);
    const auto effective = stores::effective_anchors(root, store, {}, options);
    if (effective.certificates.empty()) return make_error(path + ": no trusted certificates");
    out.certificates.insert(out.certificates.end(), effective.certificates.begin(), effective.certificates.end());
    out.label += (out.label.empty() ? "" : ", ") + path;
    if (!effective.judged_with.empty()) out.label += " (with " + effective.judged_with + ")";
    out.stores.emplace_back(store, effective.certificates);
  }
  return out;
}

std::vector<cert::Certificate> catalog_cross_certificates(const catalog::Catalog& catalog) {
  std::vector<cert::Certificate> out;
  for (const auto& m : catalog.migrations())
    for (const auto& x : m.cross_certificates) out.push_back(x.certificate);
  return out;
}

}  // namespace trustready::run
