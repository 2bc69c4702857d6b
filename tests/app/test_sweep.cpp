// System tests of `gridgov sweep` and `gridgov collect`: they run the real executable on the small
// sweeps in tests/data/sweeps/ and check the files, their canonical order, determinism across
// thread counts and executors (TBB, shards + collect, MPI), a real SIGKILL followed by --resume,
// failing and timing-out runs, and bad sweep input.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "SystemTest.hpp"

namespace {

using namespace gridgov::systest;

std::string sweep_yaml(const std::string& name) { return source_path("tests/data/sweeps/" + name); }

CmdResult sweep_ok(const std::vector<std::string>& args, const std::string& env = "") {
  // Faults are injected by the test-only executor gridgov_faulty (tests/fault/).
  std::string cmd = env.empty() ? "" : env + " ";
  cmd.append(shell_quote(env.empty() ? GRIDGOV_BINARY : GRIDGOV_FAULTY_BINARY));
  for (const auto& a : args) cmd.append(" ").append(shell_quote(a));
  CmdResult r = run_shell(cmd);
  INFO("command: " << r.command);
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  return r;
}

/// runs.csv without the wall_s column (the only column that depends on the execution).
std::string runs_without_wall(const std::string& dir) {
  Csv c = read_csv(dir + "/runs.csv");
  const std::size_t w = c.col("wall_s");
  std::string out;
  auto line = [&](std::vector<std::string> cells) {
    cells.erase(cells.begin() + static_cast<long>(w));
    for (std::size_t i = 0; i < cells.size(); ++i) out.append(i ? "," : "").append(cells[i]);
    out += "\n";
  };
  line(c.header);
  for (const auto& r : c.rows) line(r);
  return out;
}

/// The files of two sweep folders are equal (runs.csv up to wall_s; the rest byte for byte).
void require_same_sweep(const std::string& a, const std::string& b) {
  for (const char* f :
       {"points.csv", "design.csv", "errors.csv", "dictionary.csv", "timeseries_runs.csv", "point_timeseries.csv"}) {
    INFO(f << "\n" << unified_diff(a + "/" + f, b + "/" + f));
    CHECK(read_file(a + "/" + f) == read_file(b + "/" + f));
  }
  CHECK(runs_without_wall(a) == runs_without_wall(b));
}

std::size_t lines_of(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return 0;
  const std::string t = read_file(path);
  return static_cast<std::size_t>(std::count(t.begin(), t.end(), '\n'));
}

}  // namespace

TEST_CASE("a factorial sweep writes design, runs in canonical order and per-point statistics", "[system][sweep]") {
  TempDir tmp("sweep");
  const auto out = tmp / "out";
  const auto r = sweep_ok({"sweep", sweep_yaml("factorial.yaml"), "--out", out});
  CHECK(r.out.find("12 run(s) (4 point(s) x 3 replicate(s))") != std::string::npos);
  CHECK(file_names(out) == std::vector<std::string>{"design.csv", "dictionary.csv", "errors.csv", "point_timeseries.csv",
                                                    "points.csv", "runs.csv", "sweep.lock", "sweep.resolved.yaml",
                                                    "timeseries_runs.csv"});

  // Factorial order: the first parameter varies slowest.
  const Csv design = read_csv(out + "/design.csv");
  REQUIRE(design.rows.size() == 4);
  const std::vector<std::pair<std::string, std::string>> expect{{"0.05", "1"}, {"0.05", "2"}, {"0.1", "1"}, {"0.1", "2"}};
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(design.at(i, "party.members_per_household") == expect[i].first);
    CHECK(design.at(i, "party.visits_per_month") == expect[i].second);
  }

  const Csv runs = read_csv(out + "/runs.csv");
  REQUIRE(runs.rows.size() == 12);
  for (std::size_t i = 0; i < 12; ++i) {
    CHECK(runs.at(i, "run_id") == std::to_string(i));
    CHECK(runs.at(i, "point_id") == std::to_string(i / 3));
    CHECK(runs.at(i, "replicate") == std::to_string(i % 3));
    CHECK(runs.at(i, "seed") == "7");
    CHECK(runs.at(i, "status") == "ok");
    CHECK(runs.at(i, "party.members_per_household") == expect[i / 3].first);
  }
  // Common random numbers: the issues raised depend on the replicate only, not on the policy.
  for (std::size_t i = 3; i < 12; ++i) CHECK(runs.at(i, "issues_raised") == runs.at(i % 3, "issues_raised"));
  // ... while the policy does change outcomes: twice the members, more party members.
  CHECK(runs.num(6, "party_members") > runs.num(0, "party_members"));

  // points.csv: one row per point and metric, with the mean and t CI of the replicates.
  const Csv points = read_csv(out + "/points.csv");
  const std::size_t metrics = runs.header.size() - runs.col("households");
  REQUIRE(points.rows.size() == 4 * metrics);
  bool checked = false;
  for (std::size_t i = 0; i < points.rows.size(); ++i) {
    CHECK(points.at(i, "runs_planned") == "3");
    CHECK(points.at(i, "runs_ok") == "3");
    if (points.at(i, "metric") != "resolved_share") continue;
    const std::size_t p = static_cast<std::size_t>(std::stoul(points.at(i, "point_id")));
    std::vector<double> v;
    for (std::size_t k = 0; k < 3; ++k) v.push_back(runs.num(3 * p + k, "resolved_share"));
    const double mean = (v[0] + v[1] + v[2]) / 3;
    double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    const double sd = std::sqrt(ss / 2), half = 4.302652729911275 * sd / std::sqrt(3.0);  // t(0.975, 2)
    CHECK(points.num(i, "mean") == Approx(mean).epsilon(1e-12));
    CHECK(points.num(i, "ci_low") == Approx(mean - half).epsilon(1e-9));
    CHECK(points.num(i, "ci_high") == Approx(mean + half).epsilon(1e-9));
    CHECK(points.num(i, "n") == 3);
    checked = true;
  }
  CHECK(checked);

  // baseline: 1 — paired differences against point 1, replicate by replicate (common random numbers).
  std::size_t diffs = 0;
  for (std::size_t i = 0; i < points.rows.size(); ++i) {
    const std::string metric = points.at(i, "metric");
    const std::size_t p = static_cast<std::size_t>(std::stoul(points.at(i, "point_id")));
    if (p == 1) {
      CHECK((points.at(i, "diff") == "0" || points.at(i, "diff") == "NA"));
      CHECK((points.at(i, "diff_ci_low") == "0" || points.at(i, "diff_ci_low") == "NA"));
      CHECK((points.at(i, "diff_ci_high") == "0" || points.at(i, "diff_ci_high") == "NA"));
      continue;
    }
    if (runs.at(3 * p, metric) == "NA" || runs.at(3, metric) == "NA") continue;
    std::vector<double> d;
    for (std::size_t k = 0; k < 3; ++k) d.push_back(runs.num(3 * p + k, metric) - runs.num(3 + k, metric));
    const double mean = (d[0] + d[1] + d[2]) / 3;
    double ss = 0;
    for (double x : d) ss += (x - mean) * (x - mean);
    const double half = 4.302652729911275 * std::sqrt(ss / 2) / std::sqrt(3.0);  // t(0.975, 2)
    INFO("point " << p << ", metric " << metric);
    CHECK(points.num(i, "diff") == Approx(mean).epsilon(1e-12).margin(1e-12));
    // The runs' values are read back from text: differences of nearly equal values carry their
    // rounding, so the margin scales with the values, not with the difference.
    const double scale = 1e-12 * (1.0 + std::fabs(runs.num(3 * p, metric)));
    CHECK(points.num(i, "diff_ci_low") == Approx(mean - half).epsilon(1e-9).margin(1e3 * scale));
    CHECK(points.num(i, "diff_ci_high") == Approx(mean + half).epsilon(1e-9).margin(1e3 * scale));
    ++diffs;
  }
  CHECK(diffs > 3 * 40);
  CHECK(read_file(out + "/sweep.resolved.yaml").find("\nbaseline: 1\n") != std::string::npos);

  // Daily bands: every point, day and daily metric, over the point's replicates, in canonical order.
  const Csv series = read_csv(out + "/timeseries_runs.csv");
  REQUIRE(series.rows.size() == 12 * 60);
  for (std::size_t i = 0; i < series.rows.size(); ++i) {
    CHECK(series.at(i, "run_id") == std::to_string(i / 60));
    CHECK(series.at(i, "day") == std::to_string(i % 60));
  }
  const Csv bands = read_csv(out + "/point_timeseries.csv");
  const std::size_t day_metrics = series.header.size() - 2;
  REQUIRE(bands.rows.size() == 4 * 60 * day_metrics);
  for (std::size_t i = 0; i < bands.rows.size(); ++i) {
    if (bands.at(i, "metric") != "issues_open") continue;
    const std::size_t p = std::stoul(bands.at(i, "point_id")), d = std::stoul(bands.at(i, "day"));
    double sum = 0;
    for (std::size_t k = 0; k < 3; ++k) sum += series.num((3 * p + k) * 60 + d, "issues_open");
    CHECK(bands.num(i, "mean") == Approx(sum / 3).epsilon(1e-12));
    CHECK(bands.at(i, "n") == "3");
  }

  // dictionary.csv describes every column of every file written.
  const Csv dict = read_csv(out + "/dictionary.csv");
  for (const char* f : {"runs.csv", "points.csv", "design.csv", "errors.csv", "timeseries_runs.csv", "point_timeseries.csv"}) {
    const Csv t = read_csv(out + "/" + f);
    std::vector<std::string> cols;
    for (const auto& row : dict.rows)
      if (row[0] == f) cols.push_back(row[1]);
    CHECK(cols == t.header);
  }
}

