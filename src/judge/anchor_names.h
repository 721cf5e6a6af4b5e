// Anchors as the judge compares them: by subject and public key, named as the catalog
// names them (internal to judge/).
#pragma once

#include <string>
#include <vector>

#include "catalog/migration.h"
#include "cert/certificate.h"

namespace trustready::judge {

/// The catalog's name for a certificate, else its own display name.
std::string name_in_catalog(const cert::Certificate& c, const catalog::Migration& m);

/// Store certificates that hold `anchor`'s key under its name.
std::vector<cert::Certificate> same_key_and_name(const std::vector<cert::Certificate>& store,
                                                 const cert::Certificate& anchor);

}  // namespace trustready::judge
