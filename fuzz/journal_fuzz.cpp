// Fuzz target: the files `fix` and `rollback` read back: a journal (from the state
// folder, which a killed run or another user may have left damaged) and a saved plan
// (`fix --apply --plan FILE`). Whatever they hold, reading them is an error or a value;
// a journal read back and written again reads back the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "install/journal.h"
#include "install/saved_plan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trustready::install;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto journal = parse_journal(bytes, "fuzz");
  if (journal) {
    const std::string again = journal_json(*journal);
    auto reread = parse_journal(again, "fuzz");
    if (!reread || journal_json(*reread) != again) std::abort();
  }
  Plan plan;
  plan.files.push_back({"/etc/ssl/certs/ca-certificates.crt", true, {}});
  (void)same_plan(bytes, "fuzz", plan, "{\"files\":[],\"stores\":[]}");
  return 0;
}
