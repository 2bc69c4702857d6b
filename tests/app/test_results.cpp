// System tests of all-or-nothing result folders (sim/io/ResultDir): a real SIGKILL of a running
// `gridgov run`, a full file system, --force over an earlier result, two runs on one --out, and
// symbolic links planted where gridgov writes. In each case --out holds either the complete
// previous result or the complete new one, and nothing that a later run would keep.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/types.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "SystemTest.hpp"
#include "sim/io/Output.hpp"
#include "sim/io/ResultDir.hpp"

namespace {

using namespace gridgov::systest;
using Clock = std::chrono::steady_clock;

/// Every regular file of a folder with its content.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> m;
  for (const auto& n : file_names(dir)) m[n] = read_file(dir / n);
  return m;
}

/// Entries beside --out that a run leaves in its parent folder, other than `keep`.
std::vector<std::string> leftovers(const fs::path& parent, const std::vector<std::string>& keep) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(parent)) {
    const std::string n = e.path().filename().string();
    if (std::find(keep.begin(), keep.end(), n) == keep.end()) out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Files written so far into the staging folder of --out `name` in `parent` (0 when none).
std::size_t staged_files(const fs::path& parent, const std::string& name) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(parent, ec))
    if (e.path().filename().string().rfind("." + name + ".gridgov-tmp.", 0) == 0)
      for (const auto& f : fs::directory_iterator(e.path(), ec)) n += f.is_regular_file(ec) ? 1 : 0;
  return n;
}

/// Start gridgov in the background and return its pid (the shell's `$!`).
pid_t start(const std::string& env, const std::vector<std::string>& args) {
  // Faults are injected by the test-only executor gridgov_faulty (tests/fault/).
  std::string cmd = env + " " + shell_quote(env.empty() ? GRIDGOV_BINARY : GRIDGOV_FAULTY_BINARY);
  for (const auto& a : args) cmd.append(" ").append(shell_quote(a));
  const auto bg = run_shell(cmd + " >/dev/null 2>&1 & echo $!");
  return static_cast<pid_t>(std::stol(bg.out));
}

/// Wait until process `pid` is gone (or a zombie), at most 10 s.
void wait_gone(pid_t pid) {
  for (int i = 0; i < 500; ++i) {
    std::error_code ec;
    const std::string stat = "/proc/" + std::to_string(pid) + "/stat";
    const std::string st = fs::exists(stat, ec) ? read_file(stat) : "";
    if (st.empty() || st.find(") Z") != std::string::npos) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

/// Kill `pid` with SIGKILL once the run has written `files` files into its staging folder.
void kill_while_writing(pid_t pid, const fs::path& parent, const std::string& name, std::size_t files) {
  const auto t0 = Clock::now();
  while (staged_files(parent, name) < files && Clock::now() - t0 < std::chrono::seconds(60))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(staged_files(parent, name) >= files);
  REQUIRE(::kill(pid, SIGKILL) == 0);
  wait_gone(pid);
}

CmdResult run_small(const fs::path& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"run", small_yaml(), "--out", out.string(), "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_gridgov(args);
}

}  // namespace

TEST_CASE("kill -9 while a run writes its files leaves the previous result or none, never a mix", "[system][results]") {
  TempDir tmp("kill_run");
  const fs::path out = tmp.path() / "out";
  const std::string lock = ".out.gridgov.lock";

  SECTION("no previous result: nothing appears at --out") {
    const pid_t pid = start("GRIDGOV_RUN_FAULT=slow-write", {"run", small_yaml(), "--out", out.string(), "--quiet"});
    kill_while_writing(pid, tmp.path(), "out", 3);
    CHECK_FALSE(fs::exists(out));
    // The killed run's staging folder is hidden beside --out; the next run removes it.
    const CmdResult again = run_small(out);
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    CHECK(leftovers(tmp.path(), {"out", lock}).empty());
    CHECK(fs::exists(out / "scenario.resolved.yaml"));
  }
  SECTION("a previous result and --force: the previous result stays whole") {
    REQUIRE(run_small(out, {"--seed", "1"}).exit_code == 0);
    write_file(out / "notes.txt", "mine\n");
    const auto before = snapshot(out);
    const pid_t pid =
        start("GRIDGOV_RUN_FAULT=slow-write", {"run", small_yaml(), "--out", out.string(), "--quiet", "--force", "--seed", "2"});
    kill_while_writing(pid, tmp.path(), "out", 4);
    CHECK(snapshot(out) == before);
    CHECK(file_names(out).size() == before.size());
    // A later --force run replaces it whole and keeps nothing of the killed one.
    const CmdResult again = run_small(out, {"--force", "--seed", "3"});
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    CHECK(leftovers(tmp.path(), {"out", lock}).empty());
    CHECK(read_file(out / "notes.txt") == "mine\n");
    CHECK(read_csv(out / "summary.csv").at(0, "seed") == "3");
    for (const auto& n : file_names(out)) CHECK(n.find("tmp") == std::string::npos);
  }
}

TEST_CASE("a full file system during writing leaves the previous result whole (exit 1)", "[system][results]") {
  TempDir tmp("full_fs");
  const fs::path out = tmp.path() / "out";
  REQUIRE(run_small(out, {"--seed", "1"}).exit_code == 0);
  const auto before = snapshot(out);
  // A file-size limit makes write() fail with EFBIG part-way through issues.csv (about 150 KB),
  // as a full disk would; SIGXFSZ is ignored so the write fails instead of killing the process.
  std::string cmd = "trap '' XFSZ; ulimit -f 64; exec " + shell_quote(GRIDGOV_BINARY) + " run " + shell_quote(small_yaml()) +
                    " --out " + shell_quote(out.string()) + " --quiet --force --seed 2";
  const CmdResult r = run_shell("sh -c " + shell_quote(cmd));
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("cannot write"));
  CHECK(snapshot(out) == before);
  CHECK(leftovers(tmp.path(), {"out", ".out.gridgov.lock"}).empty());
}

