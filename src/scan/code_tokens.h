// A tokenizer good enough for the pin detectors in Java, Kotlin, Swift and Objective-C:
// identifiers, string literals and punctuation, with comments skipped. Not a compiler's:
// what it cannot read it skips, byte by byte, so it never fails.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace trustready::scan {

struct Token {
  enum Kind { Ident, String, Punct } kind = Punct;
  std::string_view text;   ///< a string's contents between its quotes, escapes as written
  std::size_t offset = 0;  ///< of `text` in the file
};

std::vector<Token> code_tokens(std::string_view code);

}  // namespace trustready::scan
