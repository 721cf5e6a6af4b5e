// Renders `stores` (what was found) and `migrations` (the catalog).
#pragma once

#include <string>

#include "catalog/catalog.h"
#include "report/style.h"
#include "results/stores_result.h"

namespace trustready::report {

std::string stores_text(const results::StoresResult& found, const Style& style);
std::string stores_json(const results::StoresResult& found);

std::string migrations_text(const catalog::Catalog& c, const Style& style);
std::string migration_text(const catalog::Migration& m, const Style& style);
std::string migrations_json(const catalog::Catalog& c, const catalog::Migration* only);

}  // namespace trustready::report
