// JSON as checkpoints carry it (the safetensors header, the model descriptor and head evidence in
// the metadata), parsed with one set of rules: a key twice in one object is an error (nlohmann
// keeps the last, so a file could say two things), and so is nesting deeper than kMaxJsonDepth
// (dump() recurses once per level: a header of 200 KB of '[' overflowed the stack).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace headscope {

inline constexpr int kMaxJsonDepth = 64;

// Parses [begin, end); Error "<what> is not valid JSON: <reason>", "<what> has the key "k" twice in
// one object" or "<what> nests objects and arrays more than 64 levels deep".
nlohmann::json parse_json(const char* begin, const char* end, std::string_view what);
inline nlohmann::json parse_json(std::string_view text, std::string_view what) {
  return parse_json(text.data(), text.data() + text.size(), what);
}

// nlohmann's message without its "[json.exception.parse_error.101] " tag.
std::string json_reason(const nlohmann::json::exception& e);

// At most `limit` characters of a value's JSON text, for error messages: a value a file gives can
// be megabytes long.
std::string json_excerpt(const nlohmann::json& value, std::size_t limit = 40);

// `value` as a string of 1 to max_chars bytes; Error "<where> <value> must be a string of 1 to
// <max_chars> characters" otherwise.
std::string json_string(const nlohmann::json& value, std::size_t max_chars,
                        const std::string& where);

}  // namespace headscope
