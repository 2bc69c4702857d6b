#pragma once
/// \file
/// Reading YAML files (sweeps, calibrations, experiment files) with the scenario loader's error
/// discipline: file:line:column, the key path, what was expected, what was found, and a
/// did-you-mean for misspelt names. Every function throws schema::InputError.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/schema/Schema.hpp"

namespace gridgov::schema::filekeys {

/// Throw "FILE:L:C: key 'KEY': expected EXPECTED, got GOT".
[[noreturn]] void fail(const Location& at, const std::string& key, const std::string& expected, const std::string& got);

/// A node in a few words for messages: nothing, a list, a mapping, or its quoted scalar.
std::string describe(const YAML::Node& n);

/// `text` with every non-empty line indented by n spaces (a resolved YAML file nested under a key).
std::string indent(const std::string& text, int n);

/// " (did you mean 'X'?)" for the closest of `allowed` within two edits, else "".
using schema::did_you_mean;

/// Reject keys of the mapping `node` that are not in `allowed`, and keys given twice.
void check_keys(const YAML::Node& node, const std::string& prefix, const std::vector<std::string>& allowed,
                const std::string& file);

/// A plain finite number, an integer within [lo, hi], true/false, a one-line non-empty string.
double read_real(const YAML::Node& n, const std::string& key, const std::string& file);
std::int64_t read_int(const YAML::Node& n, const std::string& key, const std::string& file, double lo, double hi);
bool read_bool(const YAML::Node& n, const std::string& key, const std::string& file);
std::string read_word(const YAML::Node& n, const std::string& key, const std::string& file, const std::string& expected);

}  // namespace gridgov::schema::filekeys
