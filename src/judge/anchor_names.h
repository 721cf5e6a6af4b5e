// Anchors as the judge compares them: by subject and public key, named as the catalog
// names them (internal to judge/).
#pragma once

#include <string>
#include <vector>

#include "catalog/migration.h"
#include "cert/certificate.h"
#include "util/time.h"

namespace trustready::judge {

/// The catalog's name for a certificate, else its own display name.
std::string name_in_catalog(const cert::Certificate& c, const catalog::Migration& m);

/// Store certificates that hold `anchor`'s key under its name.
std::vector<cert::Certificate> same_key_and_name(const std::vector<cert::Certificate>& store,
                                                 const cert::Certificate& anchor);

/// Why none of `copies` is valid at `at` ("expired on 2038-01-17", "not valid before
/// 2015-05-26"), or "" when one is (or there are none).
std::string none_valid_at(const std::vector<cert::Certificate>& copies, TimePoint at);

}  // namespace trustready::judge
