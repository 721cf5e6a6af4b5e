#include "probe/smtp_reply.h"

#include "probe/authority.h"

namespace trustready::probe {

bool SmtpReply::has_extension(std::string_view keyword) const {
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (iequals(line.substr(0, line.find(' ')), keyword)) return true;
  }
  return false;
}

std::string SmtpReply::text() const {
  std::string out;
  for (const std::string& line : lines) {
    if (!out.empty()) out += " / ";
    out += line;
  }
  return out;
}

SmtpReplyReader::SmtpReplyReader(std::size_t max_bytes, std::size_t max_lines)
    : max_lines_(max_lines), splitter_(max_bytes) {}

std::size_t SmtpReplyReader::feed(std::string_view bytes) {
  std::size_t used = 0;
  while (used < bytes.size() && !done_ && !failed()) {
    used += splitter_.take(bytes.substr(used));
    if (splitter_.failed()) {
      error_ = splitter_.error();
    } else if (splitter_.complete()) {
      read_line(splitter_.line());
      splitter_.next_line();
    }
  }
  return used;
}

void SmtpReplyReader::read_line(std::string_view line) {
  const std::size_t number = splitter_.line_number();
  const auto digit = [&](std::size_t i) { return line.size() > i && line[i] >= '0' && line[i] <= '9'; };
  if (!digit(0) || !digit(1) || !digit(2)) {
    error_ = "line " + std::to_string(number) + " does not start with a 3-digit code";
    return;
  }
  if (line.size() > 3 && line[3] != ' ' && line[3] != '-') {
    error_ = "line " + std::to_string(number) + " has " + quoted(line.substr(3, 1)) + " after its code, not ' ' or '-'";
    return;
  }
  if (number > max_lines_) {
    error_ = "more than " + std::to_string(max_lines_) + " lines";
    return;
  }
  const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  if (number > 1 && code != reply_.code) {
    error_ = "the reply's lines carry different codes (" + std::to_string(reply_.code) + ", " + std::to_string(code) +
             ")";
    return;
  }
  reply_.code = code;
  reply_.lines.emplace_back(line.size() > 4 ? line.substr(4) : std::string_view());
  done_ = line.size() == 3 || line[3] == ' ';
}

SmtpReply SmtpReplyReader::take() {
  SmtpReply out = std::move(reply_);
  reply_ = SmtpReply{};
  splitter_.reset();
  done_ = false;
  error_.clear();
  return out;
}

}  // namespace trustready::probe
