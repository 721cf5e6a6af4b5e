// The catalog of migrations, parsed from data files and checked against the
// fingerprints those files record.
#pragma once

#include <string_view>
#include <vector>

#include "catalog/embedded.h"
#include "catalog/migration.h"
#include "util/result.h"

namespace trustready::catalog {

class Catalog {
 public:
  /// The catalog compiled into this binary.
  static Result<Catalog> embedded();
  /// A catalog from the given files (tests, and a future --catalog DIR).
  static Result<Catalog> from_files(const std::vector<EmbeddedFile>& files);

  const std::vector<Migration>& migrations() const { return migrations_; }
  const Migration* find(std::string_view id) const;
  /// "aws-ats, letsencrypt-isrg" for error messages.
  std::string ids() const;

 private:
  std::vector<Migration> migrations_;
};

}  // namespace trustready::catalog