TEST_CASE("sweep results do not depend on the thread count, and sweep.resolved.yaml reproduces them", "[system][sweep]") {
  TempDir tmp("sweep_threads");
  sweep_ok({"sweep", sweep_yaml("factorial.yaml"), "--out", tmp / "t1", "--threads", "1", "--quiet"});
  sweep_ok({"sweep", sweep_yaml("factorial.yaml"), "--out", tmp / "t2", "--threads", "2", "--quiet"});
  require_same_sweep(tmp / "t1", tmp / "t2");
  sweep_ok({"sweep", tmp / "t1/sweep.resolved.yaml", "--out", tmp / "again", "--quiet"});
  require_same_sweep(tmp / "t1", tmp / "again");
}

TEST_CASE("kill -9 in the middle of a sweep, then --resume, gives the files of an uninterrupted sweep", "[system][sweep]") {
  TempDir tmp("sweep_kill");
  const std::string yaml = sweep_yaml("factorial.yaml");
  sweep_ok({"sweep", yaml, "--out", tmp / "ref", "--quiet"});

  // Every run sleeps 20 ms per simulated day (60 days): about 1.2 s a run, so the kill lands mid-sweep.
  std::string slow = "GRIDGOV_SWEEP_FAULT=";
  for (int i = 0; i < 12; ++i) slow.append(i ? ",slow:" : "slow:").append(std::to_string(i));
  const auto bg = run_shell(slow + " " + shell_quote(GRIDGOV_FAULTY_BINARY) + " sweep " + shell_quote(yaml) + " --out " +
                            shell_quote(tmp / "killed") + " --quiet --threads 2 >/dev/null 2>&1 & echo $!");
  const pid_t pid = static_cast<pid_t>(std::stol(bg.out));
  const auto t0 = std::chrono::steady_clock::now();
  while (lines_of(tmp / "killed/runs.csv") < 3 && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(::kill(pid, SIGKILL) == 0);
  for (int i = 0; i < 250; ++i) {  // wait until it is gone (or a zombie)
    std::error_code ec;
    const std::string stat = std::string("/proc/").append(std::to_string(pid)).append("/stat");
    const std::string st = fs::exists(stat, ec) ? read_file(stat) : "";
    if (st.empty() || st.find(") Z") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const std::size_t rows = lines_of(tmp / "killed/runs.csv") - 1;
  INFO("rows recorded before the kill: " << rows);
  CHECK(rows >= 2);
  CHECK(rows < 12);
  CHECK_FALSE(fs::exists(tmp / "killed/points.csv"));

  // A torn last line (as if killed inside a write) is cut off on resume.
  {
    std::ofstream app(tmp / "killed/runs.csv", std::ios::app | std::ios::binary);
    app << "11,3,2,7,0.1,2,o";
  }
  // A run whose row survived but whose daily rows did not (a machine crash) is run again.
  CHECK(read_file(tmp / "killed/runs.csv").find("\n0,") != std::string::npos);  // run 0 (the first taken) is done
  {
    const std::string series = read_file(tmp / "killed/timeseries_runs.csv");
    std::string kept;
    std::istringstream in(series);
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("0,", 0) != 0) kept += line + "\n";
    write_file(tmp / "killed/timeseries_runs.csv", kept);
  }
  // Without --resume the folder is refused.
  const auto refused = run_gridgov({"sweep", yaml, "--out", tmp / "killed", "--quiet"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("--resume") != std::string::npos);

  sweep_ok({"sweep", yaml, "--out", tmp / "killed", "--resume", "--quiet"});
  require_same_sweep(tmp / "ref", tmp / "killed");
  // Resuming a complete sweep changes nothing.
  sweep_ok({"sweep", yaml, "--out", tmp / "killed", "--resume", "--quiet"});
  require_same_sweep(tmp / "ref", tmp / "killed");
}

TEST_CASE("resuming refuses a folder that holds another sweep, and --force starts over", "[system][sweep]") {
  TempDir tmp("sweep_other");
  sweep_ok({"sweep", sweep_yaml("factorial.yaml"), "--out", tmp / "out", "--quiet"});
  const auto r = run_gridgov({"sweep", sweep_yaml("list.yaml"), "--out", tmp / "out", "--resume", "--quiet"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("differs") != std::string::npos);
  sweep_ok({"sweep", sweep_yaml("list.yaml"), "--out", tmp / "out", "--force", "--quiet"});
  CHECK(read_csv(tmp / "out/design.csv").header.at(1) == "name");
}

TEST_CASE("a run that throws or exceeds --run-timeout is recorded and the sweep goes on, and --retry retries",
          "[system][sweep]") {
  TempDir tmp("sweep_fail");
  const auto out = tmp / "out";
  sweep_ok({"sweep", sweep_yaml("factorial.yaml"), "--out", out, "--quiet", "--run-timeout", "0.3", "--retry", "1"},
           "GRIDGOV_SWEEP_FAULT=throw:2,slow:5,flaky:7");
  const Csv runs = read_csv(out + "/runs.csv");
  REQUIRE(runs.rows.size() == 12);
  CHECK(runs.at(2, "status") == "error");
  CHECK(runs.at(2, "attempts") == "2");
  CHECK(runs.at(2, "issues_raised") == "NA");
  CHECK(runs.at(5, "status") == "timeout");
  CHECK(runs.at(7, "status") == "ok");
  CHECK(runs.at(7, "attempts") == "2");
  for (std::size_t i : {0, 1, 3, 4, 6, 8, 9, 10, 11}) CHECK(runs.at(i, "status") == "ok");
  const Csv errors = read_csv(out + "/errors.csv");
  REQUIRE(errors.rows.size() == 5);  // run 2 twice, run 5 twice, run 7 once
  CHECK(errors.at(0, "run_id") == "2");
  CHECK(errors.at(2, "status") == "timeout");
  CHECK(errors.at(4, "run_id") == "7");
  CHECK(errors.at(4, "message").find("injected") != std::string::npos);
  // points.csv counts what each point really has.
  const Csv points = read_csv(out + "/points.csv");
  for (std::size_t i = 0; i < points.rows.size(); ++i) {
    const auto p = points.at(i, "point_id");
    CHECK(points.at(i, "runs_ok") == (p == "0" || p == "1" ? "2" : "3"));
  }
  // The same run without the faults differs only in those runs.
  sweep_ok({"sweep", sweep_yaml("factorial.yaml"), "--out", tmp / "clean", "--quiet"});
  const Csv clean = read_csv(tmp / "clean/runs.csv");
  CHECK(clean.at(7, "issues_resolved") == runs.at(7, "issues_resolved"));
}

TEST_CASE("shards run with --shard i/N and merged by gridgov collect equal a single sweep", "[system][sweep]") {
  TempDir tmp("sweep_shards");
  const std::string yaml = sweep_yaml("factorial.yaml");
  sweep_ok({"sweep", yaml, "--out", tmp / "single", "--quiet"});
  for (int i = 0; i < 3; ++i)
    sweep_ok({"sweep", yaml, "--shard", std::to_string(i) + "/3", "--out", tmp / std::string("s").append(std::to_string(i)),
              "--quiet"});
  CHECK(read_csv(tmp / "s1/runs.csv").rows.size() == 4);
  CHECK_FALSE(fs::exists(tmp / "s1/points.csv"));

  // An incomplete set of shards is refused.
  const auto missing = run_gridgov({"collect", "--out", tmp / "bad", tmp / "s0", tmp / "s2"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("shard 1/3 is missing") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "bad/runs.csv"));

  sweep_ok({"collect", "--out", tmp / "merged", tmp / "s2", tmp / "s0", tmp / "s1"});
  require_same_sweep(tmp / "single", tmp / "merged");
  CHECK(read_file(tmp / "single/sweep.resolved.yaml") == read_file(tmp / "merged/sweep.resolved.yaml"));

  // Shards of another sweep are refused.
  sweep_ok({"sweep", sweep_yaml("list.yaml"), "--shard", "1/3", "--out", tmp / "other", "--quiet"});
  const auto mixed = run_gridgov({"collect", "--out", tmp / "bad2", tmp / "s0", tmp / "other", tmp / "s2"});
  CHECK(mixed.exit_code == 2);
  CHECK(mixed.err.find("different sweeps") != std::string::npos);
}

#if GRIDGOV_HAVE_MPI
TEST_CASE("mpirun -np 3 gridgov sweep --mpi equals a local sweep", "[system][sweep][mpi]") {
  TempDir tmp("sweep_mpi");
  const std::string yaml = sweep_yaml("factorial.yaml");
  sweep_ok({"sweep", yaml, "--out", tmp / "local", "--quiet"});
  const std::string cmd = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader " +
                          shell_quote(GRIDGOV_MPIEXEC) + " -np 3 --oversubscribe " + shell_quote(GRIDGOV_BINARY) + " sweep " +
                          shell_quote(yaml) + " --mpi --quiet --out " + shell_quote(tmp / "mpi");
  const auto r = run_shell(cmd);
  INFO(r.command << "\n" << r.err);
  REQUIRE(r.exit_code == 0);
  require_same_sweep(tmp / "local", tmp / "mpi");
}
#endif

TEST_CASE("the plan (--plan) prints the run count, an estimate and the design matrix, and writes nothing", "[system][sweep]") {
  TempDir tmp("sweep_plan");
  const auto r = sweep_ok({"sweep", sweep_yaml("factorial.yaml"), "--plan", "--out", tmp / "out"});
  CHECK(r.out.find("4 point(s) x 3 replicate(s) = 12 run(s)") != std::string::npos);
  CHECK(r.out.find("estimate") != std::string::npos);
  CHECK(r.out.find("point_id,party.members_per_household,party.visits_per_month\n0,0.05,1\n") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "out"));
}

TEST_CASE("list, Latin hypercube, Sobol' and Morris sweeps run end to end", "[system][sweep]") {
  TempDir tmp("sweep_designs");
  sweep_ok({"sweep", sweep_yaml("list.yaml"), "--out", tmp / "list", "--quiet"});
  const Csv list = read_csv(tmp / "list/design.csv");
  REQUIRE(list.rows.size() == 3);
  CHECK(list.at(0, "name") == "baseline");
  CHECK(list.at(2, "firms.review.enabled") == "true");
  CHECK_THROWS(read_csv(tmp / "list/points.csv").col("diff"));  // no baseline, no paired columns

  sweep_ok({"sweep", sweep_yaml("lhs.yaml"), "--out", tmp / "lhs", "--quiet"});
  const Csv lhs = read_csv(tmp / "lhs/design.csv");
  REQUIRE(lhs.rows.size() == 6);
  std::set<int> strata;
  for (std::size_t i = 0; i < 6; ++i) {
    const double v = lhs.num(i, "party.members_per_household");
    strata.insert(static_cast<int>((v - 0.05) / (0.2 - 0.05) * 6));
    const std::string lead = lhs.at(i, "leads.households_per_lead");
    CHECK(lead.find('.') == std::string::npos);  // an integer parameter gets integers
  }
  CHECK(strata.size() == 6);  // one point per stratum

  sweep_ok({"sweep", sweep_yaml("sobol.yaml"), "--out", tmp / "sobol", "--quiet"});
  CHECK(read_csv(tmp / "sobol/design.csv").rows.size() == 4 * (2 + 2));
  const Csv sens = read_csv(tmp / "sobol/sensitivity.csv");
  CHECK(sens.header == std::vector<std::string>{"metric", "parameter", "index", "value", "ci_low", "ci_high"});
  CHECK_FALSE(sens.rows.empty());
  for (std::size_t i = 0; i < sens.rows.size(); ++i) {
    if (sens.at(i, "ci_low") == "NA") continue;
    CHECK(sens.num(i, "ci_low") <= sens.num(i, "ci_high"));
  }

  sweep_ok({"sweep", sweep_yaml("morris.yaml"), "--out", tmp / "morris", "--quiet"});
  const Csv morris = read_csv(tmp / "morris/design.csv");
  CHECK(morris.rows.size() == 3 * (2 + 1));
  CHECK(read_csv(tmp / "morris/sensitivity.csv").at(1, "index") == "sigma");
}

TEST_CASE("bad sweep files are refused with exit 2, file:line:column and the key, writing nothing", "[system][sweep][input]") {
  TempDir tmp("sweep_bad");
  struct Case {
    std::string text, expect;
  };
  const std::string base = "base: " + small_yaml() + "\n";
  const std::vector<Case> cases{
      {base + "replicats: 3\ndesign: {type: factorial, parameters: {party.visits_per_month: [1, 2]}}\n",
       ":2:1: unknown key 'replicats'"},
      {base + "design: {type: factorail, parameters: {party.visits_per_month: [1]}}\n", "did you mean 'factorial'?"},
      {base + "design:\n  type: factorial\n  parameters:\n    party.visits_per_mont: [1, 2]\n",
       ":5:5: unknown scenario parameter 'party.visits_per_mont' under 'design.parameters' (did you mean "
       "'party.visits_per_month'?)"},
      {base + "design:\n  type: factorial\n  parameters:\n    party.visits_per_month: [1, many]\n",
       ":5:33: key 'party.visits_per_month': expected a number, got 'many'"},
      {base + "design:\n  type: factorial\n  parameters:\n    party.members_per_household: [0.1, -1]\n",
       "party.members_per_household"},
      {base + "design:\n  type: lhs\n  points: 4\n  parameters:\n    party.visits_per_month: {min: 1}\n", "both 'min' and 'max'"},
      {base + "design:\n  type: factorial\n  parameters:\n    simulation.seed: [1, 2]\n", "set by the sweep itself"},
      {base + "design:\n  type: morris\n  trajectories: 2\n  levels: 3\n  parameters:\n    party.visits_per_month: {min: 1, max: "
              "2}\n",
       "expected an even number of levels"},
      {"base: no_such_file.yaml\ndesign: {type: list, points: [{name: a}]}\n", "does not exist"},
      {base + "design:\n  type: list\n  points:\n    - {name: a}\n    - {name: a}\n", "unique point names"},
      {base + "design:\n  type: factorial\n  parameters:\n    party.kinds.retired: [0.1, 0.5]\n",
       "retired + in_service + mobile = 1"},
      {base + "design: [1, 2\n", "malformed YAML"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string file = tmp / std::string("bad").append(std::to_string(i)).append(".yaml");
    write_file(file, cases[i].text);
    const auto r = run_gridgov({"sweep", file, "--out", tmp / "out", "--quiet"});
    INFO("case " << i << ": " << cases[i].text << "\nstderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(cases[i].expect) != std::string::npos);
    CHECK(r.err.find(file) != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "out"));
  }
  const auto shard = run_gridgov({"sweep", sweep_yaml("factorial.yaml"), "--shard", "3/3", "--out", tmp / "out"});
  CHECK(shard.exit_code == 2);
  CHECK(shard.err.find("--shard 3/3") != std::string::npos);
}

TEST_CASE("resuming a folder killed before its sweep started (no sweep.resolved.yaml yet) starts the sweep", "[system][sweep]") {
  TempDir tmp("sweep_early");
  const std::string yaml = sweep_yaml("factorial.yaml");
  sweep_ok({"sweep", yaml, "--out", tmp / "ref", "--quiet"});
  fs::create_directories(tmp / "early");
  write_file(tmp / "early/design.csv", "point_id\n");
  write_file(tmp / "early/runs.csv.tmp.123", "half");
  sweep_ok({"sweep", yaml, "--out", tmp / "early", "--resume", "--quiet"});
  require_same_sweep(tmp / "ref", tmp / "early");
  CHECK_FALSE(fs::exists(tmp / "early/runs.csv.tmp.123"));
  // A folder with someone else's files is not taken over.
  fs::create_directories(tmp / "foreign");
  write_file(tmp / "foreign/notes.txt", "mine");
  const auto r = run_gridgov({"sweep", yaml, "--out", tmp / "foreign", "--resume", "--quiet"});
  CHECK(r.exit_code == 2);
  CHECK(read_file(tmp / "foreign/notes.txt") == "mine");
}

TEST_CASE("a second process on a running sweep's folder is refused, and collect never writes into a shard", "[system][sweep]") {
  TempDir tmp("sweep_lock");
  const std::string yaml = sweep_yaml("factorial.yaml");
  const auto bg =
      run_shell("GRIDGOV_SWEEP_FAULT=slow:0,slow:1 " + shell_quote(GRIDGOV_FAULTY_BINARY) + " sweep " + shell_quote(yaml) +
                " --out " + shell_quote(tmp / "busy") + " --quiet --threads 2 >/dev/null 2>&1 & echo $!");
  const pid_t pid = static_cast<pid_t>(std::stol(bg.out));
  const auto t0 = std::chrono::steady_clock::now();
  while (!fs::exists(tmp / "busy/sweep.resolved.yaml") && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(30))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto second = run_gridgov({"sweep", yaml, "--out", tmp / "busy", "--resume", "--quiet"});
  CHECK(second.exit_code == 2);
  CHECK(second.err.find("another gridgov process") != std::string::npos);
  ::kill(pid, SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  sweep_ok({"sweep", yaml, "--out", tmp / "busy", "--resume", "--quiet"});  // the lock died with its holder
  CHECK(read_csv(tmp / "busy/runs.csv").rows.size() == 12);

  for (int i = 0; i < 2; ++i)
    sweep_ok({"sweep", yaml, "--shard", std::to_string(i) + "/2", "--out", tmp / std::string("s").append(std::to_string(i)),
              "--quiet"});
  const auto into = run_gridgov({"collect", "--force", "--out", tmp / "s0", tmp / "s0", tmp / "s1"});
  CHECK(into.exit_code == 2);
  CHECK(fs::exists(tmp / "s0/runs.csv"));
}

TEST_CASE("repeated factorial levels and line breaks in names are refused, and failed points keep their daily rows",
          "[system][sweep][input]") {
  TempDir tmp("sweep_edges");
  const std::string base = "base: " + small_yaml() + "\nset: {simulation.days: 60, simulation.warmup_days: 0}\nreplicates: 1\n";
  write_file(tmp / "dup.yaml", base + "design:\n  type: factorial\n  parameters:\n    party.visits_per_month: [1, 2, 1]\n");
  const auto dup = run_gridgov({"sweep", tmp / "dup.yaml", "--out", tmp / "o1"});
  CHECK(dup.exit_code == 2);
  CHECK(dup.err.find("distinct levels") != std::string::npos);
  write_file(tmp / "nl.yaml", base + "design:\n  type: list\n  points:\n    - name: \"a\\nb\"\n");
  const auto nl = run_gridgov({"sweep", tmp / "nl.yaml", "--out", tmp / "o2"});
  CHECK(nl.exit_code == 2);
  CHECK(nl.err.find("line break") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "o1"));
  CHECK_FALSE(fs::exists(tmp / "o2"));

  write_file(tmp / "ts.yaml",
             base + "timeseries: true\ndesign:\n  type: factorial\n  parameters:\n    party.visits_per_month: [1, 2, 3]\n");
  sweep_ok({"sweep", tmp / "ts.yaml", "--out", tmp / "ts", "--quiet"}, "GRIDGOV_SWEEP_FAULT=throw:0,throw:2");
  const Csv bands = read_csv(tmp / "ts/point_timeseries.csv");
  std::size_t rows_point0 = 0, rows_point2 = 0;
  for (std::size_t i = 0; i < bands.rows.size(); ++i) {
    if (bands.at(i, "point_id") == "0") {
      ++rows_point0;
      CHECK(bands.at(i, "n") == "0");
    }
    if (bands.at(i, "point_id") == "2") ++rows_point2;
  }
  CHECK(rows_point0 == bands.rows.size() / 3);
  CHECK(rows_point2 == rows_point0);
}

TEST_CASE("sensitivity indices through the sweep path: a parameter without effect gets zero, the dominant one the largest",
          "[system][sweep][sensitivity]") {
  TempDir tmp("sweep_sens");
  sweep_ok({"sweep", sweep_yaml("sobol_known.yaml"), "--out", tmp / "sobol", "--quiet"});
  const Csv sens = read_csv(tmp / "sobol/sensitivity.csv");
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> at;
  for (std::size_t i = 0; i < sens.rows.size(); ++i) at[{sens.at(i, "metric"), sens.at(i, "parameter"), sens.at(i, "index")}] = i;
  auto row = [&](const std::string& m, const std::string& p, const std::string& idx) {
    const auto it = at.find({m, p, idx});
    REQUIRE(it != at.end());
    return it->second;
  };
  const std::string members = "party.members_per_household", patrols = "grid.patrols_per_day", size = "geography.household_size";
  // residents = households x household_size: only household_size matters.
  for (const auto& p : {members, patrols})
    for (const char* idx : {"S1", "ST"}) {
      INFO("residents, " << p << ", " << idx);
      const std::size_t i = row("residents", p, idx);
      CHECK(sens.num(i, "value") == 0);
      CHECK(sens.num(i, "ci_low") == 0);
      CHECK(sens.num(i, "ci_high") == 0);
    }
  const std::size_t s1_size = row("residents", size, "S1"), st_size = row("residents", size, "ST");
  CHECK(sens.num(s1_size, "value") > 0.5);
  CHECK(sens.num(st_size, "value") == Approx(1.0).margin(0.35));
  CHECK(sens.num(s1_size, "ci_low") <= sens.num(s1_size, "ci_high"));
  CHECK(sens.num(s1_size, "ci_high") > 0.5);
  // party_members depends on members per household only: patrols get exactly 0, members the largest index.
  CHECK(sens.num(row("party_members", patrols, "S1"), "value") == 0);
  CHECK(sens.num(row("party_members", patrols, "ST"), "ci_high") == 0);
  CHECK(sens.num(row("party_members", size, "ST"), "value") == 0);
  CHECK(sens.num(row("party_members", members, "S1"), "value") > 0.5);
  CHECK(sens.num(row("party_members", members, "ST"), "ci_low") > 0);

  // Morris: the elementary effect of household_size on residents is 720 x (3 - 2) in every trajectory.
  sweep_ok({"sweep", sweep_yaml("morris_known.yaml"), "--out", tmp / "morris", "--quiet"});
  const Csv m = read_csv(tmp / "morris/sensitivity.csv");
  bool seen_size = false, seen_patrols = false;
  for (std::size_t i = 0; i < m.rows.size(); ++i) {
    if (m.at(i, "metric") != "residents") continue;
    INFO(m.at(i, "parameter") << " " << m.at(i, "index"));
    const bool is_size = m.at(i, "parameter") == size;
    const double expect = m.at(i, "index") == "mu_star" && is_size ? 720.0 : 0.0;
    CHECK(m.num(i, "value") == Approx(expect).margin(1e-6));
    CHECK(m.num(i, "ci_low") == Approx(expect).margin(1e-6));
    CHECK(m.num(i, "ci_high") == Approx(expect).margin(1e-6));
    (is_size ? seen_size : seen_patrols) = true;
  }
  CHECK(seen_size);
  CHECK(seen_patrols);

  // Reproducible: the same sweep again gives the same intervals, byte for byte.
  sweep_ok({"sweep", sweep_yaml("sobol_known.yaml"), "--out", tmp / "again", "--quiet", "--threads", "1"});
  CHECK(read_file(tmp / "sobol/sensitivity.csv") == read_file(tmp / "again/sensitivity.csv"));
}

TEST_CASE("a sensitivity analysis with failed runs is refused, naming the points, with exit status 1",
          "[system][sweep][sensitivity]") {
  TempDir tmp("sweep_sens_fail");
  const std::string yaml = sweep_yaml("sobol_known.yaml");
  const std::string cmd = "GRIDGOV_SWEEP_FAULT=throw:5,throw:17 " + shell_quote(GRIDGOV_FAULTY_BINARY) + " sweep " +
                          shell_quote(yaml) + " --out " + shell_quote(tmp / "out") + " --quiet";
  const auto r = run_shell(cmd);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("sensitivity.csv not written") != std::string::npos);
  CHECK(r.err.find("2 point(s) have runs that failed or timed out: 5, 17") != std::string::npos);
  CHECK(fs::exists(tmp / "out/points.csv"));  // the rest of the sweep is complete
  CHECK_FALSE(fs::exists(tmp / "out/sensitivity.csv"));
  // The same through shards and collect.
  for (int i = 0; i < 2; ++i) {
    const auto s = run_shell("GRIDGOV_SWEEP_FAULT=throw:5 " + shell_quote(GRIDGOV_FAULTY_BINARY) + " sweep " + shell_quote(yaml) +
                             " --shard " + std::to_string(i) + "/2 --out " +
                             shell_quote(tmp / std::string("s").append(std::to_string(i))) + " --quiet");
    REQUIRE(s.exit_code == 0);
  }
  const auto c = run_gridgov({"collect", "--out", tmp / "merged", tmp / "s0", tmp / "s1"});
  CHECK(c.exit_code == 1);
  CHECK(c.err.find("failed or timed out: 5 ") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "merged/sensitivity.csv"));
  // Rerunning the failed runs (their rows deleted, then --resume) completes the analysis.
  const std::string runs = read_file(tmp / "out/runs.csv");
  std::string kept;
  std::istringstream in(runs);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("5,", 0) != 0 && line.rfind("17,", 0) != 0) kept += line + "\n";
  write_file(tmp / "out/runs.csv", kept);
  sweep_ok({"sweep", yaml, "--out", tmp / "out", "--resume", "--quiet"});
  sweep_ok({"sweep", yaml, "--out", tmp / "ref", "--quiet"});
  CHECK(read_file(tmp / "out/sensitivity.csv") == read_file(tmp / "ref/sensitivity.csv"));
}

TEST_CASE("a sweep baseline may name a list point, and a wrong one is refused with its location", "[system][sweep][compare]") {
  TempDir tmp("sweep_baseline");
  const std::string list = read_file(sweep_yaml("list.yaml"));
  std::string named = list;
  named.replace(named.find("base: ../small.yaml"), 19, "base: " + small_yaml() + "\nbaseline: more members");
  write_file(tmp / "named.yaml", named);
  sweep_ok({"sweep", tmp / "named.yaml", "--out", tmp / "named", "--quiet"});
  const Csv points = read_csv(tmp / "named/points.csv");
  const Csv runs = read_csv(tmp / "named/runs.csv");
  CHECK(read_file(tmp / "named/sweep.resolved.yaml").find("\nbaseline: \"more members\"\n") != std::string::npos);
  for (std::size_t i = 0; i < points.rows.size(); ++i) {
    if (points.at(i, "metric") != "party_members") continue;
    const std::size_t p = std::stoul(points.at(i, "point_id"));
    const double d = (runs.num(2 * p, "party_members") - runs.num(2, "party_members") + runs.num(2 * p + 1, "party_members") -
                      runs.num(3, "party_members")) /
                     2;
    CHECK(points.num(i, "diff") == Approx(d));
    if (p == 0) CHECK(points.num(i, "diff") < 0);  // the baseline point has fewer members than "more members"
  }
  // The resolved sweep reproduces it, baseline included.
  sweep_ok({"sweep", tmp / "named/sweep.resolved.yaml", "--out", tmp / "again", "--quiet"});
  CHECK(read_file(tmp / "named/points.csv") == read_file(tmp / "again/points.csv"));
  // compare --sweep gives the same paired differences.
  const auto c =
      run_gridgov({"compare", "--sweep", tmp / "named", "--baseline", "more members", "--out", tmp / "cmp", "--quiet"});
  REQUIRE(c.exit_code == 0);
  const Csv cmp = read_csv(tmp / "cmp/compare.csv");
  for (std::size_t i = 0; i < cmp.rows.size(); ++i)
    if (cmp.at(i, "scenario") == "baseline" && cmp.at(i, "metric") == "party_members")
      for (std::size_t j = 0; j < points.rows.size(); ++j)
        if (points.at(j, "point_id") == "0" && points.at(j, "metric") == "party_members")
          CHECK(cmp.at(i, "diff") == points.at(j, "diff"));

  std::string wrong = named;
  wrong.replace(wrong.find("baseline: more members"), 22, "baseline: more_members");
  write_file(tmp / "wrong.yaml", wrong);
  const auto r = run_gridgov({"sweep", tmp / "wrong.yaml", "--out", tmp / "w", "--quiet"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(tmp / "wrong.yaml:3:11: key 'baseline': expected a point id from 0 to 2 or a point name") !=
        std::string::npos);
  CHECK(r.err.find("did you mean 'more members'?") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "w"));
  std::string out_of_range = named;
  out_of_range.replace(out_of_range.find("baseline: more members"), 22, "baseline: 3");
  write_file(tmp / "range.yaml", out_of_range);
  const auto r2 = run_gridgov({"sweep", tmp / "range.yaml", "--out", tmp / "w", "--quiet"});
  CHECK(r2.exit_code == 2);
  CHECK(r2.err.find("expected a point id from 0 to 2") != std::string::npos);
}

namespace {

/// Every file of a folder (name and content), to check that a refused command wrote nothing.
std::map<std::string, std::string> folder_snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& n : file_names(dir)) files[n] = read_file(dir / n);
  return files;
}

