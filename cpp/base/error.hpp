// The one exception type the core throws for bad input. Its message names the offending value and
// the rule it broke, e.g. "d_model 10 is not divisible by num_heads 3".
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

namespace headscope {

class Error : public std::invalid_argument {
 public:
  explicit Error(const std::string& message) : std::invalid_argument(message) {}
};

// Builds a message from streamable parts and throws it as an Error.
template <typename... Parts>
[[noreturn]] void fail(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  throw Error(out.str());
}

}  // namespace headscope
