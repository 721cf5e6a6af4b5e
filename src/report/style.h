// Terminal styling: colour only when asked for (a TTY and no --no-color / NO_COLOR).
#pragma once

#include <string>
#include <string_view>

#include "judge/verdict.h"

namespace trustready::report {

struct Style {
  bool color = false;

  std::string paint(std::string_view text, const char* sgr) const {
    if (!color) return std::string(text);
    return std::string("\x1b[") + sgr + "m" + std::string(text) + "\x1b[0m";
  }
  std::string bold(std::string_view t) const { return paint(t, "1"); }
  std::string dim(std::string_view t) const { return paint(t, "2"); }
  std::string verdict(judge::Verdict v) const;
  std::string chain_status(judge::ChainStatus s) const;
};

/// Pads `text` to `width` display columns (ASCII; names here are ASCII).
std::string pad(std::string_view text, std::size_t width);

}  // namespace trustready::report
