#include "util/public_suffix.h"

#include <libpsl.h>

#include <string>

namespace trustready {
namespace {

/// The newer of libpsl's built-in list and the system's (Debian's publicsuffix package);
/// loaded once, read-only afterwards (libpsl lookups are thread-safe).
const psl_ctx_t* list() {
  static const psl_ctx_t* const ctx = [] {
    const psl_ctx_t* latest = psl_latest(nullptr);
    return latest ? latest : psl_builtin();
  }();
  return ctx;
}

}  // namespace

// Only listed suffixes count: without the "*" rule an unlisted TLD ("corp", "internal")
// of a private PKI is not taken for a public one.
bool is_public_suffix(std::string_view domain, bool include_private) {
  const psl_ctx_t* ctx = list();
  if (!ctx || domain.empty()) return false;
  const std::string name(domain);
  return psl_is_public_suffix2(ctx, name.c_str(), (include_private ? PSL_TYPE_ANY : PSL_TYPE_ICANN) | PSL_TYPE_NO_STAR_RULE) != 0;
}

}  // namespace trustready
