#pragma once
/// \file
/// Shared by the fuzz harnesses: a failed oracle prints what broke and aborts, which libFuzzer
/// reports as a crash and saves the input.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>

namespace gridgov::fuzz {

[[noreturn]] inline void broken(const std::string& what) {
  std::fprintf(stderr, "\n*** fuzz oracle failed: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

/// Run `f`; an exception other than the bad-input type `Ok` breaks the oracle.
template <class Ok, class F>
bool only(F&& f, const char* stage) {
  try {
    f();
    return true;
  } catch (const Ok&) {
    return false;
  } catch (const std::exception& e) {
    broken(std::string(stage) + ": unexpected " + typeid(e).name() + ": " + e.what());
  } catch (...) {
    broken(std::string(stage) + ": unexpected non-standard exception");
  }
}

}  // namespace gridgov::fuzz
