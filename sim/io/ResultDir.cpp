#include "sim/io/ResultDir.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace gridgov::io {

namespace fs = std::filesystem;

namespace {

std::string errstr(int e) { return std::strerror(e); }

/// The absolute, normalised --out, with symbolic links of existing parts resolved (a --out that
/// is a link to a folder means that folder).
fs::path normalised(const std::string& out) {
  std::error_code ec;
  fs::path p = fs::absolute(out, ec);
  if (ec) throw OutputRefused("--out " + out + ": " + ec.message());
  p = p.lexically_normal();
  if (!p.has_filename()) p = p.parent_path();
  const fs::path canon = fs::weakly_canonical(p, ec);
  if (!ec) p = canon;
  return p;
}

bool is_staging_name(const std::string& entry, const std::string& prefix) {
  return entry.size() == prefix.size() + 6 && entry.compare(0, prefix.size(), prefix) == 0 &&
         entry.find('.', prefix.size()) == std::string::npos;
}

void fsync_path(const std::string& path, bool dir) {
  const int fd = ::open(path.c_str(), (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) throw OutputError("cannot open " + path + " to flush it: " + errstr(errno));
  const int rc = ::fsync(fd);
  const int e = errno;
  ::close(fd);
  if (rc != 0 && e != EINVAL) throw OutputError("cannot flush " + path + ": " + errstr(e));
}

/// Recreate `src` (a file, folder or link of the previous result folder that is not a result) at
/// `dst` without copying data: folders are recreated, files hard-linked, links copied as links.
void carry_over(const fs::path& src, const fs::path& dst) {
  std::error_code ec;
  const auto st = fs::symlink_status(src, ec);
  if (ec) throw OutputError("cannot read " + src.string() + ": " + ec.message());
  if (fs::is_symlink(st)) {
    fs::copy_symlink(src, dst, ec);
  } else if (fs::is_directory(st)) {
    fs::create_directory(dst, src, ec);
    if (!ec)
      for (const auto& e : fs::directory_iterator(src, ec)) carry_over(e.path(), dst / e.path().filename());
  } else if (fs::is_regular_file(st)) {
    fs::create_hard_link(src, dst, ec);
    if (ec) {  // a file system without hard links: a copy does as well (the original stays until the swap)
      ec.clear();
      fs::copy_file(src, dst, ec);
    }
  } else {
    throw OutputError("cannot keep " + src.string() + " in the new result folder: not a file, folder or link");
  }
  if (ec) throw OutputError("cannot keep " + src.string() + " in the new result folder: " + ec.message());
}

}  // namespace

void write_new_file(const std::string& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) throw OutputError("cannot create " + path + ": " + errstr(errno));
  try {
    write_all(fd, content.data(), content.size(), path);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::fsync(fd) != 0) {
    const int e = errno;
    ::close(fd);
    throw OutputError("cannot flush " + path + ": " + errstr(e));
  }
  if (::close(fd) != 0) throw OutputError("cannot write " + path + ": " + errstr(errno));
}

void ResultDir::check(const std::string& out, bool force) {
  if (out.empty()) throw OutputRefused("--out: expected a folder name, got nothing");
  const fs::path p = normalised(out);
  if (!p.has_filename() || p.filename() == "." || p.filename() == ".." || p == p.root_path())
    throw OutputRefused("--out " + out + ": expected a folder below a parent folder, got the root");
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(p, ec)) && !fs::exists(p, ec))
    throw OutputRefused(out + " is a symbolic link to nothing; choose another --out");
  const auto st = fs::status(p, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st)) throw OutputRefused(out + " exists and is not a folder; choose another --out");
    if (!fs::is_empty(p, ec) && !force)
      throw OutputRefused(out + " already holds results; choose another --out or pass --force to overwrite them");
    // Replacing the folder a shell stands in would leave that shell in a deleted folder.
    const fs::path cwd = fs::current_path(ec);
    if (!ec) {
      const auto rel = fs::weakly_canonical(cwd, ec).lexically_relative(p);
      if (!ec && !rel.empty() && *rel.begin() != "..")
        throw OutputRefused("--out " + out +
                            " is the current folder or contains it: results replace the folder as a "
                            "whole; choose a folder inside it as --out");
    }
    struct stat self {
    }, up{};
    if (::stat(p.c_str(), &self) == 0 && ::stat(p.parent_path().c_str(), &up) == 0 && self.st_dev != up.st_dev)
      throw OutputRefused(out +
                          " is a mount point: results are moved into place by renaming a folder beside it; "
                          "choose a folder inside it as --out");
  }
  // The nearest existing ancestor must be a folder that this process may write.
  fs::path a = p.parent_path();
  while (true) {
    const auto ast = fs::status(a, ec);
    if (fs::exists(ast)) {
      if (!fs::is_directory(ast))
        throw OutputRefused("--out " + out + ": " + a.string() + " is a file, not a folder; choose another --out");
      if (::access(a.c_str(), W_OK | X_OK) != 0)
        throw OutputRefused("--out " + out + ": cannot write into " + a.string() + " (" + errstr(errno) +
                            "); choose another --out");
      break;
    }
    if (!a.has_relative_path()) break;
    a = a.parent_path();
  }
}

ResultDir::ResultDir(const std::string& out, bool force, std::vector<std::string> owned)
    : owned_(std::move(owned)), force_(force) {
  check(out, force);
  const fs::path p = normalised(out);
  target_ = p.string();
  parent_ = p.parent_path().string();
  name_ = p.filename().string();
  std::error_code ec;
  fs::create_directories(parent_, ec);
  if (ec) throw OutputRefused("--out " + out + ": cannot create " + parent_ + ": " + ec.message());

  try {
    open_locked(out);
  } catch (...) {
    if (lock_fd_ >= 0) ::close(lock_fd_);
    lock_fd_ = -1;
    throw;
  }
}

