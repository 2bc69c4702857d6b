#pragma once
/// \file
/// The error type for bad input (scenario YAML, --set overrides, CSV inputs): the CLI
/// prints its message and exits with code 2, writing nothing.
#include <stdexcept>
#include <string>

namespace gridgov::schema {

/// Bad input from the user. `what()` is complete and ready to print: it starts with
/// "file:line:column:" when a location is known, names the key path, and says what was expected.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A source location in an input file; line and column are 1-based (0 = unknown).
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  /// "file:line:column" or just "file" when the position is unknown.
  std::string str() const;
};

/// Levenshtein edit distance, for did-you-mean suggestions.
std::size_t edit_distance(const std::string& a, const std::string& b);

}  // namespace gridgov::schema