/// Rewrite line `n` (1-based) of a CSV file (cells without quoting) with `edit`.
void edit_line(const fs::path& path, std::size_t n, const std::function<void(std::vector<std::string>&)>& edit) {
  std::istringstream in(read_file(path));
  std::string line, out;
  for (std::size_t i = 1; std::getline(in, line); ++i) {
    if (i == n) {
      std::vector<std::string> cells;
      std::string cell;
      std::istringstream ls(line);
      while (std::getline(ls, cell, ',')) cells.push_back(cell);
      if (!line.empty() && line.back() == ',') cells.emplace_back();
      edit(cells);
      line.clear();
      for (std::size_t k = 0; k < cells.size(); ++k) line.append(k ? "," : "").append(cells[k]);
    }
    out += line + "\n";
  }
  write_file(path, out);
}

}  // namespace

TEST_CASE("resuming refuses a sweep whose input file (the buildings CSV) changed, naming it, and writes nothing",
          "[system][sweep][resume]") {
  TempDir tmp("sweep_inputs");
  const std::string csv = read_file(source_path("tests/data/buildings_small.csv"));
  write_file(tmp / "buildings.csv", csv);
  write_file(tmp / "sweep.yaml",
             "base:\n  simulation: {days: 20, warmup_days: 0}\n  geography: {source: csv, buildings_csv: buildings.csv}\n"
             "seed: 3\nreplicates: 2\ndesign:\n  type: factorial\n  parameters:\n    party.members_per_household: [0.05, 0.1]\n");
  sweep_ok({"sweep", tmp / "sweep.yaml", "--out", tmp / "out", "--quiet"});
  // sweep.resolved.yaml pins the file's content (a comment line, so the file still runs as a sweep).
  const std::string resolved = read_file(tmp / "out/sweep.resolved.yaml");
  const std::string abs = fs::absolute(tmp / "buildings.csv").lexically_normal().string();
  CHECK(resolved.find("\n# input: fnv1a64=") != std::string::npos);
  CHECK(resolved.find(std::string(" ").append(abs).append("\n")) != std::string::npos);
  sweep_ok({"sweep", tmp / "out/sweep.resolved.yaml", "--out", tmp / "again", "--quiet"});
  CHECK(read_file(tmp / "again/points.csv") == read_file(tmp / "out/points.csv"));
  // An unchanged input resumes.
  sweep_ok({"sweep", tmp / "sweep.yaml", "--out", tmp / "out", "--resume", "--quiet"});

  // One household more in one building: refused, naming the file, nothing written.
  std::string changed = csv;
  const auto at = changed.find(",30\n");
  REQUIRE(at != std::string::npos);
  changed.replace(at, 4, ",31\n");
  write_file(tmp / "buildings.csv", changed);
  const auto before = folder_snapshot(tmp / "out");
  const auto r = run_gridgov({"sweep", tmp / "sweep.yaml", "--out", tmp / "out", "--resume", "--quiet"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(abs) != std::string::npos);
  CHECK(r.err.find("differs") != std::string::npos);
  CHECK(folder_snapshot(tmp / "out") == before);
  // Also after a kill: a folder without points.csv is refused the same way.
  fs::remove(tmp / "out/points.csv");
  const auto before2 = folder_snapshot(tmp / "out");
  const auto r2 = run_gridgov({"sweep", tmp / "sweep.yaml", "--out", tmp / "out", "--resume", "--quiet"});
  CHECK(r2.exit_code == 2);
  CHECK(r2.err.find(abs) != std::string::npos);
  CHECK(folder_snapshot(tmp / "out") == before2);
  // A removed input is refused too.
  fs::remove(tmp / "buildings.csv");
  const auto r3 = run_gridgov({"sweep", tmp / "sweep.yaml", "--out", tmp / "out", "--resume", "--quiet"});
  CHECK(r3.exit_code == 2);
  CHECK(folder_snapshot(tmp / "out") == before2);
  // The original content resumes again.
  write_file(tmp / "buildings.csv", csv);
  sweep_ok({"sweep", tmp / "sweep.yaml", "--out", tmp / "out", "--resume", "--quiet"});
  CHECK(read_file(tmp / "again/points.csv") == read_file(tmp / "out/points.csv"));
}

TEST_CASE("resuming validates journal rows: a damaged row is refused with its file and line, a torn last line is run again",
          "[system][sweep][resume]") {
  TempDir tmp("sweep_journal");
  const std::string yaml = sweep_yaml("factorial.yaml");
  sweep_ok({"sweep", yaml, "--out", tmp / "ref", "--quiet"});
  struct Case {
    std::string name, file;
    std::size_t line;
    std::function<void(std::vector<std::string>&)> edit;
    std::string message;
  };
  const Csv runs = read_csv(tmp / "ref/runs.csv");
  const std::size_t status = runs.col("status"), point = runs.col("point_id"), metric = runs.col("issues_raised");
  const std::vector<Case> cases{
      {"cells", "runs.csv", 3, [](auto& c) { c.pop_back(); }, "cells, expected"},
      {"extra", "runs.csv", 13, [](auto& c) { c.emplace_back("1"); }, "cells, expected"},
      {"metric", "runs.csv", 4, [&](auto& c) { c[metric] = std::string("12abc"); }, "issues_raised '12abc' is not a number"},
      {"status", "runs.csv", 5, [&](auto& c) { c[status] = std::string("done"); }, "status 'done' is not ok, error or timeout"},
      {"point", "runs.csv", 6, [&](auto& c) { c[point] = std::string("3"); }, "point_id is '3', but run 4 has point_id '1'"},
      {"runid", "runs.csv", 7, [](auto& c) { c[0] = std::string("99"); }, "run_id '99' is not a run of this sweep"},
      {"seed", "runs.csv", 8, [](auto& c) { c[3] = std::string("8"); }, "seed is '8'"},
      {"series", "timeseries_runs.csv", 10, [](auto& c) { c[2] = std::string("x"); }, "is not a number"},
      {"day", "timeseries_runs.csv", 11, [](auto& c) { c[1] = std::string("50"); }, "run 0 has day 50 where day 9 was expected"},
      {"series_cells", "timeseries_runs.csv", 20, [](auto& c) { c.resize(3); }, "cells, expected"},
  };
  for (const auto& k : cases) {
    SECTION(k.name) {
      const fs::path dir = tmp / k.name;
      fs::copy(tmp / "ref", dir, fs::copy_options::recursive);
      fs::remove(dir / "points.csv");  // as if killed before finalise
      edit_line(dir / k.file, k.line, k.edit);
      const auto before = folder_snapshot(dir);
      const auto r = run_gridgov({"sweep", yaml, "--out", dir, "--resume", "--quiet"});
      INFO(r.err);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find((dir / k.file).string().append(":").append(std::to_string(k.line)).append(": damaged journal row")) !=
            std::string::npos);
      CHECK(r.err.find(k.message) != std::string::npos);
      CHECK(r.err.find("range_check") == std::string::npos);
      CHECK(folder_snapshot(dir) == before);
    }
  }
  SECTION("errors.csv") {
    const fs::path dir = tmp / "errors";
    const auto f = run_shell("GRIDGOV_SWEEP_FAULT=throw:5 " + shell_quote(GRIDGOV_FAULTY_BINARY) + " sweep " + shell_quote(yaml) +
                             " --out " + shell_quote(dir.string()) + " --quiet");
    INFO(f.err);
    REQUIRE(lines_of(dir / "errors.csv") == 2);  // run 5 failed once
    fs::remove(dir / "points.csv");
    edit_line(dir / "errors.csv", 2, [](auto& c) { c[4] = std::string("crashed"); });
    const auto before = folder_snapshot(dir);
    const auto r = run_gridgov({"sweep", yaml, "--out", dir, "--resume", "--quiet"});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find((dir / "errors.csv").string().append(":2: damaged journal row: status 'crashed' is not error or timeout")) !=
          std::string::npos);
    CHECK(folder_snapshot(dir) == before);
  }
  SECTION("torn last line") {
    const fs::path dir = tmp / "torn";
    fs::copy(tmp / "ref", dir, fs::copy_options::recursive);
    // Drop run 11's row and leave half of it, without a newline: a write cut off by a kill.
    const std::string text = read_file(dir / "runs.csv");
    const auto last = text.rfind('\n', text.size() - 2);
    write_file(dir / "runs.csv", text.substr(0, last + 1) + text.substr(last + 1, 20));
    const auto r = run_gridgov({"sweep", yaml, "--out", dir, "--resume", "--quiet"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find(dir.string().append("/runs.csv:13: the last line is incomplete")) != std::string::npos);
    require_same_sweep(tmp / "ref", dir.string());
  }
}

