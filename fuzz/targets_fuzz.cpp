// Fuzz target: what the user hands `probe` as text: a target list (-f FILE or stdin), each
// line also as a --connect-to rule and as a proxy URL, and NO_PROXY lists matched against
// the parsed hosts, and each host against the catalog's impact rules.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "catalog/impact.h"
#include "probe/proxy.h"
#include "probe/target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trustready::probe;
  static const auto catalog = trustready::catalog::Catalog::embedded();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = bytes.find('\n');
  const std::string_view first = bytes.substr(0, newline);
  if (auto list = parse_target_list(bytes, "fuzz", 64)) {
    std::vector<ConnectTo> rules;
    if (auto rule = parse_connect_to(first)) rules.push_back(*rule);
    for (const Target& t : *list) {
      if (t.host.empty() || t.port == 0) std::abort();
      (void)connect_address(t, rules);
      if (catalog)
        for (const auto& m : catalog->migrations()) (void)trustready::catalog::impact_of(m, t.host, false);
      (void)bypasses_proxy(first, t.host);
      (void)choose_proxy(t, std::string(first), ProxyEnvironment{}, std::nullopt);
    }
  } else if (list.error().find('\n') != std::string::npos) {
    std::abort();  // errors are one line
  }
  (void)parse_connect_to(bytes);
  if (auto p = parse_proxy(first)) {
    if (!p->password.empty() && p->password != "***" && p->display.find(":" + p->password + "@") != std::string::npos)
      std::abort();  // the display never shows the password
    (void)connect_request(*p, p->host, p->port);
  }
  (void)bypasses_proxy(bytes, first);
  return 0;
}