void ResultDir::open_locked(const std::string& out) {
  const fs::path p(target_);
  std::error_code ec;
  lock_path_ = parent_ + "/." + name_ + ".gridgov.lock";
  lock_fd_ = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (lock_fd_ < 0)
    throw OutputRefused("--out " + out + ": cannot create the lock file " + lock_path_ + " (" + errstr(errno) + ")");
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    char buf[32] = {};
    const ssize_t n = ::pread(lock_fd_, buf, sizeof buf - 1, 0);
    std::string pid = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw OutputRefused(out + ": another gridgov run" + (pid.empty() ? "" : " (process " + pid + ")") +
                        " is writing results into this folder (" + lock_path_ +
                        " is locked); wait for it to finish or choose another --out");
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(lock_fd_, 0) == 0) (void)!::pwrite(lock_fd_, pid.data(), pid.size(), 0);

  // What killed runs left beside --out: a previous folder moved aside but not put back (restored),
  // staging folders (removed). Only the lock holder creates them, and we hold the lock.
  const std::string tmp_prefix = "." + name_ + ".gridgov-tmp.", old_prefix = "." + name_ + ".gridgov-old.";
  std::vector<fs::path> stale, old;
  for (const auto& e : fs::directory_iterator(parent_, ec)) {
    const std::string n = e.path().filename().string();
    if (is_staging_name(n, tmp_prefix)) stale.push_back(e.path());
    if (is_staging_name(n, old_prefix)) old.push_back(e.path());
  }
  if (!old.empty() && !fs::exists(fs::symlink_status(p, ec))) {
    std::sort(old.begin(), old.end());
    if (std::rename(old.back().c_str(), target_.c_str()) != 0)
      throw OutputRefused("cannot put the previous results " + old.back().string() + " back at " + target_ + ": " +
                          errstr(errno));
    old.pop_back();
  }
  for (const auto& s : stale) fs::remove_all(s, ec);
  for (const auto& s : old) fs::remove_all(s, ec);
  // A folder that appeared or changed while we waited is checked again under the lock.
  check(out, force_);

  std::string tmpl = parent_ + "/" + tmp_prefix + "XXXXXX";
  if (!::mkdtemp(tmpl.data()))
    throw OutputRefused("--out " + out + ": cannot create a staging folder in " + parent_ + " (" + errstr(errno) + ")");
  staging_ = tmpl;
}

ResultDir::~ResultDir() {
  if (!committed_ && !staging_.empty()) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

void ResultDir::commit() {
  std::error_code ec;
  // Files are flushed by write_new_file; the folder's entries now.
  for (const auto& e : fs::directory_iterator(staging_, ec))
    if (e.is_regular_file(ec)) fsync_path(e.path().string(), false);
  const fs::path target(target_);
  const bool exists = fs::exists(fs::symlink_status(target, ec));
  // The new folder gets the old one's permissions, or the usual ones under the umask.
  mode_t mode = 0;
  struct stat st {};
  if (exists && ::stat(target_.c_str(), &st) == 0) {
    mode = st.st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0777 & ~mask;
  }
  if (::chmod(staging_.c_str(), mode) != 0) throw OutputError("cannot set the permissions of " + staging_ + ": " + errstr(errno));

  if (exists && !fs::is_empty(target, ec)) {
    // Keep what is not a result (notes, plots/); results of the previous run are dropped whole.
    for (const auto& e : fs::directory_iterator(target, ec)) {
      const std::string n = e.path().filename().string();
      if (std::find(owned_.begin(), owned_.end(), n) != owned_.end()) continue;
      if (n.find(".tmp.") != std::string::npos) continue;  // temporaries of older gridgov versions
      carry_over(e.path(), fs::path(staging_) / n);
    }
    if (ec) throw OutputError("cannot read " + target_ + ": " + ec.message());
  }
  fsync_path(staging_, true);

  if (!exists || fs::is_empty(target, ec)) {
    // rename() replaces an empty folder atomically.
    if (std::rename(staging_.c_str(), target_.c_str()) != 0)
      throw OutputError("cannot move the results " + staging_ + " to " + target_ + ": " + errstr(errno));
    committed_ = true;
  } else if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
    // Swapped atomically: the previous results are now at the staging path.
    committed_ = true;
    fs::remove_all(staging_, ec);
  } else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
    // No RENAME_EXCHANGE here: move the previous folder aside, then the new one in. A kill in
    // between leaves no folder at --out and the previous one beside it, put back by the next run.
    std::string old = parent_ + "/." + name_ + ".gridgov-old.XXXXXX";
    if (!::mkdtemp(old.data())) throw OutputError("cannot create a folder in " + parent_ + ": " + errstr(errno));
    if (std::rename(target_.c_str(), old.c_str()) != 0)
      throw OutputError("cannot move the previous results " + target_ + " aside: " + errstr(errno));
    if (std::rename(staging_.c_str(), target_.c_str()) != 0) {
      const int e = errno;
      std::rename(old.c_str(), target_.c_str());
      throw OutputError("cannot move the results " + staging_ + " to " + target_ + ": " + errstr(e));
    }
    committed_ = true;
    fs::remove_all(old, ec);
  } else {
    throw OutputError("cannot move the results " + staging_ + " to " + target_ + ": " + errstr(errno));
  }
  fsync_path(parent_, true);
}

}  // namespace gridgov::io
