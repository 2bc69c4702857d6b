#pragma once
/// \file
/// The gridgov command line as a function, so that the executable (app/main.cpp) and test-only
/// executables (tests/fault/) share it. Exit codes: 0 success, 2 bad input, 1 any other failure.

namespace gridgov::app {

int cli_main(int argc, char** argv);

}  // namespace gridgov::app