TEST_CASE("a forced run replaces the results as a whole: no stale issues.csv, other files kept", "[system][results]") {
  TempDir tmp("force_whole");
  const fs::path out = tmp.path() / "out";
  REQUIRE(run_small(out).exit_code == 0);  // small.yaml has issue_log: true
  REQUIRE(fs::exists(out / "issues.csv"));
  fs::create_directory(out / "plots");
  write_file(out / "plots" / "figure.txt", "a figure\n");
  write_file(out / "notes.txt", "notes\n");
  const CmdResult r = run_small(out, {"--force", "--set", "simulation.issue_log=false"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(fs::exists(out / "issues.csv"));
  CHECK(read_file(out / "notes.txt") == "notes\n");
  CHECK(read_file(out / "plots" / "figure.txt") == "a figure\n");
  const std::string dict = read_file(out / "dictionary.csv");
  CHECK(dict.find("issues.csv") == std::string::npos);
  CHECK(leftovers(tmp.path(), {"out", ".out.gridgov.lock"}).empty());
}

TEST_CASE("two runs on one --out: the second is refused at once with exit 2", "[system][results]") {
  TempDir tmp("concurrent");
  const fs::path out = tmp.path() / "out";
  const pid_t first = start("GRIDGOV_RUN_FAULT=slow-write", {"run", small_yaml(), "--out", out.string(), "--quiet"});
  // Once the first run writes, it holds the lock.
  const auto t0 = Clock::now();
  while (staged_files(tmp.path(), "out") < 1 && Clock::now() - t0 < std::chrono::seconds(60))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(staged_files(tmp.path(), "out") >= 1);
  const auto t1 = Clock::now();
  const CmdResult second = run_small(out, {"--force"});
  const double seconds = std::chrono::duration<double>(Clock::now() - t1).count();
  INFO(second.err);
  CHECK(second.exit_code == 2);
  CHECK_THAT(second.err, Catch::Contains("another gridgov run"));
  CHECK_THAT(second.err, Catch::Contains("process " + std::to_string(first)));
  CHECK(seconds < 3.0);  // refused before computing (the first still sleeps 500 ms per file)
  // The first completes undisturbed.
  int status = 0;
  for (int i = 0; i < 1500 && ::kill(first, 0) == 0; ++i) {
    ::waitpid(first, &status, WNOHANG);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(fs::exists(out / "scenario.resolved.yaml"));
  CHECK(leftovers(tmp.path(), {"out", ".out.gridgov.lock"}).empty());
}

TEST_CASE("symbolic links planted where gridgov writes are not followed", "[system][results]") {
  TempDir tmp("symlinks");
  const fs::path out = tmp.path() / "out";
  const fs::path victims = tmp.path() / "victims";
  fs::create_directory(victims);
  write_file(victims / "precious.txt", "do not touch\n");

  SECTION("links named like result files in an earlier result folder") {
    REQUIRE(run_small(out).exit_code == 0);
    fs::remove(out / "summary.csv");
    fs::create_symlink(victims / "precious.txt", out / "summary.csv");
    fs::remove(out / "issues.csv");
    fs::create_symlink(victims / "new.csv", out / "issues.csv");
    const CmdResult r = run_small(out, {"--force"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(read_file(victims / "precious.txt") == "do not touch\n");
    CHECK_FALSE(fs::exists(victims / "new.csv"));
    CHECK_FALSE(fs::is_symlink(out / "summary.csv"));
    CHECK(read_file(out / "summary.csv").rfind("replicate,seed,", 0) == 0);
  }
  SECTION("a link at the lock file's place") {
    fs::create_symlink(victims / "precious.txt", tmp.path() / ".out.gridgov.lock");
    const CmdResult r = run_small(out);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("lock file"));
    CHECK(read_file(victims / "precious.txt") == "do not touch\n");
    CHECK_FALSE(fs::exists(out));
  }
  SECTION("a link named like a stale staging folder is removed, not what it points to") {
    fs::create_directory_symlink(victims, tmp.path() / ".out.gridgov-tmp.ABCDEF");
    const CmdResult r = run_small(out);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(read_file(victims / "precious.txt") == "do not touch\n");
    CHECK_FALSE(fs::exists(fs::symlink_status(tmp.path() / ".out.gridgov-tmp.ABCDEF")));
  }
  SECTION("write_atomic (sweeps) replaces a link at its path instead of writing through it") {
    fs::create_symlink(victims / "precious.txt", tmp.path() / "runs.csv");
    gridgov::io::write_atomic((tmp.path() / "runs.csv").string(), "fresh\n");
    CHECK(read_file(victims / "precious.txt") == "do not touch\n");
    CHECK_FALSE(fs::is_symlink(tmp.path() / "runs.csv"));
    CHECK(read_file(tmp.path() / "runs.csv") == "fresh\n");
  }
  SECTION("write_new_file refuses an existing name and a link") {
    fs::create_symlink(victims / "missing.txt", tmp.path() / "a.csv");
    CHECK_THROWS_AS(gridgov::io::write_new_file((tmp.path() / "a.csv").string(), "x"), gridgov::io::OutputError);
    CHECK_FALSE(fs::exists(victims / "missing.txt"));
    write_file(tmp.path() / "b.csv", "old\n");
    CHECK_THROWS_AS(gridgov::io::write_new_file((tmp.path() / "b.csv").string(), "x"), gridgov::io::OutputError);
    CHECK(read_file(tmp.path() / "b.csv") == "old\n");
  }
}

TEST_CASE("out of memory is exit 1 with a sentence, not a bare std::bad_alloc", "[system][results]") {
  if (GRIDGOV_SANITIZED) {
    SUCCEED("skipped: AddressSanitizer reserves terabytes of address space, so an address-space limit stops it at start");
    return;
  }
  TempDir tmp("oom");
  const fs::path out = tmp.path() / "out";
  // 10 million households need about 600 MB; 300 MB of address space makes an allocation fail
  // after the estimate (which looks at memory, not address space) let the run start.
  std::string cmd = "ulimit -v 300000; exec " + shell_quote(GRIDGOV_BINARY) + " run --out " + shell_quote(out.string()) +
                    " --quiet --threads 1 --set simulation.replicates=1 --set simulation.days=30"
                    " --set simulation.warmup_days=0 --set geography.communities=10"
                    " --set geography.grids_per_community=10 --set geography.buildings_per_grid=10"
                    " --set geography.households_per_building=10000";
  const CmdResult r = run_shell("sh -c " + shell_quote(cmd));
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("out of memory"));
  CHECK_THAT(r.err, Catch::Contains("Nothing was written"));
  CHECK(r.err.find("std::bad_alloc") == std::string::npos);
  CHECK_FALSE(fs::exists(out));
  CHECK(leftovers(tmp.path(), {".out.gridgov.lock"}).empty());
}

TEST_CASE("an output folder that is the current folder is refused before the run", "[system][results]") {
  TempDir tmp("cwd_out");
  write_file(tmp.path() / "notes.txt", "mine\n");
  const CmdResult r = run_gridgov({"run", small_yaml(), "--out", ".", "--force", "--quiet"}, tmp.path().string());
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("is the current folder or contains it"));
  CHECK(file_names(tmp.path()) == std::vector<std::string>{"notes.txt"});
}
