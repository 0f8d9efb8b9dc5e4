// Errors cross into JS as a false return plus a message: a C++ exception must not unwind through
// embind (JS would see a bare number and the heap could leak). The TS layer turns the message
// into a JS Error.
#pragma once

#include <exception>
#include <new>
#include <string>

namespace headscope::wasm {

// The message of the last failed call, cleared when taken.
std::string& last_error();

// Runs f(); on any exception records its message and returns false.
template <typename F>
bool guarded(F&& f) {
  try {
    f();
    return true;
  } catch (const std::bad_alloc&) {
    last_error() = "out of memory: the request is too large for this page";
  } catch (const std::exception& e) {
    last_error() = e.what();
  } catch (...) {
    last_error() = "unknown error";
  }
  return false;
}

}  // namespace headscope::wasm