TEST_CASE("a kill -9 during finalise, then --resume, leaves exactly the files of an uninterrupted sweep",
          "[system][sweep][resume]") {
  TempDir tmp("sweep_finalise_kill");
  const std::string yaml = sweep_yaml("factorial.yaml");
  sweep_ok({"sweep", yaml, "--out", tmp / "ref", "--quiet"});
  const auto ref_files = file_names(tmp / "ref");
  // Step 0: killed after the journals were sorted, before any summary; step 1: killed while
  // points.csv is being written (its temporary holds the first point).
  for (const int step : {0, 1}) {
    DYNAMIC_SECTION("step " << step) {
      const fs::path dir = tmp / std::string("killed").append(std::to_string(step));
      const auto k =
          run_shell("GRIDGOV_SWEEP_FAULT=kill-finalise:" + std::to_string(step) + " " + shell_quote(GRIDGOV_FAULTY_BINARY) +
                    " sweep " + shell_quote(yaml) + " --out " + shell_quote(dir.string()) + " --quiet");
      INFO(k.err);
      REQUIRE(k.exit_code != 0);
      CHECK_FALSE(fs::exists(dir / "points.csv"));
      bool temporary = false;
      for (const auto& n : file_names(dir)) temporary = temporary || n.find(".tmp.") != std::string::npos;
      CHECK(temporary == (step == 1));
      sweep_ok({"sweep", yaml, "--out", dir, "--resume", "--quiet"});
      require_same_sweep(tmp / "ref", dir.string());
      CHECK(file_names(dir) == ref_files);  // no temporary left behind
    }
  }
}

