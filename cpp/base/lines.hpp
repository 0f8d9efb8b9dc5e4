// Splitting the one-entry-per-line texts checkpoints carry (a vocabulary, class names).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace headscope {

// The lines of `text`, without their '\n'. A final '\n' ends the last line rather than starting
// an empty one, and an empty text has no lines; other empty lines are kept (the caller decides
// whether they are allowed).
inline std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace headscope
