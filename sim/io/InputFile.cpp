#include "sim/io/InputFile.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace gridgov::io {

namespace {
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};
}  // namespace

std::string human_bytes(double bytes) {
  if (bytes >= 1024.0 * 1024 * 1024 * 1024) return fmt::format("{:.1f} TiB", bytes / (1024.0 * 1024 * 1024 * 1024));
  if (bytes >= 1024.0 * 1024 * 1024) return fmt::format("{:.1f} GiB", bytes / (1024.0 * 1024 * 1024));
  if (bytes >= 1024.0 * 1024) return fmt::format("{:.0f} MiB", bytes / (1024.0 * 1024));
  if (bytes >= 1024.0) return fmt::format("{:.0f} KiB", bytes / 1024.0);
  return fmt::format("{:.0f} bytes", bytes);
}

bool read_bounded(const std::string& path, std::size_t max_bytes, const std::string& what, std::string& out, std::string& error) {
  out.clear();
  // O_NONBLOCK: opening a FIFO without a writer must not hang; cleared again below.
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (f.fd < 0) {
    error = fmt::format("cannot open file ({}); expected a readable {}", std::strerror(errno), what);
    return false;
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) {
    error = fmt::format("cannot read file ({})", std::strerror(errno));
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    error = fmt::format("is a folder, expected a {}", what);
    return false;
  }
  if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
    error = fmt::format("is not a regular file (a device or a socket), expected a {}", what);
    return false;
  }
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    error = fmt::format("is {} bytes, more than the {} a {} may have", static_cast<std::uint64_t>(st.st_size),
                        human_bytes(static_cast<double>(max_bytes)), what);
    return false;
  }
  const int flags = ::fcntl(f.fd, F_GETFL);
  if (flags >= 0) ::fcntl(f.fd, F_SETFL, flags & ~O_NONBLOCK);
  // Read at most max_bytes + 1 bytes: the file may grow, or be a FIFO.
  std::size_t cap = S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) + 1 : std::size_t{1} << 16;
  out.resize(std::min(cap, max_bytes + 1));
  std::size_t got = 0;
  while (true) {
    if (got == out.size()) {
      if (out.size() > max_bytes) break;
      out.resize(std::min(out.size() * 2, max_bytes + 1));
    }
    const ssize_t n = ::read(f.fd, out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = fmt::format("cannot read file ({})", std::strerror(errno));
      out.clear();
      return false;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got > max_bytes) {
    error = fmt::format("is more than the {} a {} may have", human_bytes(static_cast<double>(max_bytes)), what);
    out.clear();
    return false;
  }
  out.resize(got);
  return true;
}

std::string fnv1a64_hex(const std::string& bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", h);
}

std::string input_pin(const std::string& path, std::string& error) {
  if (path.find_first_of("\r\n") != std::string::npos) {
    error = "an input file path with a line break cannot be pinned";
    return "";
  }
  std::string text;
  if (!read_bounded(path, kMaxCsvBytes, "input file", text, error)) return "";
  return fmt::format("# input: fnv1a64={} {}\n", fnv1a64_hex(text), path);
}

}  // namespace gridgov::io
