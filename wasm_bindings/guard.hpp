// Errors cross into JS as a false return plus a message: a C++ exception must not unwind through
// embind (JS would see a bare number and the heap could leak). The TS layer turns the message
// into a JS Error.
#pragma once

#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

namespace headscope::wasm {

// The message of the last failed call, cleared when taken.
std::string& last_error();

// What a request past memory says: std::bad_alloc, or std::length_error when a vector is asked
// for more than max_size() (whose own message is just "vector").
inline constexpr const char* kOutOfMemory = "out of memory: the request is too large for this page";

// Runs f() and returns its value; on any exception records its message and returns `failed`.
template <typename F, typename R = decltype(std::declval<F>()())>
R guarded_value(F&& f, R failed) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    last_error() = kOutOfMemory;
  } catch (const std::length_error&) {
    last_error() = kOutOfMemory;
  } catch (const std::exception& e) {
    last_error() = e.what();
  } catch (...) {
    last_error() = "unknown error";
  }
  return failed;
}

// Runs f(); on any exception records its message and returns false.
template <typename F>
bool guarded(F&& f) {
  return guarded_value(
      [&] {
        f();
        return true;
      },
      false);
}

}  // namespace headscope::wasm
