#include "install/shell.h"

namespace trustready::install {

std::string shell_quote(const std::string& s) {
  const bool plain = !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                       "0123456789/._-+:=@,") == std::string::npos;
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string in_root(const fs::FileTree& root, const std::string& command) {
  const std::string run = command.find("&&") == std::string::npos ? command : "sh -c " + shell_quote(command);
  if (root.is_host()) return "sudo " + run;
  return "sudo chroot " + shell_quote(root.root()) + " " + run;
}

}  // namespace trustready::install
