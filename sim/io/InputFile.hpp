#pragma once
/// \file
/// Reading user input files with a size bound: a scenario, sweep or buildings CSV is read whole,
/// but never more than a limit, so that a device file (/dev/zero), a FIFO that never ends or a
/// file of many gigabytes is refused with a sentence instead of exhausting memory or hanging.
#include <cstddef>
#include <string>

namespace gridgov::io {

/// Largest scenario or sweep YAML file read (bytes).
inline constexpr std::size_t kMaxYamlBytes = std::size_t{16} << 20;
/// Largest buildings CSV read (bytes): about 8 million buildings.
inline constexpr std::size_t kMaxCsvBytes = std::size_t{256} << 20;

/// Read the whole file `path` into `out` when it is a regular file (or a FIFO, read up to the
/// limit) of at most `max_bytes` bytes. On failure returns false and sets `error` to a sentence
/// without the path, e.g. "is a folder, expected a file" or "cannot open file (No such file or
/// directory)"; `what` names the kind of file in that sentence ("scenario file", "buildings CSV").
bool read_bounded(const std::string& path, std::size_t max_bytes, const std::string& what, std::string& out, std::string& error);

/// 64-bit FNV-1a of `bytes` as 16 hex digits: a content fingerprint for resume checks (not a
/// cryptographic hash).
std::string fnv1a64_hex(const std::string& bytes);

/// The pin of an input file that a resumable job (a sweep, a calibration) depends on: the comment
/// line "# input: fnv1a64=<16 hex digits> <path>\n". Sets `error` and returns "" when the file
/// cannot be read (or its path holds a line break).
std::string input_pin(const std::string& path, std::string& error);

/// "1.5 GiB", "320 MiB", "12 KiB", "512 bytes".
std::string human_bytes(double bytes);

}  // namespace gridgov::io
