#include "io/json.hpp"

#include <set>
#include <vector>

#include "base/error.hpp"

namespace headscope {

using json = nlohmann::json;

std::string json_reason(const json::exception& e) {
  const std::string what = e.what();
  const auto tag_end = what.find("] ");
  return tag_end == std::string::npos ? what : what.substr(tag_end + 2);
}

json parse_json(const char* begin, const char* end, std::string_view what) {
  std::vector<std::set<std::string>> open_objects;
  const json::parser_callback_t check_keys = [&](int depth, json::parse_event_t event,
                                                 json& parsed) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        depth >= kMaxJsonDepth)
      fail(what, " nests objects and arrays more than ", kMaxJsonDepth, " levels deep");
    if (event == json::parse_event_t::object_start) {
      open_objects.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      open_objects.pop_back();
    } else if (event == json::parse_event_t::key &&
               !open_objects.back().insert(parsed.get<std::string>()).second) {
      fail(what, " has the key ", parsed.dump(), " twice in one object");
    }
    return true;
  };
  try {
    return json::parse(begin, end, check_keys);
  } catch (const json::exception& e) {
    fail(what, " is not valid JSON: ", json_reason(e));
  }
}

std::string json_excerpt(const json& value, std::size_t limit) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > limit) {
    while (limit > 0 && (static_cast<unsigned char>(text[limit]) & 0xC0) == 0x80) --limit;
    text = text.substr(0, limit) + "…";  // cut between characters, never inside one
  }
  return text;
}

std::string json_string(const json& value, std::size_t max_chars, const std::string& where) {
  if (!value.is_string() || value.get<std::string>().empty() ||
      value.get<std::string>().size() > max_chars)
    fail(where, " ", json_excerpt(value), " must be a string of 1 to ", max_chars, " characters");
  return value.get<std::string>();
}

}  // namespace headscope
