#pragma once
/// \file
/// All-or-nothing result folders. `gridgov run` writes its files into a private staging folder
/// beside --out (created with mkdtemp, so exclusively) and moves it into place at the end: a kill -9
/// at any moment, a full file system or an I/O error leaves either the complete previous folder or
/// the complete new one, never a mix. A lock file beside --out (flock) serialises two processes
/// writing one folder; the loser is refused at once.
///
/// Names beside --out (hidden, never mistaken for results): `.NAME.gridgov.lock` (kept: deleting a
/// lock file races with processes about to take it), `.NAME.gridgov-tmp.XXXXXX` (staging; one left
/// by a killed process is removed by the next run that takes the lock) and
/// `.NAME.gridgov-old.XXXXXX` (the previous folder during the swap on file systems without
/// RENAME_EXCHANGE; put back by the next run when a kill left no folder at --out).
#include <string>
#include <vector>

#include "sim/io/Output.hpp"

namespace gridgov::io {

/// A check of --out before anything runs failed (exit code 2): the folder is a file, lies below
/// a file, cannot be written, holds files gridgov did not write, or is locked by another process.
struct OutputRefused : OutputError {
  using OutputError::OutputError;
};

class ResultDir {
 public:
  /// Check `out` without creating anything (throws OutputRefused): it is missing, or an empty
  /// folder, or (with `force`) a folder; its nearest existing ancestor is a writable folder.
  static void check(const std::string& out, bool force);

  /// check(), then create the missing parent folders, take the lock (OutputRefused when another
  /// process holds it), tidy what killed runs left beside --out, and create the staging folder.
  /// `owned` lists the file names a run writes: with `force`, those of the previous result are
  /// replaced as a whole (a stale issues.csv disappears); other entries (notes, plots/) are kept.
  ResultDir(const std::string& out, bool force, std::vector<std::string> owned);
  /// Without commit(): the staging folder is removed and --out is untouched.
  ~ResultDir();
  ResultDir(const ResultDir&) = delete;
  ResultDir& operator=(const ResultDir&) = delete;

  /// The folder to write into (absent from --out until commit()).
  const std::string& staging() const { return staging_; }
  /// The final folder (absolute).
  const std::string& target() const { return target_; }

  /// Flush every file and the folder to disk, carry over the entries of the previous folder that
  /// are not results, and move the staging folder into place atomically. Throws OutputError.
  void commit();

 private:
  void open_locked(const std::string& out);
  std::string target_, parent_, name_, staging_, lock_path_;
  std::vector<std::string> owned_;
  bool force_ = false;
  bool committed_ = false;
  int lock_fd_ = -1;
};

/// Create `path` exclusively (O_CREAT | O_EXCL | O_NOFOLLOW: never through a symbolic link and
/// never over an existing file), write `content`, flush it to disk. Throws OutputError.
void write_new_file(const std::string& path, const std::string& content);

}  // namespace gridgov::io