TEST_CASE("collect validates every shard row before merging: a damaged or torn row is refused with its file and line",
          "[system][sweep][resume]") {
  TempDir tmp("sweep_collect_rows");
  const std::string yaml = sweep_yaml("factorial.yaml");
  for (int i = 0; i < 3; ++i)
    sweep_ok({"sweep", yaml, "--shard", std::to_string(i) + "/3", "--out", tmp / std::string("s").append(std::to_string(i)),
              "--quiet"});
  const Csv runs = read_csv(tmp / "s1/runs.csv");
  const std::size_t metric = runs.col("issues_raised");
  auto refused = [&](const std::string& what) {
    const auto r = run_gridgov({"collect", "--out", tmp / "merged", tmp / "s0", tmp / "s1", tmp / "s2"});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(what) != std::string::npos);
    CHECK(r.err.find("range_check") == std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "merged"));
  };
  const std::string s1_runs = read_file(tmp / "s1/runs.csv");
  SECTION("a number that is not one") {
    edit_line(tmp / "s1/runs.csv", 3, [&](auto& c) { c[metric] = std::string("7x"); });
    refused((tmp / "s1/runs.csv") + ":3: damaged journal row: issues_raised '7x' is not a number");
  }
  SECTION("a row of another shard") {
    edit_line(tmp / "s1/runs.csv", 2, [](auto& c) { c[0] = std::string("2"); });
    refused((tmp / "s1/runs.csv") + ":2: damaged journal row: run 2 belongs to shard 2/3, not to this shard 1/3");
  }
  SECTION("a torn last line") {
    write_file(tmp / "s1/runs.csv", s1_runs.substr(0, s1_runs.size() - 5));
    refused((tmp / "s1/runs.csv") + ":5: damaged journal: the last line is incomplete");
  }
  SECTION("a daily row out of order") {
    edit_line(tmp / "s2/timeseries_runs.csv", 4, [](auto& c) { c[1] = std::string("9"); });
    refused((tmp / "s2/timeseries_runs.csv") + ":4: damaged journal row: run 2 has day 9 where day 2 was expected");
  }
}
