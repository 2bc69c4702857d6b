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

/// " (did you mean 'X'?)" for the first of the candidates closest to `key` within an edit distance
/// of 2, or "" when none is that close. The one did-you-mean of every input error (scenario keys
/// use SchemaBase::suggest, which also matches the last path segment).
template <class Strings>
std::string did_you_mean(const std::string& key, const Strings& candidates) {
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& c : candidates)
    if (const std::size_t d = edit_distance(key, c); d < best_distance) best_distance = d, best = c;
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

}  // namespace gridgov::schema
