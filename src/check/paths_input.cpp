#include "check/paths_input.h"

#include <filesystem>

#include "cert/parse.h"
#include "stores/discover.h"
#include "stores/readers.h"

namespace trustready::check {

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

Result<Anchors> read_anchors(const fs::RootFs& root, const std::vector<std::string>& stores) {
  Anchors out;
  if (stores.empty()) {
    stores::DiscoveryOptions options;
    options.applications = false;
    const auto found = stores::discover(root, options);
    for (const auto& s : found.stores) {
      if (!stores::is_system_bundle(s)) continue;
      out.certificates = s.certificates;
      out.label = s.location.path;
      return out;
    }
    return make_error("no system trust bundle under " + root.root() + " (name one with --store)");
  }
  for (const auto& given : stores) {
    // On this host a relative path is from the working folder; under --root, from its top.
    std::error_code ec;
    const std::string path = root.is_host() ? std::filesystem::absolute(given, ec).lexically_normal().string()
                                            : (given.starts_with('/') ? given : "/" + given);
    const auto kind = stores::named_store_kind(root, path);
    const auto store = stores::read_store(root, stores::trust_location("paths-store", kind, path, {}, "--store"));
    if (store.error) return make_error(*store.error);
    if (store.certificates.empty()) return make_error(path + ": no trusted certificates");
    out.certificates.insert(out.certificates.end(), store.certificates.begin(), store.certificates.end());
    out.label += (out.label.empty() ? "" : ", ") + path;
  }
  return out;
}

std::vector<cert::Certificate> catalog_cross_certificates(const catalog::Catalog& catalog) {
  std::vector<cert::Certificate> out;
  for (const auto& m : catalog.migrations())
    for (const auto& x : m.cross_certificates) out.push_back(x.certificate);
  return out;
}

}  // namespace trustready::check
