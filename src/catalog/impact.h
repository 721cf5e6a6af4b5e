// Whether a migration affects an endpoint, from its name alone, before connecting: the
// catalog's impact rules (data, no code per migration).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "catalog/migration.h"

namespace trustready::catalog {

struct Impact {
  std::optional<bool> affected;  ///< unknown when the catalog names no endpoints for the migration
  std::string reason;
};

/// `plain_http`: an http:// target, which no certificate change affects.
Impact impact_of(const Migration& m, std::string_view host, bool plain_http);

/// `pattern` (an ImpactRule host) matches `host` (lowercase, no trailing dot).
bool host_matches(std::string_view pattern, std::string_view host);

}  // namespace trustready::catalog
